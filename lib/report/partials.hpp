// The partials ({{> name}}) of a set of mustache templates, checked before
// anything is rendered. A partial is looked up by its name at render time
// (report/engine.hpp): a template that includes itself, directly or
// through others, recursed until the stack overflowed under kainjow (a
// crash, found with a user's --template folder), and a chain of partials
// each included twice grows the output exponentially. check_partials
// refuses both, at the tag; the engine's own depth limit is a last guard.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace interlink::report {

struct PartialTag {
  std::string name;        // trimmed, as looked up: "style.css" for {{> style.css}}
  std::size_t offset = 0;  // of the tag's opening delimiter in the text
};

// The partial tags of one template in the order they appear, read the way a
// mustache engine reads tags: {{=<% %>=}} changes the delimiters for the rest
// of the template, {{{x}}} and {{! comments}} are skipped. Stops at an
// unclosed tag (check_mustache reports those).
std::vector<PartialTag> partial_tags(std::string_view text);

// At most this many partials rendered from one template, counting each
// inclusion (a partial included twice by a partial included twice: four).
// Sections may repeat a partial once per item on top: that is the data's size.
constexpr std::size_t kMaxPartialExpansions = 10000;

// texts: every template by its partial name (file name without ".mustache"),
// shown: the path shown in errors for each. Throws Error(refused) at
// path:line:column on the tag that closes a cycle, or on a root whose
// partials expand more than kMaxPartialExpansions times.
void check_partials(const std::map<std::string, std::string_view>& texts,
                    const std::map<std::string, std::string>& shown);

}  // namespace interlink::report
