// See partials.hpp.
#include "report/partials.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

// White space as kainjow's trim() sees it: std::isspace in the C locale
// (space, \t, \n, \v, \f, \r). A tag is read as the engine (report/engine.hpp,
// after kainjow) reads it, or a
// partial tag it sees ("{{\n> part}}") would escape the checks below.
constexpr std::string_view kSpace = " \t\n\v\f\r";

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

[[noreturn]] void refuse_at(std::string_view text, std::size_t offset, const std::string& shown,
                            const std::string& message) {
  SourcePos pos{shown};
  auto [line, column] = text::line_column(text, offset);
  pos.line = line;
  pos.column = column;
  throw Error(ExitStatus::refused, "template error: " + message,
              "fix the template, or start again from 'interlink report --dump-template DIR'", pos);
}

}  // namespace

std::vector<PartialTag> partial_tags(std::string_view text) {
  std::vector<PartialTag> out;
  std::string open = "{{", close = "}}";
  std::size_t at = 0;
  for (;;) {
    std::size_t start = text.find(open, at);
    if (start == std::string_view::npos) break;
    std::size_t inner = start + open.size();
    std::string_view end_mark = close;
    // {{{unescaped}}}: only with the default delimiters, and not for a "{{"
    // that ends the text (kainjow's parser, as is). Never a partial.
    const bool unescaped = open == "{{" && close == "}}" && start != text.size() - 2 && text[inner] == '{';
    if (unescaped) {
      end_mark = "}}}";
      ++inner;
    }
    std::size_t stop = text.find(end_mark, inner);
    if (stop == std::string_view::npos) break;
    std::string_view tag = trim(text.substr(inner, stop - inner));
    at = stop + end_mark.size();
    if (tag.size() >= 2 && tag.front() == '=' && tag.back() == '=') {
      // {{=<% %>=}}: the two new delimiters, separated by white space.
      std::string_view spec = trim(tag.substr(1, tag.size() - 2));
      auto gap = spec.find_first_of(kSpace);
      if (gap == std::string_view::npos) break;  // invalid: check_mustache reports it
      open = std::string(spec.substr(0, gap));
      close = std::string(trim(spec.substr(gap)));
      if (open.empty() || close.empty()) break;
      continue;
    }
    if (!unescaped && !tag.empty() && tag.front() == '>') out.push_back({std::string(trim(tag.substr(1))), start});
  }
  return out;
}

void check_partials(const std::map<std::string, std::string_view>& texts,
                    const std::map<std::string, std::string>& shown) {
  std::map<std::string, std::vector<PartialTag>> tags;
  for (const auto& [name, text] : texts) tags[name] = partial_tags(text);
  // Depth-first, colouring each template: 1 while its partials are being
  // followed (a tag reaching a 1 closes a cycle), 2 once done, with the
  // number of partials it renders (saturated past the limit).
  std::map<std::string, int> colour;
  std::map<std::string, std::size_t> expansions;
  std::vector<std::string> path;
  std::function<std::size_t(const std::string&)> visit = [&](const std::string& name) -> std::size_t {
    if (colour[name] == 2) return expansions[name];
    colour[name] = 1;
    path.push_back(name);
    std::size_t total = 0;
    for (const auto& tag : tags[name]) {
      if (!texts.count(tag.name)) continue;  // no such partial: renders as nothing
      if (colour[tag.name] == 1) {
        auto from = std::find(path.begin(), path.end(), tag.name);
        std::string cycle;
        for (auto it = from; it != path.end(); ++it) cycle += *it + " > ";
        refuse_at(
            texts.at(name), tag.offset, shown.at(name),
            fmt::format("the partial '{}' includes itself ({}{}): it would never end", tag.name, cycle, tag.name));
      }
      total = std::min(kMaxPartialExpansions + 1, total + 1 + visit(tag.name));
      if (total > kMaxPartialExpansions) {
        refuse_at(texts.at(name), tag.offset, shown.at(name),
                  fmt::format("'{}' renders more than {} partials: each inclusion of a partial that includes "
                              "others multiplies them",
                              name, kMaxPartialExpansions));
      }
    }
    path.pop_back();
    colour[name] = 2;
    expansions[name] = total;
    return total;
  };
  for (const auto& [name, text] : texts) visit(name);
}

}  // namespace interlink::report
