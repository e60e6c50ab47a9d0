// The mustache engine of the report's templates: a template parsed once
// into a tree, rendered straight from the report's JSON view into one
// string.
//
// Why not kainjow's engine, which this replaces for rendering: it needs the
// view converted into its own data tree first, walks its components through
// std::function and re-parses every partial at each inclusion. On
// examples/pspm that was 13 of `report --format html`'s 31 million
// instructions (callgrind, issue 10): kainjow's parse 3.9 M, its render
// 6.3 M, the conversion 3.0 M.
//
// What it renders is kainjow's, byte for byte: tests/unit/test_report_engine.cpp
// renders templates generated at random through both and compares, and
// error messages keep kainjow's words and byte offsets ("Unclosed tag at
// 17"; util/mustache_error.hpp makes them path:line:column). The parts of
// kainjow's behaviour a template sees:
//   - the view's values as kainjow's data: "" and null are false, a number
//     is its JSON text; {{x}} renders strings and numbers only;
//   - a name is looked up in each enclosing section's value, innermost
//     first; a dotted name (a.b) is resolved whole in each of them in turn;
//   - a line that held a section's tag ({{#x}}, {{^x}}, {{/x}}) and renders
//     only spaces and tabs is dropped with its newline; comments, partials
//     and a section left out do not make a line standalone;
//   - {{=<% %>=}} changes the delimiters for the rest of the template.
// Two differences, both on purpose:
//   - a partial ({{> name}}) is looked up among the templates only, never
//     among the view's values: kainjow would render a value named like the
//     partial (text from the project) as a template;
//   - sections nested deeper than kMaxNesting are an error, where kainjow's
//     recursion would overflow the stack.
// No lambdas: a view is data.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace interlink::report::engine {

inline constexpr std::size_t kMaxNesting = 200;

// A partial tag ({{> name}}) of a template, as the parser read it.
struct PartialTag {
  std::string name;        // trimmed, as looked up: "style.css" for {{> style.css}}
  std::size_t offset = 0;  // of the tag's opening delimiter in the text
};

class Template {
 public:
  // Parses text, which must outlive nothing: the tree holds copies. A
  // template that does not parse is not valid(); error() says why in
  // kainjow's words, ending in " at OFFSET".
  explicit Template(std::string_view text);
  ~Template();
  Template(Template&&) noexcept;
  Template& operator=(Template&&) noexcept;

  [[nodiscard]] bool valid() const { return error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  // Its partial tags in the order they appear; for a template that does not
  // parse, those read before the error (report/partials.hpp checks them).
  [[nodiscard]] const std::vector<PartialTag>& partial_tags() const { return partial_tags_; }

  struct Node;

 private:
  std::unique_ptr<Node> root_;
  std::string error_;
  std::vector<PartialTag> partial_tags_;
  friend class Renderer;
};

// How {{value}} is escaped (report/escape.hpp); {{{value}}} and {{&value}}
// are not.
using Escape = std::string (*)(std::string_view);
// The text of the partial of that name, or nullptr: nothing is rendered.
using Partials = std::function<const std::string*(const std::string& name)>;

// Renders view through t (which must be valid()). Throws Error(refused) for
// a partial that does not parse or partials nested past kMaxNesting (the
// templates' loader refuses both before: report/partials.hpp).
std::string render(const Template& t, const nlohmann::json& view, Escape escape, const Partials& partials);

}  // namespace interlink::report::engine
