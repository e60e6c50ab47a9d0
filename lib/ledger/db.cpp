// See db.hpp.
#include "ledger/db.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "ledger/canonical.hpp"
#include "ledger/ledger.hpp"
#include "ledger/staged.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::ledger::db {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  parents TEXT NOT NULL,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX events_kind ON events(kind);
CREATE INDEX events_subject ON events(subject);
CREATE INDEX events_time ON events(time);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'interlink ledger: events are append-only, an event cannot be updated'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'interlink ledger: events are append-only, an event cannot be deleted'); END;
CREATE TABLE heads(hash TEXT PRIMARY KEY) WITHOUT ROWID;
)sql";  // and staged::kTable

[[noreturn]] void not_a_ledger(const stdfs::path& path, const std::string& why) {
  unreadable(fmt::format("not an interlink ledger: {}", why), SourcePos{path.string()},
             "interlink keeps its ledger in ledger.db at the project's root; check the path");
}

void check_format(SQLite::Database& db, const stdfs::path& path) {
  int app_id = 0;
  try {
    app_id = db.execAndGet("PRAGMA application_id").getInt();
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB) not_a_ledger(path, "the file is not a SQLite database");
    throw;
  }
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (app_id != kApplicationId) {
    not_a_ledger(path, fmt::format("its SQLite application_id is {:#x}, not {:#x}", static_cast<unsigned>(app_id),
                                   static_cast<unsigned>(kApplicationId)));
  }
  if (version > kFormatVersion) {
    unreadable(fmt::format("the ledger has format version {}, newer than the {} this interlink reads", version,
                           kFormatVersion),
               SourcePos{path.string()}, "upgrade interlink to read this project");
  }
  if (version < 1)
    unreadable(fmt::format("the ledger has an unknown format version {}", version), SourcePos{path.string()});
  check_schema(db, path);
}

}  // namespace

// SQLite's own busy handler backs off to 100 ms between tries, so under
// steady contention a waiter keeps losing to processes that arrived later and
// can starve past the timeout. Polling every few milliseconds, with jitter,
// gives every waiter a fair chance.
//
// The first tries are short, because what a wait meets is short: a writer's
// COMMIT waits for readers' transactions to end (tens of microseconds each),
// and a reader waits for a commit (about a millisecond with its syncs). A
// flat 1-5 ms sleep made a committing writer, who holds the change lock that
// every other writer queues on, idle for ~3 ms on each meeting with a reader
// (issue 10: 8 concurrent writers). The sleep doubles from 100 us to the 5 ms
// cap, each drawn between half and all of its step.
std::chrono::microseconds busy_sleep(int tries, std::uint32_t random) {
  constexpr int kFirstUs = 100;
  constexpr int kCapUs = 5000;
  const int step = std::min(kCapUs, kFirstUs << std::min(tries, 6));
  return std::chrono::microseconds(step / 2 + static_cast<int>(random % static_cast<std::uint32_t>(step / 2 + 1)));
}

namespace {

// One wait at a time per thread, so the start of the current wait can live
// in a thread_local.
int busy_handler(void* timeout_ms, int tries) {
  using Clock = std::chrono::steady_clock;
  thread_local Clock::time_point started;
  thread_local std::minstd_rand jitter{std::random_device{}()};
  if (tries == 0) started = Clock::now();
  const auto limit = std::chrono::milliseconds(reinterpret_cast<std::intptr_t>(timeout_ms));
  if (Clock::now() - started >= limit) return 0;
  std::this_thread::sleep_for(busy_sleep(tries, static_cast<std::uint32_t>(jitter())));
  return 1;
}

void set_busy_handler(SQLite::Database& db) {
  sqlite3_busy_handler(db.getHandle(), busy_handler,
                       reinterpret_cast<void*>(static_cast<std::intptr_t>(busy_timeout_ms())));
}

}  // namespace

