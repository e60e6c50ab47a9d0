// The markers git leaves in a file it could not merge (<<<<<<< and >>>>>>>
// at the start of a line): the usual way a team breaks its plan or a
// stakeholder file, which are edited by hand and merged by git (SPEC §2).
// The YAML reader names them, at their line, instead of the parser's
// complaint about the line after (io/yaml_doc.cpp).
#pragma once

#include <string_view>

namespace interlink::io {

// The 1-based line of the first conflict marker in text, or 0 if none.
int conflict_marker_line(std::string_view text);

}  // namespace interlink::io
