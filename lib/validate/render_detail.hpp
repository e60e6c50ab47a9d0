// Helpers shared by the renderers of render*.cpp; not part of the library's
// interface. Findings echo values from hand-edited files (keys, ids, file
// names), so every renderer must cope with any bytes: invalid UTF-8,
// newlines, terminal escape sequences, XML-forbidden characters.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "util/text.hpp"
#include "validate/validate.hpp"

namespace interlink::validate::detail {

struct Counts {
  int errors = 0;
  int warnings = 0;
};
// Counted here rather than by Report::errors(), so that a renderer depends on
// nothing but the findings it is given.
Counts count(const Report& report);
inline bool valid(const Report& report, const Counts& c) { return c.errors == 0 && !report.unreadable; }

// UTF-8 helpers, shared with the ledger's readable lines (util/text.hpp).
using text::append_utf8;
using text::for_each_code_point;
using text::printable;

// "1 error", "2 errors".
std::string plural(int n, std::string_view one, std::string_view many);

std::string render_text(const Report& report, const std::string& root_label, bool color);
std::string render_json(const Report& report);
std::string render_junit(const Report& report, const std::string& root_label);
std::string render_sarif(const Report& report);
std::string render_github(const Report& report);

}  // namespace interlink::validate::detail
