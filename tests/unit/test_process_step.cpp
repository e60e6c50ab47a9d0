// lib/process/load: the step files. A write writes no full cache, so a long
// run of writes (a script's loop) with no command between that shows the
// state made every write replay the whole run so far from state.pack. A
// core load that replays many events now leaves the core it reached in
// step.pack, and status the core with its summary in summary-step.pack;
// the next load starts from there. What they hold must be what a replay
// gives, whatever the run held.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "ledger_scratch.hpp"
#include "process/cache_store.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"
#include "process/trace.hpp"
#include "sealed_cache.hpp"
#include "state_dump.hpp"

using namespace interlink;
namespace k = interlink::ledger::kinds;
using ledger::Json;
using process::Detail;

namespace {

namespace stdfs = std::filesystem;

// The n-th event of a run that touches every field of the core: stakeholders
// added (with sectors), updated, removed, their consent; tasks started, done
// with references, reopened (earlier answers), skipped; feedback and
// decisions counted per phase iteration; gates overridden; and at n == 70
// phase one completed and reopened, so that later items count toward its
// second iteration.
std::vector<ledger::NewEvent> nth_events(int n) {
  static const char* sectors[] = {"public", "private", "academia"};
  const int iteration = n < 70 ? 1 : 2;
  const std::string org = "org-" + std::to_string(n / 10);
  const std::string task = "t" + std::to_string(n % 3);
  const Json in_one = {{"phase", "one"}, {"iteration", iteration}};
  switch (n % 10) {
    case 0:
      return {{std::string(k::stakeholder_added), org, {{"consent", "given"}, {"sector", sectors[n % 3]}}}};
    case 1:
    case 9:
      return {{std::string(k::feedback_recorded), org, {{"phase", "one"}, {"iteration", iteration}, {"text", "x"}}}};
    case 2:
      return {{std::string(k::decision_recorded),
               "one",
               {{"title", "d"}, {"iteration", iteration}, {"outcome", n % 4 == 2 ? "approved" : "rejected"}}}};
    case 3:
      return {{std::string(k::task_started), task, in_one}};
    case 4: {
      Json p = in_one;
      p["addresses"] = Json::array({"fb-" + std::to_string(1000 + n)});
      return {{std::string(k::task_done), task, p}};
    }
    case 5:
      return {{std::string(k::consent_recorded), org, {{"status", n % 20 == 5 ? "withdrawn" : "given"}}}};
    case 6:
      return {{std::string(k::stakeholder_updated), org, {{"sector", sectors[(n + 1) % 3]}}}};
    case 7:
      return {{std::string(k::task_reopened), task, in_one}};
    default:
      if (n == 68) {
        return {{std::string(k::phase_completed), "one", {{"iteration", 1}}},
                {std::string(k::phase_reopened), "one", {{"iteration", 2}}}};
      }
      if (n % 30 == 8) return {{std::string(k::stakeholder_removed), "org-" + std::to_string(n / 30), Json::object()}};
      if (n % 30 == 18) return {{std::string(k::task_skipped), "t9", {{"phase", "one"}, {"reason", "later"}}}};
      return {{std::string(k::gate_overridden),
               "one",
               {{"transition", "complete"},
                {"iteration", iteration},
                {"reason", "r"},
                {"unmet", Json::array({Json{{"condition", "feedback"}, {"have", 1}, {"need", 2}}})}}}};
  }
}

// A ledger with phase one started.
ledger::Ledger step_ledger(const ledger_test::Scratch& dir) {
  auto led = ledger::Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "step-test");
  led.append("t", {{{std::string(k::phase_started), "one", {{"iteration", 1}}}}});
  return led;
}

// Appends events from (and including) n until `count` more were appended; returns the next n.
int append_run(ledger::Ledger& led, int n, int count) {
  std::vector<ledger::NewEvent> evs;
  while (static_cast<int>(evs.size()) < count) {
    for (auto& e : nth_events(n++)) evs.push_back(std::move(e));
  }
  led.append("t", {evs});
  return n;
}

bool exists(const stdfs::path& root, const char* name) {
  return stdfs::is_regular_file(cache_test::cache_path(root, name));
}

// The seq of the key step.pack holds; -1 when there is none.
long long step_seq(const stdfs::path& root) {
  auto step = process::cache::read_step(root);
  return step ? step->first.seq : -1;
}

}  // namespace

