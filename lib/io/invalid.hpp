// What interlink does with a plan or a stakeholder file that has an error
// finding (a value of the wrong type, out of range, misspelled; a missing
// key; a stakeholder's `id` that is not its file's name). The loaders keep
// going past such a value, so that validate can report every finding, and
// leave it out of the model: a gate's `min: six` is read as no minimum at
// all. Acting on that model would let the process move where the plan never
// allowed it (SPEC §3: a malformed file is exit 3, "the project cannot be
// read"), so:
//
// - the commands that move the process on the strength of the plan and the
//   stakeholders (run-phase, task, decide; feedback add for the file of the
//   stakeholder it names) refuse with require_no_errors(), before anything
//   is written; --force overrides unmet gates, never a broken file;
// - the commands that show the project keep working and print
//   errors_warning() once, to stderr; a stakeholder file with an error is
//   never counted (io::Workspace::invalid).
//
// Only the files a command reads anyway are checked: the findings come
// with the parse (and from the parse caches with it), so a check costs no
// second read, and a command that never reads the stakeholders (task) does
// not start reading 10,000 files for it.
#pragma once

#include <string>
#include <string_view>

#include "model/finding.hpp"

namespace interlink::io {

inline constexpr std::string_view kManifestPath = "interlink.yaml";
inline constexpr std::string_view kStakeholdersPath = "stakeholders";  // the folder: every file in it

// Returns when no error finding is in `file` (a file, or a folder and what
// it holds); otherwise throws Error(unreadable) at the first one, in the
// order validate lists them (path, line, column), with a hint saying how
// many there are and to run validate.
void require_no_errors(const model::Findings& findings, std::string_view file);

// One line for the commands that show the project, when the findings of the
// files they read hold errors, e.g. "2 errors in interlink.yaml and 1
// stakeholder file (not counted); what is shown may be wrong (run
// 'interlink validate')"; "" when they hold none.
std::string errors_warning(const model::Findings& findings);

}  // namespace interlink::io
