// The view of a report for the md and html templates: the model's figures
// as a tree of strings, numbers, booleans and lists, with every label in the
// chosen language and every date as that language writes it, plus the
// charts (inline SVG for html, a mermaid Gantt for md). Logic-less templates
// need nothing more: a list renders each of its items, a boolean or an empty
// list shows or hides a block.
#pragma once

#include <nlohmann/json.hpp>

#include "report/i18n.hpp"
#include "report/model.hpp"

namespace interlink::report {

nlohmann::json view(const Report& r, const I18n& t, bool html);

}  // namespace interlink::report
