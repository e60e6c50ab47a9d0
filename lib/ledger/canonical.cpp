// See canonical.hpp. A recursive-descent reader of the canonical subset of
// JSON; every rule below mirrors what nlohmann's parser accepts and what its
// dump() writes back (event.cpp states the canonical form).
#include "ledger/canonical.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace interlink::ledger {

namespace {

constexpr int kMaxDepth = 64;  // as check_numbers() in event.cpp

bool lower_hex(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
int hex_value(unsigned char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

class Reader {
 public:
  explicit Reader(std::string_view text)
      : p_(reinterpret_cast<const unsigned char*>(text.data())), end_(p_ + text.size()) {}

  // With `out`, the value is also built, as Json::parse would build it.
  bool payload(Json* out) { return object(0, out) && p_ == end_; }

 private:
  const unsigned char* p_;
  const unsigned char* end_;

  [[nodiscard]] bool at(unsigned char c) const { return p_ != end_ && *p_ == c; }
  [[nodiscard]] bool literal(const char* word) {
    const std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  // Every reader below builds into `out` when it is given (the value of a
  // key or an array item, null on entry), and only checks when it is not.
  bool value(int depth, Json* out) {
    if (depth > kMaxDepth || p_ == end_) return false;
    switch (*p_) {
      case '{':
        return object(depth, out);
      case '[':
        return array(depth, out);
      case '"': {
        if (!out) return string(nullptr, nullptr);
        std::string s;
        if (!string(&s, nullptr)) return false;
        *out = std::move(s);
        return true;
      }
      case 't':
        return literal("true") && (!out || (*out = true, true));
      case 'f':
        return literal("false") && (!out || (*out = false, true));
      case 'n':
        return literal("null");  // out is null already
      default:
        return integer(out);
    }
  }

  // Keys strictly increasing as std::string compares them (the order of the
  // std::map behind a nlohmann object): duplicates or disorder are not
  // canonical. A key is compared as its text unless it holds an escape; then
  // decoded, since "\n" (0x0a) sorts before "A" but its escape (0x5c) after.
  bool object(int depth, Json* out) {
    if (!at('{')) return false;
    ++p_;
    Json::object_t* members = nullptr;
    if (out) {
      *out = Json::object();
      members = out->get_ptr<Json::object_t*>();
    }
    if (at('}')) {
      ++p_;
      return true;
    }
    std::string previous_buf, key_buf;
    std::string_view previous;
    bool first = true;
    while (true) {
      const unsigned char* start = p_;
      bool escaped = false;
      if (!string(nullptr, &escaped)) return false;
      std::string_view key(reinterpret_cast<const char*>(start + 1), static_cast<std::size_t>(p_ - start - 2));
      if (escaped) {
        key_buf.clear();
        const unsigned char* end = p_;
        p_ = start;
        string(&key_buf, &escaped);  // read again, decoding
        p_ = end;
        key = key_buf;
      }
      if (!first && !(previous < key)) return false;
      first = false;
      if (escaped) {
        previous_buf.swap(key_buf);
        previous = previous_buf;
      } else {
        previous = key;
      }
      if (!at(':')) return false;
      ++p_;
      Json* slot = nullptr;
      if (members) {
        // Keys come sorted: each goes at the end of the map, without a
        // search. `previous` is the key now (`key` may view a swapped buffer).
        slot = &members->emplace_hint(members->end(), std::string(previous), Json())->second;
      }
      if (!value(depth + 1, slot)) return false;
      if (at(',')) {
        ++p_;
        continue;
      }
      if (!at('}')) return false;
      ++p_;
      return true;
    }
  }

  bool array(int depth, Json* out) {
    ++p_;  // '['
    Json::array_t* items = nullptr;
    if (out) {
      *out = Json::array();
      items = out->get_ptr<Json::array_t*>();
    }
    if (at(']')) {
      ++p_;
      return true;
    }
    while (true) {
      if (!value(depth + 1, items ? &items->emplace_back() : nullptr)) return false;
      if (at(',')) {
        ++p_;
        continue;
      }
      if (!at(']')) return false;
      ++p_;
      return true;
    }
  }

  // A string as dump() writes it; its decoded bytes go to `out` if given,
  // and `escaped` (if given) says whether it held an escape. Runs of bytes
  // between escapes are appended whole.
  bool string(std::string* out, bool* escaped) {
    if (!at('"')) return false;
    ++p_;
    const unsigned char* run = p_;
    auto flush = [&] {
      if (out && p_ != run) out->append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p_ - run));
    };
    while (p_ != end_) {
      const unsigned char c = *p_;
      if (c == '"') {
        flush();
        ++p_;
        return true;
      }
      if (c == '\\') {
        flush();
        if (escaped) *escaped = true;
        if (!escape(out)) return false;
        run = p_;
        continue;
      }
      if (c < 0x20) return false;  // a raw control character is not JSON
      if (c < 0x80) {
        ++p_;
        continue;
      }
      const int n = utf8_length(p_, end_);
      if (n == 0) return false;
      p_ += n;
    }
    return false;
  }

  // The escapes dump() writes: the short ones, and \u00xx (lowercase) for the
  // other control characters only. \/, \u0041 or \u00e9 parse, but dump()
  // writes those characters as they are: not canonical.
  bool escape(std::string* out) {
    if (end_ - p_ < 2) return false;
    char decoded = 0;
    switch (p_[1]) {
      case '"':
        decoded = '"';
        break;
      case '\\':
        decoded = '\\';
        break;
      case 'b':
        decoded = '\b';
        break;
      case 'f':
        decoded = '\f';
        break;
      case 'n':
        decoded = '\n';
        break;
      case 'r':
        decoded = '\r';
        break;
      case 't':
        decoded = '\t';
        break;
      case 'u': {
        if (end_ - p_ < 6 || p_[2] != '0' || p_[3] != '0' || (p_[4] != '0' && p_[4] != '1') || !lower_hex(p_[5]))
          return false;
        const int v = hex_value(p_[4]) * 16 + hex_value(p_[5]);
        if (v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t') return false;  // has a short form
        if (out) out->push_back(static_cast<char>(v));
        p_ += 6;
        return true;
      }
      default:
        return false;
    }
    if (out) out->push_back(decoded);
    p_ += 2;
    return true;
  }

  // The length of the well-formed UTF-8 sequence at p (Unicode Table 3-7:
  // no overlong forms, no surrogates, nothing past U+10FFFF), or 0.
  static int utf8_length(const unsigned char* p, const unsigned char* end) {
    const unsigned char c = *p;
    if (c < 0x80) return 1;
    auto cont = [&](int i, unsigned char lo = 0x80, unsigned char hi = 0xbf) {
      return end - p > i && p[i] >= lo && p[i] <= hi;
    };
    if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
    if (c == 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
    if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
    if (c == 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
    return 0;
  }

  // An integer that nlohmann keeps as an integer and writes back the same:
  // no "-0", no leading zero, no fraction or exponent (a float, which
  // payloads may not hold), within int64 when negative and uint64 otherwise
  // (beyond, nlohmann parses a float).
  bool integer(Json* out) {
    const bool negative = at('-');
    if (negative) ++p_;
    const unsigned char* first = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    const auto digits = static_cast<std::size_t>(p_ - first);
    if (digits == 0) return false;
    if (*first == '0' && (digits > 1 || negative)) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    const char* limit = negative ? "9223372036854775808" : "18446744073709551615";
    const std::size_t limit_digits = std::strlen(limit);
    if (digits > limit_digits || (digits == limit_digits && std::memcmp(first, limit, digits) > 0)) return false;
    if (out) {
      // As nlohmann keeps them: unsigned when not negative, else signed.
      // The digits fit (checked above), so the arithmetic cannot overflow.
      std::uint64_t v = 0;
      for (const unsigned char* d = first; d != p_; ++d) v = v * 10 + static_cast<std::uint64_t>(*d - '0');
      if (negative) {
        *out = static_cast<std::int64_t>(0 - v);  // two's complement: -9223372036854775808 included
      } else {
        *out = v;
      }
    }
    return true;
  }
};

}  // namespace

bool is_canonical_payload(std::string_view text) { return Reader(text).payload(nullptr); }

bool parse_canonical_payload(std::string_view text, Json& out) {
  Json built;
  if (!Reader(text).payload(&built)) return false;
  out = std::move(built);
  return true;
}

bool parse_canonical_parents(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  if (text == "[]") return true;
  constexpr std::size_t item = 66;  // "<64 hex>"
  if (text.size() < item + 2 || text.front() != '[' || text.back() != ']' || (text.size() - 1) % (item + 1) != 0) {
    return false;
  }
  for (std::size_t at = 1; at < text.size(); at += item + 1) {
    if (text[at] != '"' || text[at + item - 1] != '"' || (text[at + item] != ',' && text[at + item] != ']'))
      return false;
    if ((text[at + item] == ']') != (at + item == text.size() - 1)) return false;
    std::string_view h = text.substr(at + 1, 64);
    if (!is_hash(h)) return false;
    out.emplace_back(h);
  }
  return true;
}

}  // namespace interlink::ledger
