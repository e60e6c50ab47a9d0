// Unit tests for process::trace_one (lib/process/trace_one.cpp): one feedback
// item read alone must be exactly what trace() gives for it, and it must be
// read alone whenever that is exact (else `feedback show` and `trace ID`
// load every item, as they did: issue 10).
#include <doctest/doctest.h>

#include <stdlib.h>  // setenv, unsetenv

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "ledger/ledger.hpp"
#include "process/ids.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"
#include "process/trace_one.hpp"

using namespace interlink;

namespace {

// Sets SOURCE_DATE_EPOCH (the clock of every event appended) for its life,
// and puts back what was there.
struct Clock {
  std::string was;
  bool had = false;
  Clock() {
    if (const char* v = std::getenv("SOURCE_DATE_EPOCH")) {
      was = v;
      had = true;
    }
  }
  void at(long seconds) const { ::setenv("SOURCE_DATE_EPOCH", std::to_string(seconds).c_str(), 1); }
  ~Clock() {
    if (had) {
      ::setenv("SOURCE_DATE_EPOCH", was.c_str(), 1);
    } else {
      ::unsetenv("SOURCE_DATE_EPOCH");
    }
  }
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
};

auto fields(const process::Answer& a) { return std::tie(a.kind, a.id, a.title, a.time, a.actor, a.outcome); }

void check_same_answers(const std::vector<process::Answer>& got, const std::vector<process::Answer>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(fields(got[i]) == fields(want[i]));
}

}  // namespace

