// Renderers of a validation report: text (like a compiler), json, junit,
// sarif (2.1.0), github (workflow commands).
#pragma once

#include <string>
#include <vector>

#include "validate/validate.hpp"

namespace interlink::validate {

enum class Format { text, json, junit, sarif, github };

const std::vector<std::string>& format_names();
Format parse_format(const std::string& name);  // throws Error(usage)

// root_label: how the project is named in output (e.g. its id).
std::string render(const Report& report, Format format, const std::string& root_label, bool color = false);

}  // namespace interlink::validate
