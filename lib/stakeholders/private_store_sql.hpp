// Internal to lib/stakeholders/private_store*: the private store's SQLite
// errors turned into interlink::Error, and the roll-back of a write that a
// killed command left half done. Not included elsewhere.
//
// A command killed while it commits to .interlink/private.db (rollback
// journal, see private_store.hpp) leaves a "hot" journal, private.db-journal,
// which must be played back before the file can be read. A read-write
// connection does that on its first read; a read-only one cannot, and fails
// with SQLITE_READONLY_ROLLBACK, whose message, "attempt to write a readonly
// database", said nothing of the cause, and every command that screens text
// for names opens the store read-only first: one kill wedged the project.
#pragma once

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

namespace interlink::stakeholders::store_sql {

namespace stdfs = std::filesystem;

// Turns a SQLite error on the store at path ("" for one in memory) into an
// interlink::Error: not a database or damaged (3), locked (4), cannot be
// written, with the reason when it is the permissions (4), disk full or file
// size limit (4).
[[noreturn]] void rethrow(const SQLite::Exception& e, const stdfs::path& path);

// Rolls back the write that a killed command left in the journal of the store
// at path, with a read-write connection of its own (the ledger's read-only
// open does the same: lib/ledger/db.cpp). Throws Error(unreadable), saying
// what happened and how to recover, when this user cannot write the file or
// its folder; and, when recover is false (validate, which never writes),
// throws InterruptedWrite (private_store.hpp) instead of rolling back.
void roll_back_interrupted(const stdfs::path& path, bool recover);

// Runs f, translating SQLite errors. A connection opened read-only that
// meets the journal of a write a killed command left (SQLITE_READONLY_ROLLBACK:
// any read can, also one after the open, if a writer was killed meanwhile)
// has it rolled back (or, recover false, refused) and runs f again, which
// must start afresh. The one place every use of the store goes through, so
// that no command is left wedged by such a journal.
template <class F>
auto guard(const stdfs::path& path, bool recover, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() != SQLITE_READONLY_ROLLBACK || path.empty()) rethrow(e, path);
    roll_back_interrupted(path, recover);
  }
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    rethrow(e, path);
  }
}

}  // namespace interlink::stakeholders::store_sql
