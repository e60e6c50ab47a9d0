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
  std::size_t colon = in_.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 10) damaged();
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(in_.data(), in_.data() + colon, n);
  if (ec != std::errc() || end != in_.data() + colon) damaged();
  if (n > in_.size() - colon - 1) damaged();
  const std::string_view value = in_.substr(colon + 1, n);
  in_.remove_prefix(colon + 1 + n);
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
