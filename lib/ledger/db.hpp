// Internal to lib/ledger: the SQLite side of the ledger file — opening with
// the format checks, the schema, SQLite errors turned into interlink::Error,
// and rows read as stored (verify and dump must see tampered bytes as they
// are). Not included outside lib/ledger and its tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "ledger/event.hpp"
#include "ledger/ledger.hpp"

namespace interlink::ledger::db {

namespace stdfs = std::filesystem;

// kBusyTimeoutMs, or INTERLINK_BUSY_TIMEOUT_MS when set (tests shorten it).
int busy_timeout_ms();
// How long the busy handler sleeps before its try number `tries` (0 first),
// given a random number: from 50-100 us doubling to 2.5-5 ms (db.cpp says why).
std::chrono::microseconds busy_sleep(int tries, std::uint32_t random);

// The longest value (text or blob) read from or written to a ledger: an
// event's payload or a staged file. Bounds the memory a crafted file can take.
inline constexpr int kMaxValueBytes = 8 << 20;

// Refuses (exit 3), before SQLite opens it, a path that is missing, a
// symbolic link, not a regular file (a FIFO would hang), not SQLite, or in
// WAL mode (db_check.cpp).
void check_file(const stdfs::path& path);
// Refuses (exit 3) a hot journal beside the ledger at path that was made for
// another database (journal_check.cpp says how it tells), before SQLite
// would roll it back into the ledger, and a journal path that is not a
// regular file (a folder, a symbolic link), which SQLite cannot use. page_size: the ledger's. check_file
// calls it.
void check_journal(const stdfs::path& path, std::uint32_t page_size);
// Hardens a connection to a file from an untrusted source: defensive mode,
// trusted_schema off, no extensions, length limits (db_check.cpp).
void harden(SQLite::Database& db);
// Refuses (exit 3) a schema that is not exactly interlink's: a foreign table,
// view, index or trigger, or one of ours changed. A missing append-only
// trigger is left to verify, which reports it as tampering.
void check_schema(SQLite::Database& db, const stdfs::path& path);
// The SHA-256 of the schema create_schema() makes, as SQLite stores it, and
// the constant check_schema() compares a file's schema to first: building the
// reference schema in memory for every command was a fifth of `log -n 20`'s
// instructions. A unit test holds the constant to the schema.
std::string expected_schema_digest();
extern const char* const kSchemaDigest;

// Opens an existing ledger file and checks that it is one interlink can read
// (check_file, SQLite, our application_id, a user_version it knows, its
// schema), on a hardened connection.
// Throws Error(unreadable) otherwise. write=false opens read-only.
SQLite::Database open(const stdfs::path& path, bool write);

// Creates the schema and sets application_id and user_version on an empty
// database, inside the caller's transaction.
void create_schema(SQLite::Database& db);

// Sets the per-connection PRAGMAs of a writer: rollback journal, FULL sync.
void set_write_pragmas(SQLite::Database& db);

// Turns a SQLite error into an interlink::Error (busy -> internal "locked",
// not a database -> unreadable, disk full -> internal, ...).
[[noreturn]] void rethrow(const SQLite::Exception& e, const stdfs::path& path);

// Runs f, translating SQLite errors.
template <class F>
auto guard(const stdfs::path& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    rethrow(e, path);
  }
}

// A row of the events table as stored: the texts are not parsed.
using Row = Record;

inline constexpr const char* kRowColumns = "seq, hash, parents, time, actor, kind, subject, payload";
Row read_row(SQLite::Statement& st);
// Calls fn for every row in seq order.
void for_each_row(SQLite::Database& db, const std::function<void(const Row&)>& fn);
// Parses a stored row into an Event. Throws Error(unreadable) naming the
// event if its parents or payload are not JSON (a damaged or edited file).
Event to_event(const Row& r, const stdfs::path& path);
Event to_event(const RecordView& r, const stdfs::path& path);

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed.
class WriteTxn {
 public:
  WriteTxn(SQLite::Database& db, const stdfs::path& path);
  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;
  ~WriteTxn();
  void commit();

 private:
  SQLite::Database& db_;
  const stdfs::path& path_;
  bool open_ = false;
};

}  // namespace interlink::ledger::db
