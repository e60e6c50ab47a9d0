// See pack.hpp.
#include "util/pack.hpp"

#include <charconv>
#include <climits>
#include <stdexcept>

namespace interlink::pack {

namespace {

[[noreturn]] void damaged() { throw std::runtime_error("damaged cache"); }

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

std::string Reader::str() { return std::string(view()); }

std::string_view Reader::view() {
  // The length's digits, read in one pass up to the ':' (at most 10 digits,
  // at least one). It was memchr, then std::from_chars over the same bytes:
  // ~95 instructions a value, 3.8 M of one `decide` on the 1m bench project
  // (callgrind) just checking the core's 10,000 stakeholder records.
  std::size_t n = 0, i = 0;
  const std::size_t limit = in_.size() < 11 ? in_.size() : 11;
  for (;; ++i) {
    if (i == limit) damaged();  // no ':' within 10 digits
    const char c = in_[i];
    if (c == ':') break;
    if (c < '0' || c > '9') damaged();
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (i == 0 || n > in_.size() - i - 1) damaged();
  const std::string_view value = in_.substr(i + 1, n);
  in_.remove_prefix(i + 1 + n);
  return value;
}

long long Reader::num() {
  const std::string_view s = view();
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

int Reader::int32() {
  const long long n = num();
  if (n < INT_MIN || n > INT_MAX) damaged();
  return static_cast<int>(n);
}

bool Reader::flag() {
  const long long n = num();
  if (n != 0 && n != 1) damaged();
  return n == 1;
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

}  // namespace interlink::pack
