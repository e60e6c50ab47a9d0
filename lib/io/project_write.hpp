// Writing the plan (model::Project) as interlink.yaml: deterministic (stable
// key order, the same project gives the same bytes), readable (block style,
// flow lists only for lists of ids, blank lines between phases), quoted only
// where YAML needs it, with a trailing newline. What it writes reads back
// through io::load_manifest into an equal project.
#pragma once

#include <string>
#include <string_view>

#include "model/project.hpp"

namespace interlink::io {

// Scalars are quoted by io::yaml_scalar (io/stakeholder_write.hpp), the one
// quoting rule of every file interlink writes.

struct WriteOptions {
  // Comment lines written before the first key ("# " is added to each line).
  std::string header;
};

// The text of interlink.yaml for project. Empty optional values are left out.
std::string write_project(const model::Project& project, const WriteOptions& options = {});

}  // namespace interlink::io
