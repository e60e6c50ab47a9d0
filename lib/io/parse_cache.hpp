// The parsed plan and stakeholder files, remembered:
// .interlink/cache/plan.pack and .interlink/cache/stakeholders.pack.
//
// Why: a project of 10,000 stakeholders spent 0.5 s of CPU in yaml-cpp on
// every command that lists them (`stakeholders`, `status`, `tasks`), and on
// examples/pspm yaml-cpp was two thirds of a read command's instructions:
// interlink.yaml 37 M, the 38 stakeholder files 28 M, of `status`'s 78.9 M
// (callgrind, issue 10). A file's parse depends only on its bytes and on the
// code that parses them, so each entry is keyed on the file's path, the
// SHA-256 of its bytes and the running binary's build ID (util/build_id.hpp):
// a file edited, renamed or replaced by git is parsed again; an unchanged one
// is read back from the cache — its stakeholder and the findings its parse
// gave, positions included — without parsing.
//
// Since session 20 the parser is libyaml (io/yaml_doc.hpp), which parses
// pspm's files in an eighth of yaml-cpp's instructions: a miss costs less,
// and the cache still saves the parse and the loaders' reading of the tree.
//
// The cache is read like any file under .interlink/cache (io/cache_files.hpp)
// and never trusted: any damage (util/pack.hpp) makes it a miss for every
// file. It is written only into a project that has .interlink/ already (the
// state cache, the private store), so that a bare checkout, `--check` or
// `--dry-run` is not given a folder. Every cache file is sealed with the
// user's own key (io/cache_seal.hpp), so an entry that verifies was written
// by this user's interlink from those very bytes: `validate` and `report`
// read it too (they write none); a crafted .interlink/cache/ in a project
// handed over is a miss, and its files are parsed.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "model/finding.hpp"
#include "model/project.hpp"
#include "model/stakeholder.hpp"

namespace interlink::io {

// The plan parsed from bytes whose SHA-256 is sha256, and the findings of
// that parse (appended to `findings`), if plan.pack holds them.
std::optional<model::Project> cached_plan(const std::filesystem::path& root, const std::string& sha256,
                                          model::Findings& findings);
// Stores a parse of the plan (best-effort).
void remember_plan(const std::filesystem::path& root, const std::string& sha256, const model::Project& plan,
                   const model::Findings& findings);

// Removes stakeholders.pack and any temporary file of it a killed command
// left: what `forget` calls, since the cache holds the bands and tags that
// forget strips from a person's file. Nothing to do where the cache folder
// is missing or is a link (no cache is ever written through one); throws
// Error(os) if a file cannot be removed.
void forget_parsed_stakeholders(const std::filesystem::path& root);

class StakeholderParseCache {
 public:
  // Reads root's cache; an absent, foreign or damaged one is empty.
  explicit StakeholderParseCache(std::filesystem::path root);

  // The parse of the file at rel whose bytes have this SHA-256, if cached:
  // its stakeholder, and the findings of its parse appended to `findings`.
  // Every file found or stored is kept by save(); the others (files
  // deleted) are dropped.
  bool get(const std::string& rel, const std::string& sha256, model::Stakeholder& s, model::Findings& findings);
  void put(const std::string& rel, const std::string& sha256, const model::Stakeholder& s, model::Findings findings);

  // Writes the cache when it changed (best-effort: a read-only checkout
  // parses each time).
  void save();

 private:
  struct Entry {
    std::string sha256;
    model::Stakeholder stakeholder;
    model::Findings findings;
    bool used = false;
  };
  std::filesystem::path root_;
  std::map<std::string, Entry> entries_;  // by the file's path relative to root
  bool changed_ = false;
};

}  // namespace interlink::io
