// What `status` needs of the feedback items and decisions (state.hpp's
// ItemSummary): computed from a state with its items by summarize(), and kept
// by the state cache in summary.pack so that status on a million events reads
// no item (process/load.hpp's Detail::summary). A summary load must give what
// the items give, and never a summary of another ledger state.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "ledger_scratch.hpp"
#include "process/answer_step.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"
#include "process/summary_step.hpp"
#include "process/trace.hpp"
#include "sealed_cache.hpp"
#include "state_dump.hpp"
#include "util/fs.hpp"

using namespace interlink;
namespace k = interlink::ledger::kinds;
using ledger::Json;
using process::Detail;

using cache_test::sealed_bytes;
using cache_test::write_sealed;

namespace {

// The hash of the n-th feedback.recorded event (0-based) of a ledger.
std::string feedback_hash(const ledger::Ledger& led, int n) {
  return process::replay(led).feedback.at(static_cast<std::size_t>(n)).hash;
}

// Phase one active in iteration 1 with three items: A (org-a) and B (org-b)
// in phase one, C (org-a) in phase two, which is not active. Task t1 done
// answering A, an approved decision answering C, a rejected one naming B:
// only B is open.
ledger::Ledger summary_ledger(const ledger_test::Scratch& dir) {
  auto led = ledger::Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "summary-test");
  led.append("t",
             {{{std::string(k::phase_started), "one", {{"iteration", 1}}},
               {std::string(k::feedback_recorded), "org-a", {{"phase", "one"}, {"iteration", 1}, {"text", "A"}}},
               {std::string(k::feedback_recorded), "org-b", {{"phase", "one"}, {"iteration", 1}, {"text", "B"}}},
               {std::string(k::feedback_recorded), "org-a", {{"phase", "two"}, {"iteration", 1}, {"text", "C"}}}}});
  const std::string a = "fb-" + feedback_hash(led, 0).substr(0, 10);
  const std::string b = "fb-" + feedback_hash(led, 1).substr(0, 10);
  const std::string c = "fb-" + feedback_hash(led, 2).substr(0, 10);
  led.append(
      "t",
      {{{std::string(k::task_started), "t1", {{"phase", "one"}, {"iteration", 1}}},
        {std::string(k::task_done), "t1", {{"phase", "one"}, {"iteration", 1}, {"addresses", {a}}}},
        {std::string(k::decision_recorded),
         "one",
         {{"title", "yes"}, {"iteration", 1}, {"outcome", "approved"}, {"addresses", {c}}}},
        {std::string(k::decision_recorded),
         "one",
         {{"title", "no"}, {"iteration", 1}, {"outcome", "rejected"}, {"addresses", {b}}, {"review", "2026-05-01"}}}}});
  return led;
}

}  // namespace

