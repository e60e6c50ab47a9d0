// Loading the plan (interlink.yaml) and the stakeholders (stakeholders/*.yaml)
// into the model, with every problem as a finding at path:line:column.
//
// A file that cannot be parsed at all (syntax, encoding, limits) throws
// Error(unreadable) from the single-file loaders; load_workspace() instead
// records it as a finding (rule "unreadable") and marks the workspace
// unreadable, so that validate can still report everything else.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "model/project.hpp"
#include "model/stakeholder.hpp"

namespace interlink::io {

inline constexpr int kProjectFormat = 1;  // the `interlink:` version this build reads and writes

// Whether the plan and the stakeholder files are read through the parse
// caches of .interlink/cache (io/parse_cache.hpp), as the state cache is
// (process/load.hpp): the commands that show the project read and refresh
// them (use); writes, checks (--check, --dry-run), validate and report read
// them but write nothing (read_only); bypass parses every file. A cache entry
// is trusted because it is sealed with the user's own key
// (io/cache_seal.hpp) and keyed on the file's exact bytes.
enum class ParseCache { use, read_only, bypass };

// Parses interlink.yaml. Throws Error(unreadable) for syntax errors, limits,
// a missing or unsupported `interlink:` version; schema problems are findings.
model::Project load_manifest(std::string_view text, const std::string& path, model::Findings& findings);

// Reads and parses root/interlink.yaml. Every command that changes a project
// calls it first, so that none writes into a project whose plan it cannot
// read (a broken file, a newer format): Error(unreadable), exit 3. A plan
// that cannot be parsed is never cached: it throws each time.
model::Project read_manifest(const std::filesystem::path& root, model::Findings& findings,
                             ParseCache cache = ParseCache::bypass);

// Parses one stakeholders/<id>.yaml. Throws Error(unreadable) for syntax errors.
model::Stakeholder load_stakeholder(std::string_view text, const std::string& path, model::Findings& findings);

// A stakeholder file with an error finding (a schema error, an `id` that is
// not its file's name) or that could not be parsed at all. Such a file is
// kept out of Workspace::stakeholders, so that no total, sector sum, gate or
// number of eligible voters counts it: an empty file, one without `id`, or
// with a mistyped sector would otherwise count as a stakeholder (SPEC §3:
// a malformed file is not read as if it were whole). validate still checks
// it, and knows that its file exists.
struct InvalidStakeholder {
  std::string id;             // from the file name: stakeholders/<id>.yaml
  std::string path;           // relative to the root
  model::Stakeholder parsed;  // what could be read of it; empty when unreadable
};

struct Workspace {
  std::filesystem::path root;
  model::Project project;
  std::vector<model::Stakeholder> stakeholders;  // the files without an error, sorted by id
  std::vector<InvalidStakeholder> invalid;       // the files with one, sorted by their names' ids
  model::Findings findings;                      // schema findings of all files
  bool unreadable = false;                       // some file could not be parsed at all

  // A stakeholder whose file has no error.
  [[nodiscard]] const model::Stakeholder* find_stakeholder(const std::string& id) const;
  // Whether stakeholders/<id>.yaml was found, with or without errors.
  [[nodiscard]] bool has_file(const std::string& id) const;
  // The ids of every stakeholder file, with or without errors (the file
  // name gives the id of one with errors), sorted.
  [[nodiscard]] std::vector<std::string> file_ids() const;
};

// Loads interlink.yaml and every stakeholders/*.yaml under root. Throws
// Error(unreadable) only when interlink.yaml itself cannot be read.
// Paths in findings are relative to root.
Workspace load_workspace(const std::filesystem::path& root, ParseCache cache = ParseCache::bypass);

// Loads every stakeholders/*.yaml under w.root into w.stakeholders (sorted by
// id), adding their findings to w.findings: the second half of
// load_workspace(), for callers that already hold the plan.
void load_stakeholders(Workspace& w, ParseCache cache = ParseCache::bypass);

// Loads only the files of these ids (stakeholders/<id>.yaml, those that
// exist) into w, each read and judged as load_stakeholders() does, without
// the parse cache: for a command that shows one item, where reading every
// file (or the cache of 10,000) cost 0.2 s on a large project (issue 10).
// An id that is not a slug has no file.
void load_stakeholders_named(Workspace& w, const std::vector<std::string>& ids);

// Path of a stakeholder's file relative to the project root.
std::string stakeholder_path(const std::string& id);

// Adds the file-name finding (an error) when s, read from
// stakeholders/<file_name>, has an id other than the file's name: two
// files could otherwise hold one stakeholder, and the id the ledger names
// would not find its file.
void check_file_name(const model::Stakeholder& s, const std::string& file_name, model::Findings& findings);
// The ledger of the project at root.
inline std::filesystem::path ledger_path(const std::filesystem::path& root) { return root / "ledger.db"; }

}  // namespace interlink::io
