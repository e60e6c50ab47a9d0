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

#include "report/engine.hpp"

namespace interlink::report {

using PartialTag = engine::PartialTag;

// The partial tags of one template in the order they appear, as the engine
// that renders it reads them (one parser for both: a tag read one way here
// and another there would let a cycle escape the check): {{=<% %>=}}
// changes the delimiters for the rest of the template, {{{x}}} and
// {{! comments}} are skipped. Stops at a tag that does not parse
// (check_mustache reports it).
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