int busy_timeout_ms() {
  if (const char* v = std::getenv("INTERLINK_BUSY_TIMEOUT_MS"); v && *v) {
    if (auto ms = text::whole_number(v, 3600000)) return static_cast<int>(*ms);
    bad_usage(fmt::format("INTERLINK_BUSY_TIMEOUT_MS='{}' is not a whole number of milliseconds from 0 to 3600000",
                          text::excerpt(text::printable(v))),
              "unset it for the default of 10 seconds");
  }
  return kBusyTimeoutMs;
}

void rethrow(const SQLite::Exception& e, const stdfs::path& path) {
  const std::string p = path.string();
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      os_failure(
          fmt::format("{}: the ledger is locked by another interlink process (waited {} ms)", p, busy_timeout_ms()),
          "nothing was changed; try again when the other command has finished");
    case SQLITE_NOTADB:
      not_a_ledger(path, "the file is not a SQLite database");
    case SQLITE_CORRUPT:
      unreadable(fmt::format("the ledger file is damaged: {}", e.what()), SourcePos{p},
                 "restore ledger.db from git, then run 'interlink verify'");
    case SQLITE_CANTOPEN:
      unreadable(fmt::format("cannot open the ledger: {}", e.what()), SourcePos{p});
    case SQLITE_TOOBIG:
      unreadable(fmt::format("the ledger holds a value longer than the limit of {} bytes", kMaxValueBytes),
                 SourcePos{p}, "restore ledger.db from a copy you trust");
    case SQLITE_FULL:
      os_failure(fmt::format("{}: the disk is full", p), "nothing was changed; free some space and try again");
    case SQLITE_READONLY:
      os_failure(fmt::format("{}: the ledger cannot be written: {}", p, e.what()));
    case SQLITE_IOERR:
      // A write past the file size limit (ulimit -f) fails with EFBIG, which
      // SQLite reports as an I/O error (a full disk is SQLITE_FULL); errno
      // still holds it here, since the rollback that ran meanwhile succeeded.
      if (e.getExtendedErrorCode() == SQLITE_IOERR_WRITE && errno == EFBIG) {
        os_failure(fmt::format("{}: {}", p, fs::file_too_large()),
                   "nothing was changed; raise the limit (ulimit -f) and try again");
      }
      os_failure(fmt::format("{}: input/output error: {}", p, e.what()));
    default:
      os_failure(fmt::format("{}: SQLite error: {}", p, e.what()));
  }
}

SQLite::Database open(const stdfs::path& path, bool write) {
  check_file(path);
  // NOMUTEX: interlink uses a connection from one thread only; SQLite's
  // per-call mutexes were 5% of verify's instructions (callgrind, issue 10).
  const int nofollow = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
  // NOFOLLOW refuses a link anywhere on the path: the folder named by the
  // user (-C LINK, LEDGER through a link) is taken as its real path; the
  // ledger file itself must not be a link (check_file).
  const stdfs::path at = path.has_parent_path() ? fs::physical(path.parent_path()) / path.filename() : path;
  auto attempt = [&] {
    SQLite::Database db(at, (write ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY) | nofollow);
    harden(db);
    set_busy_handler(db);
    // One read transaction for all the checks, not one per statement: each
    // is a round of POSIX locks, and each a moment where a reader can meet a
    // committing writer and sleep in the busy handler (issue 10).
    // On a throw the connection closes, which ends the transaction.
    db.exec("BEGIN");
    check_format(db, path);
    db.exec("COMMIT");
    if (write) set_write_pragmas(db);
    return db;
  };
  return guard(path, [&] {
    try {
      return attempt();
    } catch (const SQLite::Exception& e) {
      if (write || e.getErrorCode() != SQLITE_READONLY) throw;
    }
    // A process killed in the middle of a commit left a hot journal, which a
    // read-only connection cannot roll back. Rolling it back restores the
    // ledger as it was before that commit; the first read of a writable
    // connection does it. Then read as asked.
    try {
      SQLite::Database rw(at, SQLite::OPEN_READWRITE | nofollow);
      harden(rw);
      set_busy_handler(rw);
      rw.execAndGet("PRAGMA application_id");
    } catch (const SQLite::Exception& e) {
      if (e.getErrorCode() != SQLITE_READONLY && e.getErrorCode() != SQLITE_CANTOPEN) throw;
      unreadable(
          "the ledger holds the journal of an interrupted write, which cannot be rolled back without "
          "write access",
          SourcePos{path.string()}, "run the command once where the file is writable");
    }
    return attempt();
  });
}

