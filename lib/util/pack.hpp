// A plain packed form for the caches under .interlink/cache (the state
// cache's items, process/pack.hpp; the parsed stakeholder files,
// io/parse_cache.hpp). Every field is its length in decimal, ':', then its
// bytes; numbers are written as text; a list is its count, then its
// elements. A large project holds a million of these fields: read as a
// msgpack DOM they cost gigabytes and seconds, read from this form one
// allocation per string.
//
// Unpacking never trusts its input (a cache is a file anyone could edit): a
// length past the end, a number that is not one, a count larger than the
// bytes left — each throws std::runtime_error ("damaged cache"), and the
// caller rebuilds from the source instead (the caller also refuses bytes
// left over: Reader::done).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace interlink::pack {

class Writer {
 public:
  void str(std::string_view s);
  void num(long long n);
  void strs(const std::vector<std::string>& list);
  void flag(bool b) { num(b ? 1 : 0); }
  [[nodiscard]] std::string& bytes() { return out_; }
  // Room for n more bytes: a writer of hundreds of megabytes (the items of
  // a large ledger) that grows by doubling copies its buffer ~20 times and
  // touches twice the pages. Reserving more than is written costs address
  // space only (large blocks are mapped, util/heap.hpp).
  void reserve(std::size_t n) { out_.reserve(out_.size() + n); }
  // At most how many bytes str() of a value of n bytes appends.
  static constexpr std::size_t str_bound(std::size_t n) { return n + 21; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  [[nodiscard]] bool done() const { return in_.empty(); }
  [[nodiscard]] std::size_t left() const { return in_.size(); }
  std::string str();
  // A field in place: valid while the bytes read are.
  std::string_view view();
  // The bytes not read yet; skip(n) passes n of them (n <= left()).
  [[nodiscard]] std::string_view rest() const { return in_; }
  void skip(std::size_t n) { in_.remove_prefix(n); }
  long long num();
  int small();  // a number in [0, 1e9]
  int int32();  // any number an int holds (a field the parse or a replay kept as is)
  bool flag();  // 0 or 1
  std::vector<std::string> strs();
  // A count of elements to follow, no larger than the bytes left (each
  // element takes at least 2). Callers append element by element, never
  // reserve a count they read.
  std::size_t count();

 private:
  std::string_view in_;
};

}  // namespace interlink::pack