TEST_SUITE("process trace_one") {
  TEST_CASE("an item's short id needs only the items that share its first digits") {
    // trace_one computes one item's id from the items whose hashes share its
    // first kShortIdDigits digits: the same id short_ids gives among all.
    std::mt19937 rng(20261205u);
    const std::string hex = "0123456789abcdef";
    std::vector<std::string> all;
    for (int i = 0; i < 400; ++i) {
      std::string h;
      // Now and then a hash that shares 8 to 12 digits with an earlier one.
      if (!all.empty() && rng() % 4 == 0) {
        h = all[rng() % all.size()].substr(0, 8 + rng() % 5);
      }
      while (h.size() < 64) h += hex[rng() % 16];
      all.push_back(h);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    const auto ids = process::short_ids(all);
    int longer = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      std::vector<std::string> sharing;
      for (const auto& h : all)
        if (h.compare(0, process::kShortIdDigits, all[i], 0, process::kShortIdDigits) == 0) sharing.push_back(h);
      std::shuffle(sharing.begin(), sharing.end(), rng);
      CHECK(process::short_id_among(all[i], sharing) == ids[i]);
      longer += ids[i].size() > process::kShortIdDigits ? 1 : 0;
    }
    CHECK(longer > 20);  // the case that matters was there
    CHECK(process::short_id_among(all[0], {all[1]}).empty());
  }

  TEST_CASE("random ledgers: each item read alone is what trace() gives, and read alone unless two answers tie") {
    const char* env = std::getenv("INTERLINK_TRACE_ONE_SEED");
    std::mt19937 rng(env ? static_cast<std::mt19937::result_type>(std::strtoul(env, nullptr, 10)) : 20261205u);
    CAPTURE(env ? env : "default");
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    Clock clock;
    long now = 1767225600;  // 2026-01-01
    auto led = ledger::Ledger::open_memory();
    led.append("tester", {{{"stakeholder.added", "s0", {{"kind", "organization"}}},
                           {"stakeholder.added", "s1", {{"kind", "organization"}}},
                           {"phase.started", "listen", ledger::Json::object()}},
                          {}});
    int read_alone = 0, with_several_answers = 0, unsure = 0;
    for (int batch = 0; batch < 25; ++batch) {
      const auto before = process::replay(led).feedback;
      std::vector<ledger::NewEvent> events;
      auto some_items = [&] {
        std::vector<std::string> refs;
        for (int r = 1 + pick(3); r > 0 && !before.empty(); --r) {
          const auto& f = before[static_cast<std::size_t>(pick(static_cast<int>(before.size())))];
          refs.push_back(pick(2) ? f.id : "fb-" + f.hash.substr(0, 12));  // as shown, or as recorded
        }
        return refs;
      };
      for (int k = 0, n = 1 + pick(5); k < n; ++k) {
        const std::string tag = std::to_string(batch) + "." + std::to_string(k);
        switch (before.empty() ? 0 : pick(5)) {
          case 1:
            events.push_back(
                {"decision.recorded",
                 "listen",
                 {{"title", "D" + tag}, {"outcome", pick(3) ? "approved" : "rejected"}, {"addresses", some_items()}}});
            break;
          case 2:
            events.push_back({"task.started", "t" + tag, ledger::Json::object()});
            events.push_back({"task.done", "t" + tag, {{"addresses", some_items()}}});
            break;
          default:
            events.push_back({"feedback.recorded",
                              pick(2) ? "s0" : "s1",
                              {{"phase", "listen"}, {"type", "idea"}, {"text", "item " + tag}, {"tags", {"x"}}}});
        }
      }
      // Mostly a second apart; now and then the same second as the batch before.
      if (pick(4) != 0) ++now;
      clock.at(now);
      led.append("tester", {events, {}});
    }
    const auto state = process::replay(led);
    REQUIRE(state.chain);
    const auto traced = process::trace(state);
    REQUIRE(traced.size() > 15);
    // The decisions alone: as the replay has them.
    auto alone = process::decisions_alone(led, state);
    REQUIRE(alone.has_value());
    REQUIRE(alone->size() == state.decisions.size());
    for (std::size_t i = 0; i < alone->size(); ++i) {
      CHECK(std::tie((*alone)[i].id, (*alone)[i].hash, (*alone)[i].title, (*alone)[i].outcome, (*alone)[i].addresses) ==
            std::tie(state.decisions[i].id, state.decisions[i].hash, state.decisions[i].title,
                     state.decisions[i].outcome, state.decisions[i].addresses));
    }
    for (const auto& item : traced) {
      const auto& f = *item.feedback;
      CAPTURE(f.id);
      auto one = process::trace_one(led, state, f.id);
      if (one.found == process::OneItem::Found::unsure) {
        // Only when two references to it by decisions share a second.
        std::map<std::string, int> seconds;
        for (const auto& d : state.decisions)
          for (const auto& r : d.addresses)
            if (process::names_feedback(r, f.hash)) ++seconds[d.time];
        CHECK(std::any_of(seconds.begin(), seconds.end(), [](const auto& kv) { return kv.second > 1; }));
        ++unsure;
        continue;
      }
      REQUIRE(one.found == process::OneItem::Found::one);
      ++read_alone;
      if (item.answers.size() + item.pending.size() > 1) ++with_several_answers;
      CHECK(std::tie(one.feedback.id, one.feedback.hash, one.feedback.time, one.feedback.actor, one.feedback.from,
                     one.feedback.phase, one.feedback.iteration, one.feedback.type, one.feedback.text,
                     one.feedback.tags) ==
            std::tie(f.id, f.hash, f.time, f.actor, f.from, f.phase, f.iteration, f.type, f.text, f.tags));
      check_same_answers(one.answers, item.answers);
      check_same_answers(one.pending, item.pending);
      // Any unique prefix of the id finds it too.
      CHECK(process::trace_one(led, state, f.id.substr(0, 9)).found != process::OneItem::Found::none);
    }
    CHECK(unsure == 0);  // one chain: the ledger's order is the replay's, ties and all
    CHECK(read_alone == static_cast<int>(traced.size()));
    CHECK(with_several_answers >= 2);
    MESSAGE("items read alone: ", read_alone, ", left to the full path: ", unsure);
  }

  TEST_CASE("a merged ledger: two decisions of one second are left to the full path, which orders them") {
    // Two copies record a decision that answers the same item in the same
    // second; merged, the ledger stores ours first, while the replay's
    // canonical order puts the smaller hash first. Read alone, the answers
    // would come in the stored order: trace_one must leave them to trace().
    Clock clock;
    clock.at(1767225600);
    const ledger::NewEvent item{"feedback.recorded", "s0", {{"phase", "p"}, {"type", "idea"}, {"text", "one"}}};
    auto decision = [](const std::string& title, const std::string& hash) {
      return ledger::NewEvent{"decision.recorded",
                              "p",
                              {{"title", title}, {"outcome", "approved"}, {"addresses", {"fb-" + hash.substr(0, 12)}}}};
    };
    bool stored_first_sorts_last = false;
    for (int n = 0; n < 40 && !stored_first_sorts_last; ++n) {
      auto ours = ledger::Ledger::open_memory();
      auto theirs = ledger::Ledger::open_memory();
      clock.at(1767225600);
      const auto fb = ours.append("tester", {{item}, {}}).front().hash;
      REQUIRE(theirs.append("tester", {{item}, {}}).front().hash == fb);
      clock.at(1767225601);
      const auto mine = ours.append("tester", {{decision("Ours", fb)}, {}}).front().hash;
      const auto other = theirs.append("tester", {{decision("Theirs " + std::to_string(n), fb)}, {}}).front().hash;
      if (!(other < mine)) continue;
      stored_first_sorts_last = true;
      REQUIRE(ours.merge_from(theirs) == 1);
      const auto state = process::replay(ours);
      const auto traced = process::trace(state);
      REQUIRE(traced.size() == 1);
      REQUIRE(traced[0].answers.size() == 2);
      CHECK(traced[0].answers[0].title == "Theirs " + std::to_string(n));  // the canonical order
      CHECK_FALSE(state.chain);
      auto one = process::trace_one(ours, state, traced[0].feedback->id);
      CHECK(one.found == process::OneItem::Found::unsure);
      // Nor are the decisions read alone: in the stored order, ours comes first.
      CHECK_FALSE(process::decisions_alone(ours, state).has_value());
    }
    CHECK(stored_first_sorts_last);
  }

  TEST_CASE("a clock that went back: answers and pending decisions in time order, read alone or not") {
    Clock clock;
    clock.at(1767225600);
    auto led = ledger::Ledger::open_memory();
    const auto fb =
        led.append("tester", {{{"feedback.recorded", "s0", {{"phase", "p"}, {"type", "idea"}, {"text", "one"}}}}, {}})
            .front()
            .hash;
    const ledger::Json ref = {"fb-" + fb.substr(0, 12)};
    for (auto [at, title, outcome] : {std::tuple{1767225700, "later", "rejected"},
                                      {1767225650, "earlier", "rejected"},
                                      {1767225710, "later ok", "approved"},
                                      {1767225660, "earlier ok", "approved"}}) {
      clock.at(at);
      led.append("tester",
                 {{{"decision.recorded", "p", {{"title", title}, {"outcome", outcome}, {"addresses", ref}}}}, {}});
    }
    const auto state = process::replay(led);
    const auto traced = process::trace(state);
    REQUIRE(traced.size() == 1);
    auto titles = [](const std::vector<process::Answer>& answers) {
      std::vector<std::string> out;
      for (const auto& a : answers) out.push_back(a.title);
      return out;
    };
    CHECK(titles(traced[0].pending) == std::vector<std::string>{"earlier", "later"});
    CHECK(titles(traced[0].answers) == std::vector<std::string>{"earlier ok", "later ok"});
    auto one = process::trace_one(led, state, traced[0].feedback->id);
    REQUIRE(one.found == process::OneItem::Found::one);
    CHECK(titles(one.pending) == titles(traced[0].pending));
    CHECK(titles(one.answers) == titles(traced[0].answers));
  }

  TEST_CASE("an id that names no item, several, or not a feedback item") {
    auto led = ledger::Ledger::open_memory();
    led.append("tester", {{{"stakeholder.added", "s0", {{"kind", "organization"}}},
                           {"feedback.recorded", "s0", {{"phase", "p"}, {"type", "idea"}, {"text", "a"}}},
                           {"feedback.recorded", "s0", {{"phase", "p"}, {"type", "idea"}, {"text", "b"}}}},
                          {}});
    const auto state = process::replay(led);
    using Found = process::OneItem::Found;
    CHECK(process::trace_one(led, state, "fb-zz").found == Found::none);
    CHECK(process::trace_one(led, state, "fb-" + std::string(70, 'a')).found == Found::none);
    // The stakeholder's event is not an item, whatever its hash.
    const auto added = led.read({.kind = "stakeholder.added"});
    REQUIRE(added.size() == 1);
    CHECK(process::trace_one(led, state, "fb-" + added.front().hash.substr(0, 10)).found == Found::none);
    // Every item, or another form of id: the full path answers (and refuses the ambiguous).
    CHECK(process::trace_one(led, state, "fb-").found == Found::unsure);
    CHECK(process::trace_one(led, state, state.feedback[0].hash.substr(0, 10)).found == Found::unsure);
    for (const auto& f : state.feedback) CHECK(process::trace_one(led, state, f.id).found == Found::one);
  }
}
