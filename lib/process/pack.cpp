// See pack.hpp.
#include "process/pack.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace interlink::process::pack {

namespace {

[[noreturn]] void damaged() { throw std::runtime_error("damaged state cache"); }

}  // namespace

void Writer::str(std::string_view s) {
  out_ += std::to_string(s.size());
  out_ += ':';
  out_ += s;
}

void Writer::num(long long n) { str(std::to_string(n)); }

void Writer::strs(const std::vector<std::string>& list) {
  num(static_cast<long long>(list.size()));
  for (const auto& s : list) str(s);
}

std::string Reader::str() {
  std::size_t colon = in_.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 10) damaged();
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(in_.data(), in_.data() + colon, n);
  if (ec != std::errc() || end != in_.data() + colon) damaged();
  if (n > in_.size() - colon - 1) damaged();
  std::string value(in_.substr(colon + 1, n));
  in_.remove_prefix(colon + 1 + n);
  return value;
}

long long Reader::num() {
  const std::string s = str();
  long long n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) damaged();
  return n;
}

int Reader::small() {
  long long n = num();
  if (n < 0 || n > 1'000'000'000) damaged();
  return static_cast<int>(n);
}

std::size_t Reader::count() {
  long long n = num();
  if (n < 0 || static_cast<unsigned long long>(n) > in_.size() / 2) damaged();
  return static_cast<std::size_t>(n);
}

std::vector<std::string> Reader::strs() {
  std::vector<std::string> out;
  for (std::size_t i = count(); i > 0; --i) out.push_back(str());
  return out;
}

void put(Writer& w, const std::map<std::string, StakeholderRecord>& records) {
  w.num(static_cast<long long>(records.size()));
  for (const auto& [id, r] : records) {
    w.str(id);
    w.str(r.status);
    w.str(r.consent);
    w.str(r.joined);
  }
}

void get(Reader& r, std::map<std::string, StakeholderRecord>& records) {
  records.clear();
  for (std::size_t i = r.count(); i > 0; --i) {
    StakeholderRecord s;
    s.id = r.str();
    s.status = r.str();
    s.consent = r.str();
    s.joined = r.str();
    std::string key = s.id;
    records.emplace_hint(records.end(), std::move(key), std::move(s));
  }
}

// The ids of items are derived (assign_ids), never packed.
void put(Writer& w, const std::vector<Feedback>& items) {
  w.num(static_cast<long long>(items.size()));
  for (const auto& f : items) {
    for (const std::string* s : {&f.hash, &f.time, &f.actor, &f.from, &f.phase}) w.str(*s);
    w.num(f.iteration);
    w.str(f.type);
    w.str(f.text);
    w.strs(f.tags);
  }
}

// Items are appended one by one, never resized to a count read: memory grows
// with the bytes actually parsed. The reservation is bounded by the bytes
// left (a real item takes well over 128: its hash alone is 64).
void get(Reader& r, std::vector<Feedback>& items) {
  items.clear();
  std::size_t n = r.count();
  items.reserve(std::min(n, r.left() / 128));
  for (std::size_t i = n; i > 0; --i) {
    Feedback& f = items.emplace_back();
    for (std::string* s : {&f.hash, &f.time, &f.actor, &f.from, &f.phase}) *s = r.str();
    f.iteration = r.small();
    f.type = r.str();
    f.text = r.str();
    f.tags = r.strs();
  }
}

void put(Writer& w, const std::vector<Decision>& items) {
  w.num(static_cast<long long>(items.size()));
  for (const auto& d : items) {
    for (const std::string* s : {&d.hash, &d.time, &d.actor, &d.title, &d.phase}) w.str(*s);
    for (int n : {d.iteration, d.votes_for, d.votes_against, d.votes_abstain, d.eligible, d.needed}) w.num(n);
    for (const std::string* s : {&d.rule, &d.threshold, &d.quorum, &d.outcome}) w.str(*s);
    w.strs(d.addresses);
    w.str(d.review);
    w.str(d.note);
  }
}

void get(Reader& r, std::vector<Decision>& items) {
  items.clear();
  std::size_t n = r.count();
  items.reserve(std::min(n, r.left() / 128));
  for (std::size_t i = n; i > 0; --i) {
    Decision& d = items.emplace_back();
    for (std::string* s : {&d.hash, &d.time, &d.actor, &d.title, &d.phase}) *s = r.str();
    for (int* v : {&d.iteration, &d.votes_for, &d.votes_against, &d.votes_abstain, &d.eligible, &d.needed})
      *v = r.small();
    for (std::string* s : {&d.rule, &d.threshold, &d.quorum, &d.outcome}) *s = r.str();
    d.addresses = r.strs();
    d.review = r.str();
    d.note = r.str();
  }
}

}  // namespace interlink::process::pack
