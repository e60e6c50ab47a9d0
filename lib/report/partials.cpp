// See partials.hpp.
#include "report/partials.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

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

std::vector<PartialTag> partial_tags(std::string_view text) { return engine::Template(text).partial_tags(); }

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
