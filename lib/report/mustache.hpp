// Rendering a view through a mustache template of the report's templates
// (the engine: report/engine.hpp):
// every {{value}} escaped for the document (HTML or Markdown), every other
// .mustache file of the templates available as a partial by its name without
// the extension ({{> style.css}}), and an empty string false, as in most
// mustache engines, so that {{#x}}…{{/x}} hides a block when x is "".
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "report/i18n.hpp"
#include "report/templates.hpp"

namespace interlink::report {

// The words of a language as the templates see them: {{t.section_overview}}
// for the key "section.overview" (mustache reads dots as nesting).
nlohmann::json words_view(const I18n& words);

// Renders the view through the template `name` of t with report/engine.hpp.
// Every object in a list of the view gets "last" (true for the list's last
// item) first, for templates to separate items: {{^last}}; {{/last}}.
// Throws Error(refused) at path:line:column for a broken template.
std::string render_template(const Templates& t, const std::string& name, nlohmann::json view, bool html);

}  // namespace interlink::report