TEST_SUITE("process step files") {
  TEST_CASE("a run of writes: every core load is the replay's core; step.pack is left after 32 events or more") {
    ledger_test::Scratch dir;
    auto led = step_ledger(dir);
    (void)process::load_state(led, dir.dir, true, Detail::full);  // state.pack at the start
    long long from = led.last_seq();                              // where the next core load starts
    long long stepped = -1;                                       // the key step.pack holds, -1 for none
    int n = 0;
    // Runs of writes of these many events between two core loads.
    for (int run : {1, 5, 31, 1, 40, 31, 1, 2, 33, 7, 3, 30, 4, 64, 1}) {
      n = append_run(led, n, run);
      const long long now = led.last_seq();
      CAPTURE(n);
      CAPTURE(run);
      const auto core = process::load_for_write(led, dir.dir);
      CHECK(core_dump(core) == core_dump(process::replay(led)));
      CHECK_FALSE(core.items);
      if (now - from >= 32) stepped = from = now;
      CHECK(step_seq(dir.dir) == stepped);
    }
    // A check (validate, --dry-run) writes no step file, however far behind.
    n = append_run(led, n, 40);
    const long long was = step_seq(dir.dir);
    CHECK(core_dump(process::load_state(led, dir.dir, false, Detail::core)) == core_dump(process::replay(led)));
    CHECK(step_seq(dir.dir) == was);
    // A command that shows the state (tasks: a core load) leaves one.
    (void)process::load_state(led, dir.dir, true, Detail::core);
    CHECK(step_seq(dir.dir) == led.last_seq());
    // A full cache written supersedes it: removed.
    (void)process::load_state(led, dir.dir, true, Detail::full);
    CHECK_FALSE(exists(dir.dir, "step.pack"));
    CHECK(exists(dir.dir, "state.pack"));
  }

  TEST_CASE("a write on a project with no cache replays once, then starts from step.pack") {
    ledger_test::Scratch dir;
    auto led = step_ledger(dir);
    append_run(led, 0, 50);
    CHECK(core_dump(process::load_for_write(led, dir.dir)) == core_dump(process::replay(led)));
    CHECK(step_seq(dir.dir) == led.last_seq());
    CHECK_FALSE(exists(dir.dir, "state.pack"));  // a write writes no full cache
  }

  TEST_CASE("a core load counts the items it replays without keeping them, and its state keeps what comes after") {
    // The replay keeps no item (State::keep_items, for that replay only): a
    // state it returns, as summary_step applies events to one, keeps the
    // items of those events.
    ledger::Event later;
    later.hash = std::string(64, 'f');
    later.kind = std::string(k::feedback_recorded);
    later.subject = "org-x";
    later.payload = {{"phase", "one"}, {"iteration", 1}, {"text", "later"}};
    for (bool cached : {false, true}) {
      CAPTURE(cached);
      ledger_test::Scratch dir;
      auto led = step_ledger(dir);
      int n = append_run(led, 0, 10);
      if (cached) {
        (void)process::load_state(led, dir.dir, true, Detail::full);
        append_run(led, n, 5);  // carried over from state.pack
      }
      auto core = process::load_for_write(led, dir.dir);
      CHECK(core.feedback.empty());
      CHECK(core.feedback_total == process::replay(led).feedback_total);
      CHECK(core.keep_items);
      process::apply(core, later);
      CHECK(core.feedback.size() == 1);
      CHECK(core.feedback_total == process::replay(led).feedback_total + 1);
    }
  }

  TEST_CASE("step.pack is what a core load reads, at a key of this chain only, and never when damaged") {
    ledger_test::Scratch dir;
    auto led = step_ledger(dir);
    int n = append_run(led, 0, 40);
    (void)process::load_for_write(led, dir.dir);
    REQUIRE(step_seq(dir.dir) == led.last_seq());
    std::string file;
    const auto good = cache_test::core_parts(dir.dir, "step.pack", file);
    // A hand-made step.pack at the ledger's key: a core load gives its state.
    auto edited = process::replay(led);
    edited.tasks.at("t0").note = "from the step";
    auto step_file = [&](long long seq, std::vector<std::string> heads, const std::string& tail = {}) {
      cache_test::core_file(led.root_hash(), heads, seq, edited).write(dir.dir, "step.pack", tail);
    };
    step_file(led.last_seq(), led.heads());
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t0").note == "from the step");
    // The same state behind by one event: carried over it.
    n = append_run(led, n, 1);
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t0").note == "from the step");
    const std::string replayed_note = process::replay(led).tasks.at("t0").note;
    // Of another chain (heads this ledger never had), or damaged: replayed.
    step_file(led.last_seq() - 1, {std::string(64, 'a')});
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t0").note == replayed_note);
    step_file(led.last_seq(), led.heads(), "1:x");
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t0").note == replayed_note);
    for (std::size_t cut : {std::size_t{1}, good.head.size() / 2, good.head.size() - 1}) {
      cache_test::write_core_parts(dir.dir, "step.pack", good.head.substr(0, cut), good.tail);
      CHECK(core_dump(process::load_state(led, dir.dir, false, Detail::core)) == core_dump(process::replay(led)));
    }
    // state.pack's bytes under step.pack's name: the seal binds the name.
    (void)process::load_state(led, dir.dir, true, Detail::full);
    const auto sealed = stdfs::path(cache_test::cache_path(dir.dir, "state.pack"));
    stdfs::copy_file(sealed, cache_test::cache_path(dir.dir, "step.pack"), stdfs::copy_options::overwrite_existing);
    CHECK_FALSE(process::cache::read_step(dir.dir));
  }

  TEST_CASE("status carries its summary over a long run once, and starts from summary-step.pack after") {
    ledger_test::Scratch dir;
    auto led = step_ledger(dir);
    int n = append_run(led, 0, 3);
    (void)process::load_state(led, dir.dir, true, Detail::full);
    auto want = [&] { return summary_dump(process::summarize(process::replay(led))); };
    // A run of feedback items and stakeholders: status carries the summary
    // over them (no phase event, no answer).
    auto items = [&](int count) {
      std::vector<ledger::NewEvent> evs;
      for (int i = 0; i < count; ++i) {
        evs.push_back({std::string(k::feedback_recorded), "org-" + std::to_string(i % 7),
                       Json{{"phase", "one"}, {"iteration", 1}, {"text", std::to_string(n++)}}});
      }
      led.append("t", {evs});
    };
    items(10);
    auto s = process::load_state(led, dir.dir, true, Detail::summary);
    REQUIRE(s.summary);
    CHECK(summary_dump(*s.summary) == want());
    CHECK_FALSE(exists(dir.dir, "summary-step.pack"));  // 10 events: not worth a file
    items(40);
    s = process::load_state(led, dir.dir, true, Detail::summary);
    REQUIRE(s.summary);
    CHECK(summary_dump(*s.summary) == want());
    CHECK(core_dump(s) == core_dump(process::replay(led)));
    auto step = process::cache::read_summary_step(dir.dir);
    REQUIRE(step);
    CHECK(step->key.seq == led.last_seq());
    // Read, not recomputed: a summary edited under the seal is what status gives.
    auto w = cache_test::core_file(led.root_hash(), led.heads(), led.last_seq(), step->state);
    auto edited = *step->state.summary;
    edited.open = 999;
    process::pack::put(w.head, edited);
    w.head.strs(step->approved);
    w.write(dir.dir, "summary-step.pack");
    CHECK(process::load_state(led, dir.dir, false, Detail::summary).summary->open == 999);
    // Carried from there over what comes next, as from summary.pack.
    items(2);
    CHECK(process::load_state(led, dir.dir, false, Detail::summary).summary->open == 1001);
    // Damaged: status starts from summary.pack again, and is right.
    w.write(dir.dir, "summary-step.pack", "1:x");
    s = process::load_state(led, dir.dir, false, Detail::summary);
    REQUIRE(s.summary);
    CHECK(summary_dump(*s.summary) == want());
    // A check never writes it.
    stdfs::remove(cache_test::cache_path(dir.dir, "summary-step.pack"));
    items(40);
    (void)process::load_state(led, dir.dir, false, Detail::summary);
    CHECK_FALSE(exists(dir.dir, "summary-step.pack"));
    // status does; a full cache written after supersedes it: removed.
    (void)process::load_state(led, dir.dir, true, Detail::summary);
    CHECK(exists(dir.dir, "summary-step.pack"));
    (void)process::load_state(led, dir.dir, true, Detail::full);
    CHECK_FALSE(exists(dir.dir, "summary-step.pack"));
  }
}
