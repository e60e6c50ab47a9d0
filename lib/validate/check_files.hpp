// Checks of the project folder itself rather than of its contents (SPEC §8):
// the private store's place and git's view of it, links and leftovers of
// interrupted writes. Kept apart from validate.cpp's rules on the plan.
#pragma once

#include "io/project_io.hpp"

namespace interlink::validate {

// Adds to w.findings:
// - private-store (error): .interlink or .interlink/private.db is a symbolic
//   link or not a plain folder/file, or, inside a git work tree, git does not
//   ignore the private store (it would be committed with names and emails);
// - leftover-temp-file (warning): a temporary file of a write that was killed
//   (it may hold a person's data; the next command that writes removes it);
// - orphaned-private-record (warning): the private store holds contact data of
//   a stakeholder with no file (deleted by hand); 'interlink forget ID' erases it.
// Reads only: never opens anything for writing.
void check_files(io::Workspace& w);

}  // namespace interlink::validate
