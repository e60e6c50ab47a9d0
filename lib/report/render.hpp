// The report's renderers: each turns one report::Report into bytes and does
// nothing else (no reading, no clock, no locale), so that the same model gives
// the same bytes anywhere. md and html fill mustache templates (Templates),
// json and csv are for machines and are fixed formats.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report/model.hpp"

namespace interlink::report {

class Templates;

enum class Format { md, html, json, csv };
const std::vector<std::string>& format_names();
Format parse_format(const std::string& name);  // throws Error(usage)

// json: every figure of the report, with format_version (schemas/report.schema.json).
std::string render_json(const Report& r);

// csv: one RFC 4180 table (CRLF line ends, a header row) of one section.
std::string render_csv(const Report& r, Section s);

// md and html: through the templates, in the language lang (a key of the
// templates' i18n). Throw Error(refused) at path:line:column for a broken template.
std::string render_md(const Report& r, const Templates& t, const std::string& lang);
std::string render_html(const Report& r, const Templates& t, const std::string& lang);

}  // namespace interlink::report
