// Unit tests of lib/ledger/ledger: creating, appending (heads as parents, one
// transaction with the files), staged-file recovery, reading with filters,
// forks and merges, and the refusals of SPEC §5.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "ledger/db.hpp"
#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "ledger_scratch.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

using interlink::Error;
using interlink::ExitStatus;
using namespace interlink::ledger;
using ledger_test::Scratch;

namespace {

Ledger make(const Scratch& s, const std::string& id = "pspm") {
  return Ledger::create(s / "ledger.db", "tester", {{"title", "Test"}}, id);
}

Change one(const std::string& kind, const std::string& subject, Json payload = Json::object()) {
  return Change{{NewEvent{kind, subject, std::move(payload)}}, {}};
}

ExitStatus status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.status();
  }
  return ExitStatus::ok;
}

}  // namespace

TEST_SUITE("ledger.ledger") {
  TEST_CASE("the schema digest is current") {
    // check_schema() accepts a file whose schema has this digest without
    // building the reference schema: it must be the digest of that schema.
    const std::string now = interlink::ledger::db::expected_schema_digest();
    const std::string hint = "the schema changed: set kSchemaDigest in lib/ledger/db_check.cpp to " + now;
    CHECK_MESSAGE(now == interlink::ledger::db::kSchemaDigest, hint);
  }

  TEST_CASE("create writes project.created as the only root and head") {
    Scratch s;
    Ledger l = make(s);
    CHECK(l.count() == 1);
    auto events = l.read();
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == "project.created");
    CHECK(events[0].subject == "pspm");
    CHECK(events[0].parents.empty());
    CHECK(events[0].hash == compute_hash(events[0]));
    CHECK(l.root_hash() == events[0].hash);
    CHECK(l.heads() == std::vector<std::string>{events[0].hash});
    SQLite::Database db((s / "ledger.db").string());
    CHECK(db.execAndGet("PRAGMA application_id").getInt() == kApplicationId);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == kFormatVersion);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
  }

  TEST_CASE("create never overwrites") {
    Scratch s;
    make(s);
    CHECK(status_of([&] { make(s); }) == ExitStatus::refused);
    CHECK(Ledger::open(s / "ledger.db").count() == 1);
  }

  TEST_CASE("append takes the heads as parents and chains a change's events") {
    Scratch s;
    Ledger l = make(s);
    const std::string root = l.root_hash();
    auto added = l.append("ana", Change{{NewEvent{"stakeholder.added", "mef", {{"sector", "public"}}},
                                         NewEvent{"consent.recorded", "mef", {{"status", "given"}}}},
                                        {}});
    REQUIRE(added.size() == 2);
    CHECK(added[0].parents == std::vector<std::string>{root});
    CHECK(added[1].parents == std::vector<std::string>{added[0].hash});
    CHECK(added[0].actor == "ana");
    CHECK(l.heads() == std::vector<std::string>{added[1].hash});
    CHECK(l.count() == 3);
    CHECK(verify(s / "ledger.db").ok);
  }

  TEST_CASE("a change's files are written with its events; a refused change writes nothing") {
    Scratch s;
    Ledger l = make(s);
    interlink::fs::write_file_atomic(s / "stakeholders/old.yaml", "old\n");
    l.append("t", Change{{NewEvent{"stakeholder.added", "a", {}}},
                         {FileChange{"stakeholders/a.yaml", std::string("id: a\n")},
                          FileChange{"stakeholders/old.yaml", std::nullopt}}});
    CHECK(interlink::fs::read_file(s / "stakeholders/a.yaml") == "id: a\n");
    CHECK_FALSE(std::filesystem::exists(s / "stakeholders/old.yaml"));
    CHECK(l.staged().empty());

    CHECK(status_of([&] { l.commit("t", [](const Ledger&) -> Change { interlink::refuse("no"); }); }) ==
          ExitStatus::refused);
    CHECK(status_of([&] {
            l.append("t", Change{{NewEvent{"stakeholder.added", "b", {{"x", 0.5}}}},
                                 {FileChange{"stakeholders/b.yaml", std::string("id: b\n")}}});
          }) == ExitStatus::refused);
    CHECK(l.count() == 2);
    CHECK_FALSE(std::filesystem::exists(s / "stakeholders/b.yaml"));
  }

  TEST_CASE("a change cannot write outside the project or a second root") {
    Scratch s;
    Ledger l = make(s);
    CHECK(status_of([&] {
            l.append("t", Change{{}, {FileChange{"../evil", std::string("x")}}});
          }) == ExitStatus::internal);
    CHECK(status_of([&] {
            l.append("t", Change{{}, {FileChange{"/tmp/evil", std::string("x")}}});
          }) == ExitStatus::internal);
    CHECK(status_of([&] { l.append("t", one("project.created", "again")); }) == ExitStatus::internal);
    CHECK(status_of([&] { l.append("t", one("Bad Kind", "x")); }) == ExitStatus::internal);
    CHECK(l.count() == 1);
  }

  TEST_CASE("files staged by a killed command are written by the next read-write open") {
    Scratch s;
    std::string head;
    {
      Ledger l = make(s);
      head = l.heads().front();
    }
    {
      // What a command killed between its COMMIT and its file writes leaves:
      // rows bound to its event and to their content's hash.
      SQLite::Database db((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
      SQLite::Statement st(db, "INSERT INTO staged(path, content, event, sha256) VALUES (?, ?, ?, ?)");
      st.bind(1, "stakeholders/k.yaml");
      st.bind(2, std::string("id: k\n").data(), 6);
      st.bind(3, head);
      st.bind(4, interlink::sha256_hex("id: k\n"));
      st.exec();
      db.exec("INSERT INTO staged(path, content, event, sha256) VALUES ('stakeholders/gone.yaml', NULL, '" + head +
              "', 'removed')");
    }
    interlink::fs::write_file_atomic(s / "stakeholders/gone.yaml", "x\n");
    // Its temporary files, which may hold a person's bands; and one of a
    // file it did not stage, which the repair does not look for.
    for (const char* name : {".k.yaml.tmp-0123abcd", ".gone.yaml.tmp-89abcdef", ".other.yaml.tmp-00000000"})
      interlink::fs::write_file_atomic(s / "stakeholders" / name, "gender: male\n");
    {
      Ledger ro = Ledger::open(s / "ledger.db", Ledger::Mode::read_only);
      CHECK(ro.staged().size() == 2);
      CHECK_FALSE(std::filesystem::exists(s / "stakeholders/k.yaml"));
    }
    Ledger rw = Ledger::open(s / "ledger.db");
    CHECK(rw.staged().empty());
    CHECK(interlink::fs::read_file(s / "stakeholders/k.yaml") == "id: k\n");
    CHECK_FALSE(std::filesystem::exists(s / "stakeholders/gone.yaml"));
    CHECK(interlink::fs::temp_files_in(s.dir, "stakeholders") == std::vector<std::string>{".other.yaml.tmp-00000000"});
  }

  TEST_CASE("an open that meets the stage of a change under way waits for it to end, in a shared wait") {
    Scratch s;
    std::string head;
    {
      Ledger l = make(s);
      head = l.heads().front();
    }
    const auto db_path = s / "ledger.db";
    // A writer between its two transactions: the change lock held, its
    // file's row staged.
    const int writer = ::open(db_path.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(writer >= 0);
    REQUIRE(::flock(writer, LOCK_EX) == 0);
    auto stage = [&](bool on) {
      SQLite::Database db(db_path.string(), SQLite::OPEN_READWRITE);
      if (!on) return db.exec("DELETE FROM staged");
      SQLite::Statement st(db, "INSERT INTO staged(path, content, event, sha256) VALUES (?, ?, ?, ?)");
      st.bind(1, "stakeholders/k.yaml");
      st.bind(2, std::string("id: k\n").data(), 6);
      st.bind(3, head);
      st.bind(4, interlink::sha256_hex("id: k\n"));
      return st.exec();
    };
    stage(true);
    ::setenv("INTERLINK_BUSY_TIMEOUT_MS", "5000", 1);
    auto opener = std::async(std::launch::async, [&] { return Ledger::open(db_path).staged().size(); });
    CHECK(opener.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);  // it waits
    // The writer writes its file and clears its stage, then lets readers in
    // (a validate, say) while it still holds the lock, shared. An open that
    // waited exclusively would wait on, for nothing: every other command
    // opening meanwhile queued behind it, in the lock every change needs.
    interlink::fs::write_file_atomic(s / "stakeholders/k.yaml", "id: k\n");
    stage(false);
    REQUIRE(::flock(writer, LOCK_SH) == 0);
    const bool ended = opener.wait_for(std::chrono::seconds(3)) == std::future_status::ready;
    ::close(writer);
    CHECK(ended);
    CHECK(opener.get() == 0);
    ::unsetenv("INTERLINK_BUSY_TIMEOUT_MS");
  }

  TEST_CASE("a commit applies staged files before build() reads the project") {
    Scratch s;
    Ledger l = make(s);
    {
      SQLite::Database db((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
      db.exec("INSERT INTO staged(path, content, event, sha256) VALUES ('interlink.yaml', CAST('v1' AS BLOB), '" +
              l.heads().front() + "', '" + interlink::sha256_hex("v1") + "')");
    }
    interlink::fs::write_file_atomic(s / ".interlink.yaml.tmp-0123abcd", "v0.5");  // of the killed write
    std::string seen;
    l.commit("t", [&](const Ledger& led) {
      seen = interlink::fs::read_file(led.root() / "interlink.yaml");
      return Change{{NewEvent{"task.done", "t1", {}}}, {FileChange{"interlink.yaml", std::string("v2")}}};
    });
    CHECK(seen == "v1");
    CHECK(interlink::fs::read_file(s / "interlink.yaml") == "v2");
    CHECK(interlink::fs::temp_files_in(s.dir, "").empty());
  }

  TEST_CASE("read filters by kind, kind family, subject and time; limit reads newest first") {
    Scratch s;
    Ledger l = make(s);
    l.append("t", one("stakeholder.added", "a"));
    l.append("t", one("stakeholder.updated", "a"));
    l.append("t", one("stakeholder.added", "b"));
    l.append("t", one("stakeholders.other", "c"));
    l.append("t", one("phase.started", "engage"));
    CHECK(l.read({.kind = "stakeholder.added"}).size() == 2);
    CHECK(l.read({.kind = "stakeholder."}).size() == 3);
    CHECK(l.read({.subject = "a"}).size() == 2);
    auto newest = l.read({.limit = 2});
    REQUIRE(newest.size() == 2);
    CHECK(newest[0].kind == "phase.started");
    CHECK(newest[1].kind == "stakeholders.other");
    CHECK(l.read({.since = "2999-01-01"}).empty());
    CHECK(l.read({.since = "2000-01-01T00:00:00Z"}).size() == 6);
    CHECK(status_of([&] { (void)l.read({.since = "yesterday"}); }) == ExitStatus::usage);
    auto found = l.find(newest[0].hash.substr(0, 8));
    REQUIRE(found);
    CHECK(found->hash == newest[0].hash);
    CHECK_FALSE(l.find("0000000"));
    long n = 0;
    l.for_each([&](const Event&) { ++n; });
    CHECK(n == 6);
  }

  TEST_CASE("the newest N that match are the same whichever way the query is planned") {
    // read() with a limit counts each condition's matches to choose between
    // an index and a walk newest first; 2,500 events put some conditions on
    // each side of its bound of 2,000.
    Scratch s;
    Ledger l = make(s);
    // Past the bound too, but all of them first, as a project's stakeholders
    // are: read by walking each value's index backwards (query.cpp).
    Change early;
    for (int i = 0; i < 4500; ++i) {
      early.events.push_back(
          NewEvent{i % 5 ? "stakeholder.added" : "stakeholder.updated", "e" + std::to_string(i % 2), Json::object()});
    }
    l.append("t", early);
    Change bulk;
    for (int i = 0; i < 2500; ++i) {
      std::string kind = i % 500 == 7 ? "decision.recorded" : (i % 2 ? "task.done" : "task.started");
      bulk.events.push_back(NewEvent{kind, "s" + std::to_string(i % 3), Json::object()});
    }
    l.append("t", bulk);
    l.append("t", one("stakeholder.added", "late"));
    std::vector<Query> queries = {
        {.kind = "decision.recorded"},
        {.kind = "task."},
        {.kind = "task.done", .subject = "s1"},
        {.subject = "s2"},
        {.subject = "late"},
        {.since = "2000-01-01"},
        {.since = "2999-01-01"},
        {.kind = "decision.recorded", .subject = "s0"},
        {.kind = "task.", .since = "2000-01-01"},
        {.kind = "stakeholder.added"},
        {.kind = "stakeholder."},
        {.kind = "stakeholder.", .subject = "e1"},
        {.kind = "stakeholder.added", .since = "2000-01-01"},
        {.kind = "task.", .subject = "s1"},
        {.kind = "nothing."},
        {.subject = "e2"},
        {.kind = "stakeholder.added", .after_seq = 100},
        {.kind = "stakeholder.", .after_seq = 2000},
        {.kind = "stakeholder.added", .subject = "e0"},
    };
    for (Query q : queries) {
      auto all = l.read(q);  // no limit: oldest first, the plain plan
      for (long n : {0L, 1L, 5L, 20L, 3000L, 5000L}) {
        q.limit = n;
        auto newest = l.read(q);
        std::vector<std::string> got, want;
        for (const auto& e : newest) got.push_back(e.hash);
        for (auto it = all.rbegin(); it != all.rend() && static_cast<long>(want.size()) < n; ++it)
          want.push_back(it->hash);
        CHECK_MESSAGE(got == want, q.kind, " ", q.subject, " ", q.since, " -n ", n);
      }
    }
  }

  TEST_CASE("two copies that grew apart merge, and the next event joins both heads") {
    Scratch s;
    { make(s); }
    std::filesystem::copy_file(s / "ledger.db", s / "theirs.db");
    Ledger ours = Ledger::open(s / "ledger.db");
    Ledger theirs = Ledger::open(s / "theirs.db");
    ours.append("ana", one("stakeholder.added", "a"));
    theirs.append("bob", one("stakeholder.added", "b"));
    theirs.append("bob", one("stakeholder.added", "c"));
    CHECK(ours.merge_from(theirs) == 2);
    CHECK(ours.count() == 4);
    CHECK(ours.heads().size() == 2);
    CHECK(ours.merge_from(theirs) == 0);  // idempotent
    const auto fork_heads = ours.heads();
    auto joined = ours.append("ana", one("decision.recorded", "d"));
    CHECK(joined[0].parents == fork_heads);
    CHECK(joined[0].parents.size() == 2);
    CHECK(ours.heads() == std::vector<std::string>{joined[0].hash});
    auto r = verify(s / "ledger.db");
    CHECK_MESSAGE(r.ok, r.problem);
    CHECK(r.events == 5);
  }

  TEST_CASE("ledgers of different projects do not merge") {
    Scratch s;
    Ledger a = Ledger::create(s / "a.db", "t", Json::object(), "alpha");
    Ledger b = Ledger::create(s / "b.db", "t", Json::object(), "beta");
    try {
      a.merge_from(b);
      FAIL("merged two projects");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.message().find("two different projects") != std::string::npos);
      CHECK(e.message().find("'alpha'") != std::string::npos);
    }
    CHECK(a.count() == 1);
  }

  TEST_CASE("foreign, newer and missing files are refused as unreadable") {
    Scratch s;
    interlink::fs::write_file_atomic(s / "text.db", "this is not a database, just some text that is long enough\n");
    CHECK(status_of([&] { Ledger::open(s / "text.db"); }) == ExitStatus::unreadable);
    CHECK(status_of([&] { Ledger::open(s / "missing.db"); }) == ExitStatus::unreadable);
    {
      SQLite::Database db((s / "other.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE t(x)");
    }
    CHECK(status_of([&] { Ledger::open(s / "other.db"); }) == ExitStatus::unreadable);
    { make(s); }
    {
      SQLite::Database db((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
      db.exec("PRAGMA user_version = 2");
    }
    try {
      Ledger::open(s / "ledger.db", Ledger::Mode::read_only);
      FAIL("a newer format was accepted");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(e.message().find("newer") != std::string::npos);
      CHECK(e.hint().find("upgrade") != std::string::npos);
    }
  }

  TEST_CASE("triggers abort any UPDATE or DELETE of an event") {
    Scratch s;
    { make(s); }
    SQLite::Database db((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
    CHECK_THROWS_AS(db.exec("UPDATE events SET actor = 'mallory'"), SQLite::Exception);
    CHECK_THROWS_AS(db.exec("DELETE FROM events"), SQLite::Exception);
    CHECK(db.execAndGet("SELECT count(*) FROM events").getInt() == 1);
  }

  TEST_CASE("a lock not obtained in time fails with exit 4 and changes nothing") {
    Scratch s;
    Ledger l = make(s);
    SQLite::Database holder((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN IMMEDIATE");
    ::setenv("INTERLINK_BUSY_TIMEOUT_MS", "100", 1);
    Ledger other = Ledger::open(s / "ledger.db");
    try {
      other.append("t", Change{{NewEvent{"task.done", "x", {}}}, {FileChange{"interlink.yaml", std::string("x")}}});
      FAIL("appended while another process held the lock");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::internal);
      CHECK(e.message().find("locked by another interlink process") != std::string::npos);
    }
    ::unsetenv("INTERLINK_BUSY_TIMEOUT_MS");
    holder.exec("ROLLBACK");
    CHECK(l.count() == 1);
    CHECK_FALSE(std::filesystem::exists(s / "interlink.yaml"));
  }

  TEST_CASE("the busy handler's first sleeps are short, doubling to a cap, each jittered within its step") {
    using std::chrono::microseconds;
    namespace db = interlink::ledger::db;
    // A committing writer waits for readers' transactions, which last tens of
    // microseconds: a first sleep of milliseconds idled every writer queued
    // behind it (issue 10).
    CHECK(db::busy_sleep(0, 0) == microseconds(50));
    CHECK(db::busy_sleep(0, 50) == microseconds(100));
    CHECK(db::busy_sleep(0, 51) == microseconds(50));  // the random number wraps within the step
    CHECK(db::busy_sleep(1, 0) == microseconds(100));
    CHECK(db::busy_sleep(3, 400) == microseconds(800));
    // The cap keeps every waiter polling often enough for a fair chance.
    CHECK(db::busy_sleep(6, 0) == microseconds(2500));
    CHECK(db::busy_sleep(6, 2500) == microseconds(5000));
    CHECK(db::busy_sleep(1000, 0xffffffffu) <= microseconds(5000));
    for (int tries = 0; tries < 40; ++tries) {
      CHECK(db::busy_sleep(tries, 12345) >= microseconds(50));
      CHECK(db::busy_sleep(tries, 12345) <= microseconds(5000));
    }
  }

  TEST_CASE("opening a ledger leaves no transaction open, so another process can commit") {
    Scratch s;
    { make(s); }
    namespace db = interlink::ledger::db;
    for (bool write : {false, true}) {
      SQLite::Database opened = db::open(s / "ledger.db", write);
      CHECK(sqlite3_get_autocommit(opened.getHandle()) != 0);
      SQLite::Database other((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
      other.exec("PRAGMA busy_timeout = 0");
      other.exec("BEGIN IMMEDIATE");
      other.exec("UPDATE heads SET hash = hash");  // a write: its COMMIT needs every reader gone
      CHECK_NOTHROW(other.exec("COMMIT"));
    }
  }

  TEST_CASE("a hot journal left by a killed writer is rolled back, even by a read-only open") {
    Scratch s;
    { make(s); }
    std::filesystem::create_directories(s / "crash");
    {
      // Spill a big uncommitted transaction to the file, then copy the file
      // and its journal as a process killed at that instant leaves them.
      SQLite::Database db((s / "ledger.db").string(), SQLite::OPEN_READWRITE);
      db.exec("PRAGMA cache_size = 1");
      db.exec("BEGIN IMMEDIATE");
      db.exec("CREATE TABLE junk(x)");
      for (int i = 0; i < 2000; ++i) db.exec("INSERT INTO junk VALUES (printf('%.200c', 'x'))");
      REQUIRE(std::filesystem::exists(s / "ledger.db-journal"));
      std::filesystem::copy_file(s / "ledger.db", s / "crash/ledger.db");
      std::filesystem::copy_file(s / "ledger.db-journal", s / "crash/ledger.db-journal");
      db.exec("ROLLBACK");
    }
    Ledger ro = Ledger::open(s / "crash/ledger.db", Ledger::Mode::read_only);
    CHECK(ro.count() == 1);
    CHECK_FALSE(std::filesystem::exists(s / "crash/ledger.db-journal"));
    auto r = verify(s / "crash/ledger.db");
    CHECK_MESSAGE(r.ok, r.problem);
  }

  TEST_CASE("an actor that is not one plain name on one line is refused before anything is written") {
    Scratch s;
    for (std::string bad : {std::string(), std::string("eve\nabc"), std::string("\x1b[31mroot"), std::string("a\x7f"),
                            std::string("\xc2\x9b"), std::string("\xff"), std::string(201, 'a')}) {
      CHECK_MESSAGE(
          status_of([&] { (void)Ledger::create(s / "bad.db", bad, Json::object(), "p"); }) == ExitStatus::usage, bad);
      CHECK_FALSE(std::filesystem::exists(s / "bad.db"));
    }
    Ledger l = make(s);
    CHECK(status_of([&] { l.append("eve\r", one("task.done", "x")); }) == ExitStatus::usage);
    CHECK(l.count() == 1);
    l.append("Ana Pérez (Comune di Roma)", one("task.done", "x"));
    CHECK(l.count() == 2);
  }

  TEST_CASE("an in-memory ledger appends and reads") {
    Ledger m = Ledger::open_memory();
    m.append("t", one("task.done", "x"));
    CHECK(m.count() == 2);
    CHECK(m.heads().size() == 1);
  }
}
