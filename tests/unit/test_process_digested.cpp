// lib/process/verified and load_digested: what lets `validate` skip reading
// a ledger that `verify` checked and that has not changed since. The mark
// must name the file exactly (any change to it, through SQLite or not, and
// any other file in its place, is no mark), and the cached digest and refs
// must be what validate's own replay would give, extended by the events
// appended since.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <string>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "ledger_scratch.hpp"
#include "process/load.hpp"
#include "process/verified.hpp"
#include "sealed_cache.hpp"
#include "state_dump.hpp"

using namespace interlink;
namespace k = interlink::ledger::kinds;
using ledger::Json;
using ledger::Ledger;

namespace {

// Events of every kind validate notes: stakeholders added and removed, a
// phase and a task moved, feedback from two senders, a decision, and a kind
// this version does not know.
void grow(Ledger& led, const std::string& who, const std::string& phase) {
  std::vector<ledger::NewEvent> evs = {
      {std::string(k::stakeholder_added), who, {{"consent", "given"}}},
      {std::string(k::stakeholder_added), who + "-gone", Json::object()},
      {std::string(k::stakeholder_removed), who + "-gone", Json::object()},
      {std::string(k::phase_started), phase, {{"iteration", 1}}},
      {std::string(k::task_started), phase + "-task", {{"phase", phase}, {"iteration", 1}}},
      {std::string(k::feedback_recorded), who, {{"phase", phase}, {"iteration", 1}, {"text", "a"}}},
      {std::string(k::feedback_recorded), "other", {{"phase", phase}, {"iteration", 1}, {"text", "b"}}},
      {std::string(k::decision_recorded), phase, {{"title", "t"}, {"iteration", 1}, {"outcome", "approved"}}},
      {"custom." + who, who, Json::object()},
  };
  led.append("t", {evs});
}

std::string refs_dump(const process::LedgerRefs& r) {
  std::string out;
  for (const auto& [id, present] : r.stakeholders) out += id + (present ? "+ " : "- ");
  out += "| ";
  for (const auto& [phase, id] : r.plan_refs) out += (phase ? "phase:" : "task:") + id + " ";
  out += "| ";
  for (const auto& kind : r.unknown_kinds) out += kind + " ";
  return out;
}

// What validate's own replay gives: verified and replayed in one read, the
// refs noted from each event.
struct Lean {
  process::State state;
  process::LedgerRefs refs;
};
Lean lean(const ledger_test::Scratch& dir) {
  auto led = Ledger::open(dir / "ledger.db", Ledger::Mode::read_only);
  Lean out;
  auto v = process::verify_and_replay(
      led, dir / "ledger.db", false, [&](const ledger::RecordView& e) { out.refs.note(e.kind, e.subject); },
      process::Items::digest);
  REQUIRE(v.verify.ok);
  out.state = std::move(v.state);
  return out;
}

// load_digested's state as validate reads it: the same core, digest and refs.
void same_as_lean(const process::State& s, const ledger_test::Scratch& dir) {
  const Lean want = lean(dir);
  REQUIRE(s.refs.has_value());
  REQUIRE(s.digest.has_value());
  CHECK(core_dump(s) == core_dump(want.state));
  CHECK(digest_dump(*s.digest) == digest_dump(*want.state.digest));
  CHECK(refs_dump(*s.refs) == refs_dump(want.refs));
  CHECK(s.feedback.empty());
  // Replayed from the very rows verify reads: the same print.
  REQUIRE(s.print.has_value());
  CHECK(s.print->hex() == ledger::verify(dir / "ledger.db").rows_print);
}

// Marks the ledger verified, as the verify command does.
void mark(const ledger_test::Scratch& dir) {
  auto id = process::ledger_file_id(dir / "ledger.db");
  REQUIRE(id.has_value());
  auto v = ledger::verify(dir / "ledger.db");
  REQUIRE(v.ok);
  process::mark_verified(dir.dir, *id, v);
}

bool holds(const ledger_test::Scratch& dir) {
  auto led = Ledger::open(dir / "ledger.db", Ledger::Mode::read_only);
  return process::verified_rows_print(dir.dir, dir / "ledger.db", led).has_value();
}

}  // namespace

