// A parsed YAML document: the tree the loaders read, built from libyaml's
// events.
//
// Why not yaml-cpp's YAML::Node (what the loaders read until session 20):
// callgrind of `validate` on a clean checkout of examples/pspm (no parse
// cache) counted 77 M instructions, 52 M of them in yaml-cpp's scanner
// (YAML::Load: ~1,600 instructions per byte of YAML) and most of the rest of
// the loaders' 13 M in its node lookups. libyaml, the C parser behind
// PyYAML and Debian's libyaml-dev, parses the same files in 6.6 M. The tree
// is ours because libyaml gives only events; it is as small as the loaders
// need: null, scalar, sequence, mapping, and where each node starts.
//
// What it keeps of yaml-cpp's reading, so that files read as they did
// (tests/unit/test_io_yaml_oracle.cpp compares both parsers on every YAML
// file the project ships and on mutations of them):
// - a plain scalar that is empty, "~", "null", "Null" or "NULL" is null;
//   a quoted one is text;
// - every scalar is kept as text; tags are ignored (the loaders convert);
// - a mapping keeps repeated keys in order, and a lookup finds the first
//   (MapReader::finish() reports the repetition);
// - an alias is the node its anchor names; that node is shared, not copied.
//   Unlike yaml-cpp, an alias may not name a collection that contains it
//   (a cycle), and an alias to no anchor is a syntax error;
// - a plain scalar with an explicit tag ("!!str null") is text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/error.hpp"

namespace interlink::io {

// One node. Documents own them; YamlNode is a handle to one.
struct YamlData {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  int line = 0, column = 0;  // 1-based start; 0 when unknown (an empty document)
  std::string scalar;        // scalars only
  // A sequence's items; a mapping's keys and values, alternating, in order.
  std::vector<const YamlData*> items;
  // A large mapping's scalar keys (the first of each) -> the position of
  // the key in items; empty for small ones, which are searched in order.
  std::unordered_map<std::string_view, std::size_t> index;
};

class YamlNode;

// A mapping's entry.
struct YamlEntry {
  YamlNode key() const;
  YamlNode value() const;
  const YamlData* const* at;
};

// The items of a sequence (kStride 1) or the entries of a mapping (2), as a
// range for `for`.
template <typename T, std::size_t kStride>
class YamlRange {
 public:
  class iterator {
   public:
    explicit iterator(const YamlData* const* p) : p_(p) {}
    T operator*() const;
    iterator& operator++() {
      p_ += kStride;
      return *this;
    }
    bool operator!=(const iterator& o) const { return p_ != o.p_; }

   private:
    const YamlData* const* p_;
  };
  YamlRange(const YamlData* const* b, const YamlData* const* e) : b_(b), e_(e) {}
  [[nodiscard]] iterator begin() const { return iterator(b_); }
  [[nodiscard]] iterator end() const { return iterator(e_); }

 private:
  const YamlData* const* b_;
  const YamlData* const* e_;
};

// A handle to a node of a YamlDoc, or "undefined" (a key that is not there),
// valid while its document lives. Cheap to copy.
class YamlNode {
 public:
  YamlNode() = default;
  explicit YamlNode(const YamlData* d) : d_(d) {}

  [[nodiscard]] bool defined() const { return d_ != nullptr; }
  [[nodiscard]] bool is_null() const { return d_ && d_->kind == YamlData::Kind::null; }
  [[nodiscard]] bool is_scalar() const { return d_ && d_->kind == YamlData::Kind::scalar; }
  [[nodiscard]] bool is_sequence() const { return d_ && d_->kind == YamlData::Kind::sequence; }
  [[nodiscard]] bool is_map() const { return d_ && d_->kind == YamlData::Kind::map; }
  // Defined and not null.
  [[nodiscard]] bool present() const { return d_ && d_->kind != YamlData::Kind::null; }

  // The text of a scalar; empty for any other node.
  [[nodiscard]] const std::string& scalar() const;
  // The value of the first entry whose key is the scalar `key`; undefined if
  // there is none or this is not a mapping.
  [[nodiscard]] YamlNode operator[](std::string_view key) const;
  // Items of a sequence, entries of a mapping; empty for other nodes.
  [[nodiscard]] YamlRange<YamlNode, 1> items() const;
  [[nodiscard]] YamlRange<YamlEntry, 2> entries() const;

  // Where the node starts: path:line:column, or just path when unknown.
  [[nodiscard]] SourcePos pos(const std::string& path) const;

 private:
  const YamlData* d_ = nullptr;
};

inline YamlNode YamlEntry::key() const { return YamlNode(at[0]); }
inline YamlNode YamlEntry::value() const { return YamlNode(at[1]); }

template <typename T, std::size_t kStride>
T YamlRange<T, kStride>::iterator::operator*() const {
  if constexpr (kStride == 1) {
    return T(*p_);
  } else {
    return T{p_};
  }
}

// Whether text starts with a UTF-8 byte order mark.
inline bool has_bom(std::string_view text) { return text.substr(0, 3) == "\xef\xbb\xbf"; }

// path:line:column (1-based) of byte offset i of a YAML text, as the parser
// counts them: line feeds break lines, a byte order mark is no column.
SourcePos text_pos(std::string_view text, std::size_t i, const std::string& path);

// A whole document. Move-only: its nodes keep their addresses.
class YamlDoc {
 public:
  YamlDoc() = default;
  YamlDoc(YamlDoc&&) = default;
  YamlDoc& operator=(YamlDoc&&) = default;
  YamlDoc(const YamlDoc&) = delete;
  YamlDoc& operator=(const YamlDoc&) = delete;

  // The root; a null node for an empty document.
  [[nodiscard]] YamlNode root() const { return YamlNode(root_); }

  // Parses the first document of text with libyaml. Throws Error(unreadable)
  // at path:line:column on a syntax error, an alias to no anchor or a cycle,
  // or nesting deeper than max_depth. Callers check size, encoding and the
  // number of documents first (io::parse_yaml).
  static YamlDoc parse(std::string_view text, const std::string& path, int max_depth);

 private:
  std::deque<YamlData> nodes_;  // a deque: adding a node moves no other
  const YamlData* root_ = nullptr;
};

}  // namespace interlink::io