TEST_SUITE("process summary") {
  TEST_CASE("summarize: open items by who said them, who was heard, the decisions to review") {
    ledger_test::Scratch dir;
    auto led = summary_ledger(dir);
    auto s = process::replay(led);
    auto sum = process::summarize(s);
    CHECK(sum.open == 1);  // B: a rejected decision does not answer it
    CHECK(sum.open_by_from == std::map<std::string, long>{{"org-b", 1}});
    // Heard: items of phase one (active, iteration 1); C is of phase two.
    CHECK(sum.heard == std::set<std::string>{"org-a", "org-b"});
    REQUIRE(sum.reviewable.size() == 1);
    CHECK(sum.reviewable[0].title == "no");
    CHECK(sum.reviewable[0].id == s.decisions[1].id);
    CHECK(sum.reviewable[0].id.rfind("dc-", 0) == 0);

    // A task reopened no longer answers A: it is open again.
    led.append("t", {{{std::string(k::task_reopened), "t1", {{"phase", "one"}, {"iteration", 1}}}}});
    sum = process::summarize(process::replay(led));
    CHECK(sum.open == 2);
    CHECK(sum.open_by_from == std::map<std::string, long>{{"org-a", 1}, {"org-b", 1}});

    // Phase one done then reopened: iteration 2 has heard nobody yet, until
    // org-c speaks in it; an item of a done phase is heard by no one.
    led.append("t", {{{std::string(k::phase_completed), "one", {{"iteration", 1}}},
                      {std::string(k::phase_reopened), "one", {{"iteration", 2}}}}});
    CHECK(process::summarize(process::replay(led)).heard.empty());
    led.append("t", {{{std::string(k::feedback_recorded), "org-c", {{"phase", "one"}, {"iteration", 2}}}}});
    CHECK(process::summarize(process::replay(led)).heard == std::set<std::string>{"org-c"});
  }

  TEST_CASE("a summary load gives the summary of the items, without the items") {
    ledger_test::Scratch dir;
    auto led = summary_ledger(dir);
    const auto want = summary_dump(process::summarize(process::replay(led)));
    // No cache: computed from a replay, and the cache written with it.
    auto first = process::load_state(led, dir.dir, true, Detail::summary);
    CHECK_FALSE(first.items);
    CHECK(first.feedback.empty());
    CHECK(first.decisions.empty());
    REQUIRE(first.summary);
    CHECK(summary_dump(*first.summary) == want);
    CHECK(first.feedback_total == 3);
    REQUIRE(std::filesystem::is_regular_file(cache_test::cache_path(dir.dir, "summary.pack")));
    // From the cache: the same.
    auto second = process::load_state(led, dir.dir, false, Detail::summary);
    REQUIRE(second.summary);
    CHECK(summary_dump(*second.summary) == want);
    // Full and core loads carry no summary (a full state is summarized on demand).
    CHECK_FALSE(process::load_state(led, dir.dir, false, Detail::full).summary);
    CHECK_FALSE(process::load_state(led, dir.dir, false, Detail::core).summary);
  }

  TEST_CASE("summary.pack is read under the ledger's key only, and never when damaged") {
    ledger_test::Scratch dir;
    auto led = summary_ledger(dir);
    (void)process::load_state(led, dir.dir, true, Detail::full);
    const auto real = process::summarize(process::replay(led));
    auto summary_file = [&](long long seq, long open, const std::string& tail = {}) {
      process::pack::Writer w;
      w.str("interlink state summary");
      w.num(process::kStateCacheVersion);
      w.str(led.root_hash());
      w.strs(led.heads());
      w.num(seq);
      auto edited = real;
      edited.open = open;
      process::pack::put(w, edited);
      w.strs({});  // the approved decisions' references (cache version 10)
      write_sealed(dir.dir, "summary.pack", w.bytes() + tail);
    };
    auto open_now = [&] { return process::load_state(led, dir.dir, false, Detail::summary).summary->open; };
    // Proof that the file is read, not the items: a hand-made summary under
    // the ledger's key is what a summary load gives.
    summary_file(led.last_seq(), 42);
    CHECK(open_now() == 42);
    // Another key, bytes after the summary, a cut file: computed again.
    summary_file(1, 42);
    CHECK(open_now() == real.open);
    summary_file(led.last_seq(), 42, "1:x");
    CHECK(open_now() == real.open);
    summary_file(led.last_seq(), 42);
    const std::string good = sealed_bytes(dir.dir, "summary.pack");
    for (std::size_t cut : {std::size_t{1}, good.size() / 2, good.size() - 1}) {
      write_sealed(dir.dir, "summary.pack", good.substr(0, cut));
      CHECK(open_now() == real.open);
    }
    // The ledger grew by an item: the summary of the state before is
    // carried over it (process/summary_step.hpp), not computed again from
    // the items: the hand-made 42 becomes 43.
    summary_file(led.last_seq(), 42);
    led.append("t", {{{std::string(k::feedback_recorded), "org-d", {{"phase", "one"}, {"iteration", 1}}}}});
    auto grown = process::load_state(led, dir.dir, true, Detail::summary);
    CHECK(grown.summary->open == 43);
    CHECK(grown.summary->open_by_from.at("org-d") == 1);
    CHECK(grown.summary->heard.count("org-d") == 1);
    CHECK(grown.feedback_total == 4);
    CHECK(grown.feedback.empty());
    // A phase moved, which the summary cannot be carried over: computed
    // from the items, and the refreshed cache answers for the ledger.
    led.append("t", {{{std::string(k::phase_completed), "one", {{"iteration", 1}}}}});
    const auto moved = process::summarize(process::replay(led));
    CHECK(summary_dump(*process::load_state(led, dir.dir, true, Detail::summary).summary) == summary_dump(moved));
    CHECK(open_now() == moved.open);
  }

  TEST_CASE("a summary carried over each kind of event is the summary of the items, or refused") {
    ledger_test::Scratch dir;
    auto led = summary_ledger(dir);
    // What the cache holds: the core, and the summary with the approved
    // decisions' references, of the ledger as it is.
    process::State core;
    process::ItemSummary sum;
    std::vector<std::string> approved;
    auto from_cache = [&] {
      const auto full = process::replay(led);
      sum = process::summarize(full);
      approved = process::approved_refs(full);
      core = process::load_state(led, dir.dir, false, Detail::core);
    };
    from_cache();
    // Every hash starts with one of these: references that name any item.
    std::vector<std::string> every;
    for (char c : std::string("0123456789abcdef")) every.push_back(std::string("fb-") + c);
    struct Step {
      const char* what;
      ledger::NewEvent event;
      bool carried;
    };
    const Step steps[] = {
        {"a stakeholder", {std::string(k::stakeholder_added), "org-x", {{"consent", "granted"}}}, true},
        {"an item in the active iteration",
         {std::string(k::feedback_recorded), "org-x", {{"phase", "one"}, {"iteration", 1}}},
         true},
        {"an item of a phase not active", {std::string(k::feedback_recorded), "org-y", {{"phase", "two"}}}, true},
        {"an item of another iteration of the active phase",
         {std::string(k::feedback_recorded), "org-w", {{"phase", "one"}, {"iteration", 2}}},
         true},
        {"a rejected decision naming an item",
         {std::string(k::decision_recorded), "one", {{"title", "r"}, {"outcome", "rejected"}, {"addresses", {"fb-0"}}}},
         true},
        {"an approved decision naming nothing",
         {std::string(k::decision_recorded), "one", {{"title", "a"}, {"outcome", "approved"}}},
         true},
        {"a task started", {std::string(k::task_started), "t2", {{"phase", "one"}}}, true},
        {"a task done naming nothing", {std::string(k::task_done), "t2", {{"phase", "one"}}}, true},
        {"consent", {std::string(k::consent_recorded), "org-x", {{"status", "withdrawn"}}}, true},
        {"an override", {std::string(k::gate_overridden), "one", {{"transition", "complete"}, {"reason", "r"}}}, true},
        {"a kind this build does not know", {"custom.noted", "one", {{"x", 1}}}, true},
        // A task's id may be "" (the ledger takes any subject): an answer of
        // a decision must not take it for the answering task and leave it out.
        // It names every item (their hashes depend on the time: naming a few
        // prefixes, it named no open item in a third of the runs).
        {"a task of id \"\" started", {std::string(k::task_started), "", {{"phase", "one"}}}, true},
        {"a task of id \"\" done naming items",
         {std::string(k::task_done), "", {{"phase", "one"}, {"addresses", every}}},
         true},
        {"an approved decision naming the items the task of id \"\" answered",
         {std::string(k::decision_recorded), "one", {{"title", "e"}, {"outcome", "approved"}, {"addresses", every}}},
         true},
        {"the task of id \"\" reopened", {std::string(k::task_reopened), "", {{"phase", "one"}}}, false},
        {"a done task reopened, which answered an item",
         {std::string(k::task_reopened), "t1", {{"phase", "one"}}},
         false},
        {"a task started again", {std::string(k::task_started), "t3", {{"phase", "one"}}}, true},
        // Answers: the items they name are found through the hash index.
        {"a task done naming items", {std::string(k::task_done), "t3", {{"phase", "one"}, {"addresses", every}}}, true},
        {"an item a done task names", {std::string(k::feedback_recorded), "org-z", {{"phase", "one"}}}, false},
        {"t3 reopened", {std::string(k::task_reopened), "t3", {{"phase", "one"}}}, false},
        {"an approved decision naming items",
         {std::string(k::decision_recorded), "one", {{"title", "b"}, {"outcome", "approved"}, {"addresses", every}}},
         true},
        {"an approved decision naming items answered already and one that is not a reference",
         {std::string(k::decision_recorded),
          "one",
          {{"title", "b2"}, {"outcome", "approved"}, {"addresses", {"fb-0", "fb-1", "fb-", "dc-0", "fb-XYZ"}}}},
         true},
        {"an item an approved decision names", {std::string(k::feedback_recorded), "org-z", {{"phase", "one"}}}, false},
        {"a decision to review",
         {std::string(k::decision_recorded),
          "one",
          {{"title", "c"}, {"outcome", "rejected"}, {"review", "2027-01-01"}}},
         false},
        {"t4 done naming items", {std::string(k::task_done), "t4", {{"phase", "one"}, {"addresses", every}}}, true},
        {"a phase completed", {std::string(k::phase_completed), "one", {{"iteration", 1}}}, false},
        {"the phase reopened", {std::string(k::phase_reopened), "one", {{"iteration", 2}}}, false},
        // A task that answered items in iteration 1 keeps those answers
        // whatever it does in iteration 2, short of naming items and then
        // being reopened: every move but that is carried.
        {"t4, which answered items in iteration 1, started in iteration 2",
         {std::string(k::task_started), "t4", {{"phase", "one"}, {"iteration", 2}}},
         true},
        {"t4 done naming nothing in iteration 2",
         {std::string(k::task_done), "t4", {{"phase", "one"}, {"iteration", 2}}},
         true},
        {"t4 reopened in iteration 2, having named nothing there",
         {std::string(k::task_reopened), "t4", {{"phase", "one"}, {"iteration", 2}}},
         true},
        {"t4 done in iteration 2 naming items again",
         {std::string(k::task_done), "t4", {{"phase", "one"}, {"iteration", 2}, {"addresses", every}}},
         true},
        // A done recorded again, naming other items (the ledger takes it): an
        // answer changed, not one more; the items it named may be open again.
        {"t4 done once more in iteration 2, naming other items",
         {std::string(k::task_done), "t4", {{"phase", "one"}, {"iteration", 2}, {"addresses", {"fb-0"}}}},
         false},
        {"an item in iteration 2",
         {std::string(k::feedback_recorded), "org-x", {{"phase", "one"}, {"iteration", 2}}},
         false},
        {"t4 reopened in iteration 2, having named items there",
         {std::string(k::task_reopened), "t4", {{"phase", "one"}, {"iteration", 2}}},
         false},
    };
    for (const auto& step : steps) {
      INFO(step.what);
      led.append("t", {{step.event}});
      ledger::Event e;
      led.scan({.after_seq = led.last_seq() - 1}, [&](const ledger::Record& r) { e = led.parse(r); });
      const bool carried = process::step_summary(core, sum, approved, e, led);
      CHECK(carried == step.carried);
      if (carried) {
        CHECK(summary_dump(sum) == summary_dump(process::summarize(process::replay(led))));
        CHECK(core.feedback.empty());
        CHECK(core.decisions.empty());
      }
      from_cache();  // as load_state does after a refusal; after a step, the same
    }
  }

  TEST_CASE("an answer is carried over only with at most kMaxNamed references to items, naming as many") {
    ledger_test::Scratch dir;
    auto led = ledger::Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "named-test");
    constexpr int kItems = process::answer_step::kMaxNamed + 6;
    std::vector<ledger::NewEvent> items;
    for (int i = 0; i < kItems; ++i)
      items.push_back({std::string(k::feedback_recorded), "org-a", {{"phase", "one"}, {"text", std::to_string(i)}}});
    led.append("t", {items});
    std::vector<std::string> ids;  // each names one item, as --addresses records it
    for (const auto& f : process::replay(led).feedback) ids.push_back("fb-" + f.hash.substr(0, 10));
    const long long upto = led.last_seq();
    using process::answer_step::named_items;
    const auto max = static_cast<std::size_t>(process::answer_step::kMaxNamed);
    std::vector<std::string> refs(ids.begin(), ids.begin() + static_cast<long>(max));
    auto named = named_items(refs, led, upto);
    REQUIRE(named.has_value());
    CHECK(named->size() == max);
    // Other references cost nothing and count for nothing.
    refs.push_back("dc-0");
    refs.push_back("fb-");
    CHECK(named_items(refs, led, upto).has_value());
    // One reference to an item more, even one that names nothing: the
    // caller replays instead.
    refs.push_back("fb-0123456789abcdef0123");
    CHECK_FALSE(named_items(refs, led, upto).has_value());
    // Sixteen references that name every item between them: too many items.
    std::vector<std::string> every;
    for (char c : std::string("0123456789abcdef")) every.push_back(std::string("fb-") + c);
    CHECK_FALSE(named_items(every, led, upto).has_value());
  }
}