TEST_SUITE("process digested") {
  TEST_CASE("the cache keeps what validate's replay gives, and the events appended since extend it") {
    ledger_test::Scratch dir;
    {
      auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "digest-test");
      grow(led, "a", "one");
      auto none = process::load_digested(led, dir.dir);
      CHECK_FALSE(none.has_value());  // nothing cached yet
      (void)process::load_state(led, dir.dir, true);
      auto s = process::load_digested(led, dir.dir);
      REQUIRE(s.has_value());
      same_as_lean(*s, dir);
      // Appended after the cache: new senders, phases, tasks, kinds, and a
      // stakeholder of the cache removed.
      grow(led, "b", "two");
      led.append("t", {{{std::string(k::stakeholder_removed), "a", Json::object()},
                        {std::string(k::feedback_recorded), "c", {{"phase", "one"}, {"text", "x"}}}}});
    }
    auto led = Ledger::open(dir / "ledger.db", Ledger::Mode::read_only);
    auto s = process::load_digested(led, dir.dir);
    REQUIRE(s.has_value());
    same_as_lean(*s, dir);
    CHECK(refs_dump(*s->refs) ==
          "a- a-gone- b+ b-gone- | phase:one task:one-task phase:two task:two-task | custom.a custom.b ");
  }

  TEST_CASE("a cache written by a replay that grew from an older cache keeps the refs going") {
    ledger_test::Scratch dir;
    auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "digest-test");
    grow(led, "a", "one");
    (void)process::load_state(led, dir.dir, true);
    grow(led, "b", "two");
    (void)process::load_state(led, dir.dir, true);  // the cached state plus two events' worth
    // The newest cache is of the ledger as it is: nothing to replay.
    auto s = process::load_digested(led, dir.dir);
    REQUIRE(s.has_value());
    same_as_lean(*s, dir);
    // And the state a full load gives still has its items (the refs' replay
    // must not make it a lean one).
    auto full = process::load_state(led, dir.dir, false);
    CHECK(full.feedback.size() == 4);
    CHECK_FALSE(full.digest.has_value());
  }

  TEST_CASE("no digest for a ledger of another root, or that does not extend the cached one") {
    ledger_test::Scratch dir, other;
    {
      auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "digest-test");
      grow(led, "a", "one");
      (void)process::load_state(led, dir.dir, true);
    }
    auto led2 = Ledger::create(other / "ledger.db", "t", {{"title", "T"}}, "other");
    grow(led2, "a", "one");
    CHECK_FALSE(process::load_digested(led2, dir.dir).has_value());
  }

  TEST_CASE("the mark holds for the file verify checked, and for nothing else") {
    ledger_test::Scratch dir;
    {
      auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "mark-test");
      grow(led, "a", "one");
      // What status leaves: .interlink/, where alone verify writes its mark.
      (void)process::load_state(led, dir.dir, true);
    }
    CHECK_FALSE(holds(dir));  // never verified
    mark(dir);
    REQUIRE(std::filesystem::is_regular_file(cache_test::cache_path(dir.dir, "verified.pack")));
    CHECK(holds(dir));
    CHECK(holds(dir));  // reading it changes nothing

    SUBCASE("an event appended") {
      {
        auto led = Ledger::open(dir / "ledger.db");
        grow(led, "b", "two");
      }
      CHECK_FALSE(holds(dir));
      mark(dir);
      CHECK(holds(dir));
    }
    SUBCASE("its bytes changed in place, its times put back") {
      struct stat before {};
      REQUIRE(::stat((dir / "ledger.db").c_str(), &before) == 0);
      {
        std::fstream f(dir / "ledger.db", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(before.st_size - 1);
        f.put('\x01');
      }
      const struct timespec times[2] = {before.st_atim, before.st_mtim};
      REQUIRE(::utimensat(AT_FDCWD, (dir / "ledger.db").c_str(), times, 0) == 0);
      CHECK_FALSE(holds(dir));  // its change time moved
    }
    SUBCASE("SQLite's change counter moved, nothing else") {
      // What a commit through SQLite in the same tick of the clock, of the
      // same size, would leave: only the counter tells.
      auto id = process::ledger_file_id(dir / "ledger.db");
      REQUIRE(id.has_value());
      auto v = ledger::verify(dir / "ledger.db");
      id->change_counter += 1;
      process::mark_verified(dir.dir, *id, v);
      CHECK_FALSE(holds(dir));
    }
    SUBCASE("another file in its place, a copy of the same bytes") {
      std::filesystem::copy_file(dir / "ledger.db", dir / "copy.db");
      std::filesystem::rename(dir / "copy.db", dir / "ledger.db");
      CHECK_FALSE(holds(dir));
    }
    SUBCASE("a ledger that group or others may write") {
      std::filesystem::permissions(dir / "ledger.db", std::filesystem::perms::group_write,
                                   std::filesystem::perm_options::add);
      mark(dir);  // marked as it is now, group-writable
      CHECK_FALSE(holds(dir));
    }
    SUBCASE("the mark not sealed by this user") {
      std::string bytes = cache_test::sealed_bytes(dir.dir, "verified.pack");
      std::ofstream(cache_test::cache_path(dir.dir, "verified.pack"), std::ios::binary) << bytes;
      CHECK_FALSE(holds(dir));
    }
  }

  TEST_CASE("interlink's own writes keep the mark: the print extended by their rows, as verify would compute it") {
    ledger_test::Scratch dir;
    {
      auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "keep-test");
      grow(led, "a", "one");
      (void)process::load_state(led, dir.dir, true);
    }
    mark(dir);
    REQUIRE(holds(dir));
    // What cmd/app.cpp sets for every command; unset at the end of the test.
    struct Watch {
      Watch() { ledger::set_commit_watch(&process::mark_keeper()); }
      ~Watch() { ledger::set_commit_watch(nullptr); }
    } watch;
    {
      auto led = Ledger::open(dir / "ledger.db");
      grow(led, "b", "two");
      led.append("t", {{{std::string(k::stakeholder_removed), "a", Json::object()}}});
    }
    REQUIRE(holds(dir));
    {
      auto led = Ledger::open(dir / "ledger.db", Ledger::Mode::read_only);
      CHECK(process::verified_rows_print(dir.dir, dir / "ledger.db", led) ==
            ledger::verify(dir / "ledger.db").rows_print);
      // validate's way: the older core and digest, extended by the rows
      // appended, matching the mark's print.
      auto s = process::load_digested(led, dir.dir);
      REQUIRE(s.has_value());
      same_as_lean(*s, dir);
    }

    SUBCASE("a file changed behind the mark is not marked by the next write") {
      struct stat before {};
      REQUIRE(::stat((dir / "ledger.db").c_str(), &before) == 0);
      const struct timespec times[2] = {before.st_atim, before.st_mtim};
      REQUIRE(::utimensat(AT_FDCWD, (dir / "ledger.db").c_str(), times, 0) == 0);  // its change time moves
      REQUIRE_FALSE(holds(dir));
      {
        auto led = Ledger::open(dir / "ledger.db");
        grow(led, "c", "three");
      }
      CHECK_FALSE(holds(dir));
    }
    SUBCASE("a change that writes files keeps it too") {
      {
        auto led = Ledger::open(dir / "ledger.db");
        led.append("t", {{{std::string(k::stakeholder_added), "d", Json::object()}},
                         {ledger::FileChange{"stakeholders/d.yaml", std::string("id: d\n")}}});
      }
      CHECK(holds(dir));
      auto led = Ledger::open(dir / "ledger.db", Ledger::Mode::read_only);
      CHECK(process::verified_rows_print(dir.dir, dir / "ledger.db", led) ==
            ledger::verify(dir / "ledger.db").rows_print);
    }
  }

  TEST_CASE("a cache replayed from a doctored copy with the same heads has another print") {
    // What a reviewer's `status` on a crafted branch leaves: a state cache
    // keyed like the genuine ledger (a replay does not recompute the stored
    // hashes), from other bytes.
    ledger_test::Scratch dir;
    {
      auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "poison-test");
      grow(led, "a", "one");
    }
    const auto db = dir / "ledger.db";
    std::string genuine;
    {
      std::ifstream in(db, std::ios::binary);
      genuine.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto doctored = genuine;
    const auto at = doctored.find("one-task");
    REQUIRE(at != std::string::npos);
    doctored.replace(at, 8, "one-tusk");
    std::ofstream(db, std::ios::binary) << doctored;
    {
      auto led = Ledger::open(db, Ledger::Mode::read_only);
      (void)process::load_state(led, dir.dir, true);
    }
    std::ofstream(db, std::ios::binary) << genuine;
    mark(dir);
    auto led = Ledger::open(db, Ledger::Mode::read_only);
    auto verified = process::verified_rows_print(dir.dir, db, led);
    REQUIRE(verified.has_value());
    auto s = process::load_digested(led, dir.dir);
    REQUIRE(s.has_value());  // the cache is there, keyed like the ledger...
    CHECK(s->refs->plan_refs.at(1).second == "one-tusk");
    CHECK(s->print->hex() != *verified);  // ... but not of its rows
  }

  TEST_CASE("a ledger that failed verification is never marked") {
    ledger_test::Scratch dir;
    {
      auto led = Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "mark-test");
      grow(led, "a", "one");
      // What status leaves: .interlink/, where alone verify writes its mark.
      (void)process::load_state(led, dir.dir, true);
    }
    auto id = process::ledger_file_id(dir / "ledger.db");
    REQUIRE(id.has_value());
    ledger::VerifyResult bad = ledger::verify(dir / "ledger.db");  // its root and heads right
    bad.ok = false;
    process::mark_verified(dir.dir, *id, bad);
    CHECK_FALSE(holds(dir));
    CHECK_FALSE(std::filesystem::exists(cache_test::cache_path(dir.dir, "verified.pack")));
  }
}
