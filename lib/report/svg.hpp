// The report's charts, drawn as inline SVG by our own code: no script, no
// external file, every project value escaped. Each chart carries a <title>
// and a <desc> (role="img", aria-labelledby) and the templates put its
// numbers in a table beside it, for screen readers and for copying.
// Coordinates are integers so that the bytes never depend on the locale.
#pragma once

#include <string>

#include "report/i18n.hpp"
#include "report/model.hpp"

namespace interlink::report::svg {

// Planned against actual dates per phase, task due dates, a line at today.
std::string gantt(const Report& r, const I18n& t);
// Share of tasks done per phase.
std::string progress(const Report& r, const I18n& t);
// Mendelow's power/interest grid: organizations and groups labelled, persons
// unlabelled dots unless the report is made with names.
std::string grid(const Report& r, const I18n& t);
// Stakeholders per sector against the representation targets.
std::string representation(const Report& r, const I18n& t);
// Feedback per sector and phase, as a table of shaded cells.
std::string feedback(const Report& r, const I18n& t);

// The Gantt as a mermaid block's body for Markdown (GitHub and GitLab draw it).
std::string mermaid_gantt(const Report& r, const I18n& t);

}  // namespace interlink::report::svg
