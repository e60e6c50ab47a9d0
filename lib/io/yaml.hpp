// Bounded YAML reading with positions.
//
// parse_yaml() guards the parser against hostile input before and while
// parsing: a size limit, well-formed UTF-8, no NUL bytes, a nesting-depth
// limit checked by a pre-scan (and again on the parser's events), a single
// document, and a node-visit budget that bounds alias expansion ("billion
// laughs": aliases share nodes, so the tree stays small, but a reader that
// walks it would visit each shared node once per alias). The tree is
// io::YamlDoc (yaml_doc.hpp), built from libyaml's events.
// MapReader reads one mapping against a schema, turning every problem into a
// finding at path:line:column with "did you mean" suggestions, so that a
// loader reports all problems of a file, not just the first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/yaml_doc.hpp"
#include "model/finding.hpp"
#include "model/source.hpp"

namespace interlink::io {

// Limits, documented in interlink-project(5).
inline constexpr std::size_t kMaxYamlBytes = 1u << 20;  // 1 MiB per file
inline constexpr int kMaxYamlDepth = 64;                // nested collections
inline constexpr long kMaxYamlNodeVisits = 200000;      // bounds alias expansion

// Parses a YAML document. Throws Error(unreadable) pointing at path:line:col
// for syntax errors and exceeded limits. An empty document's root is null.
YamlDoc parse_yaml(std::string_view text, const std::string& path);

// Where findings of one file are collected, with the visit budget.
struct Context {
  std::string path;  // as shown in findings (relative to the project root)
  model::Findings* findings = nullptr;
  long visits = 0;

  void error(const std::string& rule, const SourcePos& pos, const std::string& msg) const;
  void warning(const std::string& rule, const SourcePos& pos, const std::string& msg) const;
  // Counts a visited node; throws Error(unreadable) past kMaxYamlNodeVisits.
  void visit(const YamlNode& node);
};

// Reads the keys of one mapping. Each accessor records the key as known and
// its position, and adds a finding (never throws) when the value is missing,
// of the wrong type, out of range or not in a vocabulary; it then returns the
// default. finish() reports the keys that no accessor asked for.
class MapReader {
 public:
  // what: how the mapping is named in messages ("phase 'engage'").
  MapReader(const YamlNode& node, Context& ctx, std::string what);

  // Renames the mapping in later messages (once its id is known).
  void rename(std::string what) { what_ = std::move(what); }

  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] bool ok() const { return ok_; }  // false if node is not a mapping
  [[nodiscard]] bool has(const std::string& key) const;
  YamlNode node(const std::string& key);  // marks key as known

  std::string str(const std::string& key, bool required = false, const std::string& def = {});
  std::optional<long> integer(const std::string& key, long min, long max, bool required = false);
  std::optional<double> number(const std::string& key, double min, double max);
  bool boolean(const std::string& key, bool def = false);
  std::vector<std::string> str_list(const std::string& key);
  // A value from a closed vocabulary; suggests the nearest on a typo.
  std::string one_of(const std::string& key, const std::vector<std::string>& allowed, bool required = false,
                     const std::string& def = {});
  // A date YYYY-MM-DD (every scalar is read as text).
  std::string date(const std::string& key, bool required = false);
  // An id: [a-z0-9][a-z0-9-]*, at most 64 characters.
  std::string id(const std::string& key, bool required = true);

  // Reports unknown keys (warnings: errors with validate --strict), suggesting
  // the nearest known key.
  void finish();

  [[nodiscard]] const model::Positions& positions() const { return pos_; }
  [[nodiscard]] SourcePos at(const std::string& key) const { return pos_.at(key); }
  [[nodiscard]] Context& ctx() { return ctx_; }

 private:
  // The text of key's scalar value; nullptr (after a finding if it is of
  // another type, or missing and required) when there is none.
  const std::string* scalar(const std::string& key, bool required, const char* expected);

  YamlNode node_;
  Context& ctx_;
  std::string what_;
  bool ok_ = false;
  std::vector<std::string> known_;             // in the order asked, for "did you mean"
  std::unordered_set<std::string> known_set_;  // the same, for finish()
  model::Positions pos_;
};

}  // namespace interlink::io
