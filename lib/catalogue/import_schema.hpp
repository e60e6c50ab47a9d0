// Importing a co-production schema of the INTERLINK platform: a folder with
// metadata.json and phases/*.json, where each phase holds objectives and each
// objective tasks, names come in several languages, and items name their
// prerequisites and the problem profiles they address.
//
// The result is a model::Project with the same phases, objectives and tasks:
// - ids: the platform's id without its "phase-"/"objective-"/"task-" prefix,
//   '_' as '-', slugified, at most 64 characters (cut at a word boundary),
//   made unique with "-2", "-3"…;
// - phases in the order of their prerequisites (the files are alphabetical),
//   ties and cycles kept in file order; objectives and tasks as in the file;
// - prerequisites as `requires` (phase, objective within its phase, task);
// - problem profiles as `problem_profiles` (objectives' profiles are not
//   carried: the plan has them per task);
// - names in the requested language, else English, else any;
// - descriptions left empty: the plan's words are for its authors to write.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/project.hpp"

namespace interlink::catalogue {

// Limits on what an import reads, so that a hostile folder cannot use
// unbounded memory or time.
inline constexpr std::size_t kMaxSchemaFileBytes = 8u << 20;
inline constexpr std::size_t kMaxSchemaPhaseFiles = 200;
inline constexpr int kMaxJsonDepth = 64;

struct ImportedSchema {
  model::Project project;             // id and title from metadata.json
  std::string schema_id;              // the platform's id of the schema ("default")
  std::vector<std::string> warnings;  // dropped prerequisites and the like
};

// True if folder holds metadata.json and a phases/ folder.
bool is_schema_folder(const std::filesystem::path& folder);

// Reads the schema folder. language: "en", "es", "it", "lv"… Throws
// Error(unreadable) with path:line:column for unreadable or malformed files.
ImportedSchema import_schema(const std::filesystem::path& folder, const std::string& language);

// The plan id for a platform id ("task-map_stakeholders" -> "map-stakeholders").
std::string import_id(std::string_view platform_id);

}  // namespace interlink::catalogue
