// Escaping of project text for the report's documents. Every value from the
// project goes through one of these before it reaches a template's output,
// so that no name, description or feedback can become markup, script, a link
// or a reordering of the text around it. Both functions also make invisible
// controls visible: a C0/C1 control or a bidirectional formatting character
// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) becomes "[U+XXXX]",
// so that text shows as written ("Trojan Source" cannot hide in a report)
// and invalid UTF-8 becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace interlink::report {

// For HTML and SVG text and double- or single-quoted attribute values.
std::string escape_html(std::string_view s);

// For Markdown (GitHub, GitLab): punctuation that could start markup is
// backslash-escaped, '&' and '<' become entities, line breaks a space (a
// value stays in its table cell).
std::string escape_md(std::string_view s);

// For a label inside a mermaid diagram: only letters, digits, spaces and
// . , - ( ) / kept; anything mermaid could read as syntax becomes a space.
std::string mermaid_label(std::string_view s);

}  // namespace interlink::report
