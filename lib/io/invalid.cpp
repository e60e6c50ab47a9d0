// See invalid.hpp.
#include "io/invalid.hpp"

#include <set>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"

namespace interlink::io {

namespace {

bool in(const model::Finding& f, std::string_view file) {
  const std::string& p = f.pos.path;
  return p.size() >= file.size() && p.compare(0, file.size(), file) == 0 &&
         (p.size() == file.size() || p[file.size()] == '/');
}

bool is_error(const model::Finding& f) { return f.severity == model::Severity::error; }

}  // namespace

void require_no_errors(const model::Findings& findings, std::string_view file) {
  const model::Finding* first = nullptr;
  for (const auto& f : findings) {
    if (!is_error(f) || !in(f, file)) continue;
    if (!first ||
        std::tie(f.pos.path, f.pos.line, f.pos.column) < std::tie(first->pos.path, first->pos.line, first->pos.column))
      first = &f;
  }
  if (!first) return;
  // No count in the hint: these are the findings of reading the file, and
  // validate's checks across the plan (a `requires` naming no task) may
  // add to them; "1 error in all" beside validate's "2 errors" misled.
  throw Error(ExitStatus::unreadable, first->message,
              "the process does not move on a file with errors: 'interlink validate' lists every finding", first->pos);
}

std::string errors_warning(const model::Findings& findings) {
  int errors = 0;
  bool plan = false;
  std::set<std::string> files;  // stakeholder files with an error
  for (const auto& f : findings) {
    if (!is_error(f)) continue;
    if (in(f, kManifestPath)) {
      plan = true;
    } else if (in(f, kStakeholdersPath)) {
      files.insert(f.pos.path);
    } else {
      continue;
    }
    ++errors;
  }
  if (errors == 0) return {};
  std::vector<std::string> where;
  if (plan) where.emplace_back(kManifestPath);
  if (!files.empty())
    where.push_back(fmt::format("{} stakeholder file{} (not counted)", files.size(), files.size() == 1 ? "" : "s"));
  return fmt::format("{} error{} in {}; what is shown may be wrong (run 'interlink validate')", errors,
                     errors == 1 ? "" : "s", where.size() == 1 ? where[0] : where[0] + " and " + where[1]);
}

}  // namespace interlink::io
