// Unit tests of lib/ledger/verify and the git plumbing (dump, merge): every
// kind of tampering is caught and named, and --base proves append-only.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "ledger/git.hpp"
#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "ledger_scratch.hpp"
#include "util/error.hpp"

using interlink::Error;
using interlink::ExitStatus;
using namespace interlink::ledger;
using ledger_test::Scratch;

namespace {

// A ledger of a root and three events; returns their hashes in order.
std::vector<std::string> sample(const std::filesystem::path& path, const std::string& id = "pspm") {
  Ledger l = Ledger::create(path, "tester", {{"title", "Test"}}, id);
  l.append("ana", Change{{NewEvent{"stakeholder.added", "mef", {{"sector", "public"}}}}, {}});
  l.append("ana", Change{{NewEvent{"feedback.recorded", "", {{"text", "più chiaro, per favore"}, {"n", 3}}}}, {}});
  l.append("bob", Change{{NewEvent{"task.done", "map", {}}}, {}});
  std::vector<std::string> out;
  for (const auto& e : l.read()) out.push_back(e.hash);
  return out;
}

// Runs SQL on the file as a tamperer would: with the triggers out of the way,
// then put back, so that what verify catches is the data, not the schema.
void tamper(const std::filesystem::path& path, const std::string& sql) {
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
  std::vector<std::string> triggers;
  {
    SQLite::Statement st(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger'");
    while (st.executeStep()) triggers.push_back(st.getColumn(0).getString());
  }
  db.exec("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;");
  db.exec(sql);
  for (const auto& t : triggers) db.exec(t);
}

}  // namespace

TEST_SUITE("ledger.verify") {
  TEST_CASE("a ledger written by interlink verifies") {
    Scratch s;
    auto hashes = sample(s / "ledger.db");
    VerifyResult r = verify(s / "ledger.db");
    CHECK_MESSAGE(r.ok, r.problem);
    CHECK(r.events == 4);
    CHECK(r.root == hashes[0]);
    CHECK(r.heads == std::vector<std::string>{hashes[3]});
  }

  TEST_CASE("more events than the largest seq promises still verify: the table of digests grows") {
    // verify sizes its table of seen digests from max(seq); seqs moved below
    // zero make it start empty (16 slots), so that it grows as it goes. Two
    // branches merged: ours adds 40 events (the table grows to 32, 64, 128
    // slots), then theirs adds one whose parent is the base's last event,
    // seen before every growth and found only in the table.
    Scratch s;
    {
      Ledger l = Ledger::create(s / "base.db", "tester", {{"title", "Test"}}, "pspm");
      for (int i = 0; i < 5; ++i)
        l.append("ana", Change{{NewEvent{"feedback.recorded", "", {{"text", "item " + std::to_string(i)}}}}, {}});
    }
    std::filesystem::copy_file(s / "base.db", s / "ours.db");
    std::filesystem::copy_file(s / "base.db", s / "theirs.db");
    {
      Ledger ours = Ledger::open(s / "ours.db");
      for (int i = 0; i < 40; ++i) ours.append("ana", Change{{NewEvent{"task.done", "a" + std::to_string(i), {}}}, {}});
    }
    Ledger::open(s / "theirs.db").append("bob", Change{{NewEvent{"task.done", "b", {}}}, {}});
    REQUIRE(merge(s / "base.db", s / "ours.db", s / "theirs.db") == 1);
    tamper(s / "ours.db", "UPDATE events SET seq = seq - 1000000");
    VerifyResult r = verify(s / "ours.db");
    CHECK_MESSAGE(r.ok, r.problem);
    CHECK(r.events == 47);
    CHECK(r.heads.size() == 2);
  }

  TEST_CASE("a changed field is caught and the event named") {
    Scratch s;
    auto hashes = sample(s / "ledger.db");
    const char* edits[] = {
        "UPDATE events SET actor = 'mallory' WHERE seq = 2",
        "UPDATE events SET kind = 'task.skipped' WHERE seq = 2",
        "UPDATE events SET subject = 'mef2' WHERE seq = 2",
        "UPDATE events SET time = '2026-01-01T00:00:01Z' WHERE seq = 2",
        "UPDATE events SET payload = '{\"sector\":\"private\"}' WHERE seq = 2",
        // The same object in another spelling is caught too: the text is hashed as canonical.
        "UPDATE events SET payload = '{\"sector\": \"public\"}' WHERE seq = 2",
    };
    for (const char* sql : edits) {
      CAPTURE(sql);
      Scratch t;
      std::filesystem::copy_file(s / "ledger.db", t / "ledger.db");
      tamper(t / "ledger.db", sql);
      VerifyResult r = verify(t / "ledger.db");
      CHECK_FALSE(r.ok);
      CHECK(r.bad_event == hashes[1]);
      CHECK(r.problem.find(short_id(hashes[1])) != std::string::npos);
    }
  }

  TEST_CASE("a deleted event is caught, in the middle or at the end") {
    Scratch s;
    auto hashes = sample(s / "ledger.db");
    for (int seq = 1; seq <= 4; ++seq) {
      CAPTURE(seq);
      Scratch t;
      std::filesystem::copy_file(s / "ledger.db", t / "ledger.db");
      tamper(t / "ledger.db", "DELETE FROM events WHERE seq = " + std::to_string(seq));
      VerifyResult r = verify(t / "ledger.db");
      CHECK_FALSE(r.ok);
      if (seq == 4) CHECK(r.problem.find("heads") != std::string::npos);
    }
  }

  TEST_CASE("a removed trigger, a second root and a damaged heads table are caught") {
    Scratch s;
    sample(s / "ledger.db");
    {
      Scratch t;
      std::filesystem::copy_file(s / "ledger.db", t / "ledger.db");
      SQLite::Database db((t / "ledger.db").string(), SQLite::OPEN_READWRITE);
      db.exec("DROP TRIGGER events_no_delete");
      CHECK(verify(t / "ledger.db").problem.find("trigger") != std::string::npos);
    }
    {
      Scratch t;
      std::filesystem::copy_file(s / "ledger.db", t / "ledger.db");
      Event e;
      e.time = "2026-01-01T00:00:00Z";
      e.actor = "mallory";
      e.kind = "project.created";
      e.subject = "other";
      e.hash = compute_hash(e);
      tamper(t / "ledger.db", "INSERT INTO events(hash, parents, time, actor, kind, subject, payload) VALUES ('" +
                                  e.hash + "', '[]', '" + e.time + "', 'mallory', 'project.created', 'other', '{}')");
      VerifyResult r = verify(t / "ledger.db");
      CHECK_FALSE(r.ok);
      CHECK(r.problem.find("second root") != std::string::npos);
    }
    {
      Scratch t;
      std::filesystem::copy_file(s / "ledger.db", t / "ledger.db");
      tamper(t / "ledger.db", "DELETE FROM heads");
      CHECK(verify(t / "ledger.db").problem.find("heads") != std::string::npos);
    }
  }

  TEST_CASE("--base: an extension verifies, a rewrite does not") {
    Scratch s;
    sample(s / "old.db");
    std::filesystem::copy_file(s / "old.db", s / "new.db");
    {
      Ledger l = Ledger::open(s / "new.db");
      l.append("t", Change{{NewEvent{"task.done", "more", {}}}, {}});
    }
    CHECK(verify(s / "new.db", s / "old.db").ok);
    // The old copy is not an extension of the new one.
    VerifyResult back = verify(s / "old.db", s / "new.db");
    CHECK_FALSE(back.ok);
    CHECK(back.problem.find("missing") != std::string::npos);
    // A ledger of another project is not an extension either.
    sample(s / "other.db", "other");
    CHECK_FALSE(verify(s / "other.db", s / "old.db").ok);
  }

  TEST_CASE("--base: the base is verified too, and the ledger's own problem comes first") {
    // The base is verified beside the ledger, in a thread of its own
    // (verify.cpp): which problem is reported must not depend on which
    // finished first.
    Scratch s;
    sample(s / "old.db");
    tamper(s / "old.db", "INSERT INTO heads(hash) SELECT hash FROM events WHERE seq = 1");
    std::filesystem::copy_file(s / "old.db", s / "new.db");
    {
      // A write takes every head as a parent, the stray one too, and leaves
      // one head: the new copy verifies, its base does not.
      Ledger l = Ledger::open(s / "new.db");
      l.append("t", Change{{NewEvent{"task.done", "more", {}}}, {}});
    }
    REQUIRE(verify(s / "new.db").ok);
    for (int i = 0; i < 3; ++i) {
      VerifyResult r = verify(s / "new.db", s / "old.db", "old");
      CHECK_FALSE(r.ok);
      CHECK(r.problem.rfind("the base old does not verify: the heads table names", 0) == 0);
      // Told that the base was verified already, only its events are looked for.
      CHECK(verify_extending(s / "new.db", s / "old.db", "old").ok);
    }
    std::filesystem::copy_file(s / "new.db", s / "bad.db");
    tamper(s / "bad.db", "UPDATE events SET actor = 'mallory' WHERE seq = 2");
    for (int i = 0; i < 3; ++i) {
      VerifyResult r = verify(s / "bad.db", s / "old.db", "old");
      CHECK_FALSE(r.ok);
      CHECK(r.problem.find("its hash does not match") != std::string::npos);
      CHECK(r.problem.find("the base") == std::string::npos);
    }
  }

  TEST_CASE("a file that is not a ledger is unreadable, not a failed verification") {
    Scratch s;
    { std::ofstream(s / "x.db") << "hello, I am not SQLite, but I am long enough to be read as a header."; }
    try {
      verify(s / "x.db");
      FAIL("verified a text file");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
    }
  }
}

TEST_SUITE("ledger.git") {
  TEST_CASE("dump prints one readable line per event") {
    Scratch s;
    auto hashes = sample(s / "ledger.db");
    std::string text = dump(s / "ledger.db");
    CHECK(text.find(hashes[0].substr(0, 12) + " ") == 0);
    CHECK(text.find(" ana stakeholder.added mef {\"sector\":\"public\"}\n") != std::string::npos);
    CHECK(text.find(" ana feedback.recorded - {\"n\":3,\"text\":\"più chiaro, per favore\"}\n") != std::string::npos);
    CHECK(text.find(" bob task.done map\n") != std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') == 4);
  }

  TEST_CASE("dump keeps one event on one line whatever bytes a field holds") {
    // A ledger from elsewhere (interlink refuses such an actor) must not
    // forge a second line in git diff, nor drive the reader's terminal.
    Scratch s;
    sample(s / "ledger.db");
    tamper(s / "ledger.db",
           "UPDATE events SET actor = 'eve' || char(10) || 'abc 2026 admin x' || char(27) || '[2J' "
           "WHERE kind = 'task.done'");
    std::string text = dump(s / "ledger.db");
    CHECK(std::count(text.begin(), text.end(), '\n') == 4);
    CHECK(text.find(" eve\\nabc 2026 admin x\\x1b[2J task.done map\n") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
  }

  TEST_CASE("merge takes the union of both sides and leaves base untouched") {
    Scratch s;
    sample(s / "base.db");
    std::filesystem::copy_file(s / "base.db", s / "ours.db");
    std::filesystem::copy_file(s / "base.db", s / "theirs.db");
    Ledger::open(s / "ours.db").append("ana", Change{{NewEvent{"task.done", "a", {}}}, {}});
    Ledger::open(s / "theirs.db").append("bob", Change{{NewEvent{"task.done", "b", {}}}, {}});
    CHECK(merge(s / "base.db", s / "ours.db", s / "theirs.db") == 1);
    VerifyResult r = verify(s / "ours.db", s / "theirs.db");
    CHECK_MESSAGE(r.ok, r.problem);
    CHECK(r.heads.size() == 2);
    CHECK(verify(s / "ours.db", s / "base.db").ok);
  }

  TEST_CASE("merge refuses a side that does not verify") {
    Scratch s;
    sample(s / "ours.db");
    std::filesystem::copy_file(s / "ours.db", s / "theirs.db");
    tamper(s / "theirs.db", "UPDATE events SET actor = 'mallory' WHERE seq = 3");
    try {
      merge({}, s / "ours.db", s / "theirs.db");
      FAIL("merged a tampered ledger");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.message().find("does not verify") != std::string::npos);
    }
  }

  TEST_CASE("merge names the first side that does not verify, the base, ours, then theirs") {
    // The three are verified at once (merge.cpp); which one is named must
    // not depend on which thread finished first.
    Scratch s;
    sample(s / "good.db");
    auto bad = [&](const std::string& name, const std::string& sql) {
      std::filesystem::copy_file(s / "good.db", s / name, std::filesystem::copy_options::overwrite_existing);
      tamper(s / name, sql);
    };
    bad("base.db", "UPDATE events SET actor = 'mallory' WHERE seq = 2");
    bad("ours.db", "UPDATE events SET subject = 'x' WHERE seq = 3");
    bad("theirs.db", "UPDATE events SET kind = 'task.skipped' WHERE seq = 4");
    auto refusal = [&](const char* base, const char* ours, const char* theirs) {
      try {
        merge(s / base, s / ours, s / theirs);
      } catch (const Error& e) {
        CHECK(e.status() == ExitStatus::refused);
        return e.message();
      }
      return std::string("merged");
    };
    for (int i = 0; i < 3; ++i) {  // a few times: the threads finish in any order
      CHECK(refusal("base.db", "ours.db", "theirs.db").find("the base ledger") != std::string::npos);
      CHECK(refusal("good.db", "ours.db", "theirs.db").find("our ledger") != std::string::npos);
      CHECK(refusal("good.db", "good.db", "theirs.db").find("their ledger") != std::string::npos);
    }
    // Each refusal left ours as it was.
    CHECK(verify(s / "good.db").ok);
    CHECK(!verify(s / "ours.db").ok);
  }
}
