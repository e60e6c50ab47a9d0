// Git plumbing for ledger.db (SPEC §5): a readable dump for `git diff`
// (textconv) and a three-way merge driver that takes the union of events.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace interlink::ledger {

// One readable line per event, in seq order:
// "<hash12> <time> <actor> <kind> <subject> <payload json>", with "-" for an
// empty subject. Reads the rows as stored, so a damaged ledger still dumps.
// Then one line per staged row (staged::dump_lines), so that a file change
// hidden in a committed ledger shows in `git diff`.
// Streams: out is called once per line (without the newline).
void dump(const std::filesystem::path& db, const std::function<void(const std::string& line)>& out);
// The same, as one string (small ledgers, tests).
std::string dump(const std::filesystem::path& db);

// Merges theirs into ours (the file git will keep): verifies both (and base if
// present and non-empty), at once, naming the first that fails in that
// order (base, ours, theirs); refuses ledgers of different projects
// (different root events); and appends to ours every event of theirs it
// lacks, parents before children (Ledger::merge_from). Returns the number of
// events added. Defined in merge.cpp.
long merge(const std::filesystem::path& base, const std::filesystem::path& ours, const std::filesystem::path& theirs);

// True if dir is inside a git work tree (and git is installed).
bool in_git_work_tree(const std::filesystem::path& dir);

// Whether git ignores rel (relative to dir) there: true or false inside a git
// work tree (a tracked file counts as not ignored), nullopt outside one or
// without git. Throws Error(internal) if git fails otherwise.
std::optional<bool> git_ignores(const std::filesystem::path& dir, const std::string& rel);

// Registers the diff textconv and merge driver in the git repository that
// contains dir (its local config), using the given interlink executable path:
//   diff.interlink-ledger.textconv = "<exe> ledger dump"
//   merge.interlink-ledger.name    = "interlink ledger: union of both sides' events"
//   merge.interlink-ledger.driver  = "<exe> ledger merge %O %A %B"
// The exe is quoted for the shell git runs drivers with. Refuses (exit 1) when
// dir is not in a git work tree; exit 4 when git fails.
void git_setup(const std::filesystem::path& dir, const std::string& exe);

// True when the git work tree holding dir routes ledger.db to interlink's
// merge driver (.gitattributes: merge=interlink-ledger) but no git
// configuration defines that driver: a clone where git_setup() was never
// run, whose next merge of ledger.db is a binary conflict (and keeping one
// side drops the other's events). Reads the files alone, never runs git:
// the writers that ask it must stay fast (issue 10). False whenever unsure
// (a .git file, GIT_DIR or GIT_CONFIG_* set, an include in a config file).
bool merge_driver_missing(const std::filesystem::path& dir);

// The path of the running interlink executable (/proc/self/exe), for git_setup.
std::string self_exe();

}  // namespace interlink::ledger