void set_write_pragmas(SQLite::Database& db) {
  // journal_mode is read back: it stays WAL if another process holds the
  // file in WAL mode, which interlink never does.
  db.exec("PRAGMA journal_mode = DELETE");
  db.exec("PRAGMA synchronous = FULL");
  // Staged file contents (a person's bands, say) pass through the ledger and
  // are deleted after they are written: zero their pages so that no copy of
  // them travels with ledger.db into git.
  db.exec("PRAGMA secure_delete = ON");
}

void create_schema(SQLite::Database& db) {
  db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
  db.exec(fmt::format("PRAGMA user_version = {}", kFormatVersion));
  db.exec(kSchema);
  db.exec(staged::kTable);
}

Row read_row(SQLite::Statement& st) {
  Row r;
  r.seq = st.getColumn(0).getInt64();
  r.hash = st.getColumn(1).getString();
  r.parents = st.getColumn(2).getString();
  r.time = st.getColumn(3).getString();
  r.actor = st.getColumn(4).getString();
  r.kind = st.getColumn(5).getString();
  r.subject = st.getColumn(6).getString();
  r.payload = st.getColumn(7).getString();
  return r;
}

void for_each_row(SQLite::Database& db, const std::function<void(const Row&)>& fn) {
  SQLite::Statement st(db, fmt::format("SELECT {} FROM events ORDER BY seq", kRowColumns));
  while (st.executeStep()) fn(read_row(st));
}

Event to_event(const Row& r, const stdfs::path& path) {
  return to_event(RecordView{r.seq, r.hash, r.parents, r.time, r.actor, r.kind, r.subject, r.payload}, path);
}

Event to_event(const RecordView& r, const stdfs::path& path) {
  Event e;
  e.hash = r.hash;
  e.time = r.time;
  e.actor = r.actor;
  e.kind = r.kind;
  e.subject = r.subject;
  auto damaged = [&](const char* what) {
    unreadable(fmt::format("event {}: its {} is not valid JSON", short_id(std::string(r.hash)), what),
               SourcePos{path.string()}, "run 'interlink verify'; restore ledger.db from git");
  };
  // The stored forms are canonical (verify holds them to it) and read
  // without nlohmann's parser; anything else is read by it, leniently.
  if (!parse_canonical_parents(r.parents, e.parents)) {
    Json parents = Json::parse(r.parents, nullptr, false);
    if (parents.is_discarded() || !parents.is_array()) damaged("parents list");
    e.parents.clear();
    for (const auto& p : parents) {
      if (!p.is_string()) damaged("parents list");
      e.parents.push_back(p.get<std::string>());
    }
  }
  if (!parse_canonical_payload(r.payload, e.payload)) {
    e.payload = Json::parse(r.payload, nullptr, false);
    if (e.payload.is_discarded() || !e.payload.is_object()) damaged("payload");
  }
  return e;
}

WriteTxn::WriteTxn(SQLite::Database& db, const stdfs::path& path) : db_(db), path_(path) {
  guard(path_, [&] { db_.exec("BEGIN IMMEDIATE"); });
  open_ = true;
}

WriteTxn::~WriteTxn() {
  if (!open_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): a failed rollback leaves SQLite to roll back on close
  }
}

void WriteTxn::commit() {
  guard(path_, [&] { db_.exec("COMMIT"); });
  open_ = false;
}

}  // namespace interlink::ledger::db
