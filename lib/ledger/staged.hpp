// Internal to lib/ledger: the `staged` table, where a change's file writes
// wait between the ledger's COMMIT and the files landing on disk (see
// Ledger::commit). A ledger.db comes from git like any other file, so its
// staged rows are input from whoever committed it, and are trusted only as far
// as these rules go:
//
// - a row names one of the files interlink itself writes through the stage
//   (is_project_file: interlink.yaml, stakeholders/<id>.yaml), never .git/,
//   .gitignore or a path through a symbolic link (the writer opens every folder
//   with O_NOFOLLOW, util/beneath.hpp);
// - a row is bound to the event whose change wrote it (the hash of the
//   change's last event, which the ledger must hold) and to its content (its
//   SHA-256, or "removed" for a deletion);
// - rows are applied only by commands that write, never by checks (validate,
//   verify, --dry-run, read commands); `verify` and `validate` report a row that
//   breaks a rule, and `ledger dump` shows every row, so a review sees them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "ledger/ledger.hpp"

namespace interlink::ledger::staged {

// The table, as create_schema() makes it. kLegacyTable is the first format's
// (rows bound to nothing); a writer replaces it while it is empty.
inline constexpr const char* kTable =
    "CREATE TABLE staged(path TEXT PRIMARY KEY, content BLOB, event TEXT NOT NULL DEFAULT '', "
    "sha256 TEXT NOT NULL DEFAULT '')";
inline constexpr const char* kLegacyTable = "CREATE TABLE staged(path TEXT PRIMARY KEY, content BLOB)";

// A row as stored.
struct Row {
  std::string path;
  std::optional<std::string> content;  // nullopt: the change removes the file
  std::string event;                   // hash of the event the change recorded
  std::string sha256;                  // of content, or "removed"
};

// True for the files interlink writes through the stage: "interlink.yaml" and
// "stakeholders/<slug>.yaml". Add here any file a later command writes.
bool is_project_file(std::string_view path);

// The hash a row records for its content.
std::string content_hash(const std::optional<std::string>& content);

// True if the database has the first format's unbound table.
bool is_legacy(SQLite::Database& db);
// Replaces an empty legacy table by the current one; the caller holds the write lock.
void upgrade(SQLite::Database& db);

std::vector<Row> read(SQLite::Database& db);
// Inserts the files of a change, bound to event; refuses (internal error) a
// path that is not a project file.
void stage(SQLite::Database& db, const std::vector<FileChange>& files, const std::string& event);

// Refuses (exit 4, "cannot write stakeholders/: Permission denied; nothing
// was changed") a change whose files go into a folder this user cannot write
// (fs::require_writable_beneath), before it is committed: a change recorded
// whose files cannot be written would leave every later write failing
// until the folder is fixed. Each folder once: a system call or two.
void require_writable(const stdfs::path& root, const std::vector<FileChange>& files);

// What is wrong with a row ("" if nothing): a path interlink does not write,
// no event or one the ledger does not hold, a content that does not match its hash.
std::string problem(SQLite::Database& db, const Row& r);

// Whose rows apply() writes: those the caller has just committed, or those a
// killed writer left (found when the lock was taken).
enum class Rows { own, left };

// Writes the staged files and clears the stage; the caller holds the write
// lock. Throws Error(unreadable) before writing anything if a row breaks a
// rule, or if a folder on its path is a symbolic link.
//
// Rows::left also removes the temporary files of those paths that the
// killed writer may have left (they may hold a person's bands). Only a
// change whose files were being written leaves temporaries, and such a
// change keeps its rows staged until they are all written: so no writer
// needs to list stakeholders/ (10,000 entries, 4.4 ms of a 10 ms
// add-stakeholder on the 1m bench project) unless it finds rows left.
void apply(SQLite::Database& db, const stdfs::path& root, const stdfs::path& db_path, Rows whose);

// One readable line per row, for `ledger dump`:
// "staged <path> <sha256 or removed> event <hash12> <content, printable>".
std::vector<std::string> dump_lines(SQLite::Database& db);

}  // namespace interlink::ledger::staged
