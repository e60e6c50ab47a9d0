// See pack.hpp.
#include "process/pack.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace interlink::process::pack {

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
