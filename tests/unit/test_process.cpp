// lib/process: decision rules in integers, short ids, the state's fold and
// its per-iteration task status, gates against a plan.
#include <doctest/doctest.h>

#include <random>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "process/decision.hpp"
#include "process/gates.hpp"
#include "process/ids.hpp"
#include "process/progress.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"
#include "util/error.hpp"

using namespace interlink;
namespace k = interlink::ledger::kinds;

TEST_SUITE("process") {
  TEST_CASE("quorum and rules are decided in integers at their boundaries") {
    const auto half = process::share_of(0.5);
    CHECK(half.text == "0.5");
    const auto two_thirds = process::default_threshold();
    CHECK(process::share_of(2.0 / 3.0).text == "2/3");
    // 0.5 x 9 = 4.5 -> 5 needed; exactly 5 cast meets it.
    CHECK(process::decide({4, 0, 0, 9}, "majority", half, two_thirds).outcome == "no-quorum");
    CHECK(process::decide({4, 0, 1, 9}, "majority", half, two_thirds).outcome == "approved");
    CHECK(process::decide({4, 0, 1, 9}, "majority", half, two_thirds).needed == 5);
    CHECK(process::decide({3, 3, 0, 6}, "majority", half, two_thirds).outcome == "rejected");
    CHECK(process::decide({2, 1, 0, 3}, "supermajority", half, two_thirds).outcome == "approved");
    CHECK(process::decide({199, 100, 0, 299}, "supermajority", half, two_thirds).outcome == "rejected");
    CHECK(process::decide({200, 100, 0, 300}, "supermajority", half, two_thirds).outcome == "approved");
    const auto three_quarters = process::share_of(0.75);
    CHECK(process::decide({3, 1, 0, 4}, "supermajority", half, three_quarters).outcome == "approved");
    CHECK(process::decide({5, 2, 0, 7}, "supermajority", half, three_quarters).outcome == "rejected");
    CHECK(process::decide({0, 0, 5, 5}, "consensus", half, two_thirds).outcome == "rejected");
    CHECK(process::decide({1, 0, 4, 5}, "consensus", half, two_thirds).outcome == "approved");
    CHECK(process::decide({0, 0, 5, 5}, "consent", half, two_thirds).outcome == "approved");
    CHECK(process::decide({4, 1, 0, 5}, "consent", half, two_thirds).outcome == "rejected");
    const auto none = process::share_of(0.0);
    CHECK(process::decide({0, 0, 0, 5}, "consent", none, two_thirds).needed == 0);
    // At the bound on every count (kMaxVotes), still exact.
    const long m = process::kMaxVotes;
    CHECK(process::decide({m, 0, 0, m}, "majority", half, two_thirds).needed == m / 2);
    CHECK(process::decide({m, 0, 0, m}, "majority", process::share_of(1.0), two_thirds).needed == m);
    CHECK(process::decide({666667, 333333, 0, m}, "supermajority", half, two_thirds).outcome == "approved");
    CHECK(process::decide({666666, 333334, 0, m}, "supermajority", half, two_thirds).outcome == "rejected");
  }

  TEST_CASE("a decision's counts read back from 0 to kMaxVotes; any other reads as 0, never wrapped") {
    // A ledger can come from anyone's clone: each count out of range or not
    // an integer reads as 0 (validate reports it), whatever its size.
    auto led = ledger::Ledger::open_memory();
    led.append("t", {{{std::string(k::decision_recorded),
                       "one",
                       {{"title", "good"},
                        {"for", 1000000},
                        {"against", 2},
                        {"abstain", 0},
                        {"eligible", 1000000},
                        {"needed", 500000}}},
                      {std::string(k::decision_recorded),
                       "one",
                       {{"title", "bad"},
                        {"for", 4294967296LL},
                        {"against", "7"},
                        {"abstain", -1},
                        {"eligible", 18446744073709551615ULL},
                        {"needed", 1000001}}}}});
    auto s = process::replay(led);
    REQUIRE(s.decisions.size() == 2);
    const auto& good = s.decisions[0];
    CHECK(std::vector<int>{good.votes_for, good.votes_against, good.votes_abstain, good.eligible, good.needed} ==
          std::vector<int>{1000000, 2, 0, 1000000, 500000});
    const auto& bad = s.decisions[1];
    CHECK(std::vector<int>{bad.votes_for, bad.votes_against, bad.votes_abstain, bad.eligible, bad.needed} ==
          std::vector<int>{0, 0, 0, 0, 0});
  }

  TEST_CASE("a stakeholder's status follows the ledger's events; an erasure is for good") {
    std::string status;
    for (auto kind : {k::stakeholder_added, k::consent_recorded}) status = k::stakeholder_status_after(status, kind);
    CHECK(status == "current");
    status = k::stakeholder_status_after(status, k::stakeholder_removed);
    CHECK(status == "removed");
    status = k::stakeholder_status_after(status, k::stakeholder_erased);
    CHECK(status == "erased");
    CHECK(k::stakeholder_status_after(status, k::stakeholder_removed) == "erased");
  }

  TEST_CASE("short ids grow only where two hashes share a prefix") {
    std::vector<std::string> h = {"abcdef0123456789", "abcdef0199999999", "12345678aaaaaaaa"};
    auto ids = process::short_ids(h);
    CHECK(ids == std::vector<std::string>{"abcdef012", "abcdef019", "12345678"});
  }

  TEST_CASE("short ids: the same as comparing every hash with every other") {
    // The reference: the shortest prefix of at least min digits that no other
    // hash of the list starts with (the whole string for duplicates and for
    // a hash that another one extends). Lists with long shared prefixes,
    // duplicates, strings shorter than 8 bytes and bytes of 0.
    auto reference = [](const std::vector<std::string>& hs, std::size_t min) {
      std::vector<std::string> out;
      for (std::size_t i = 0; i < hs.size(); ++i) {
        std::size_t need = min;
        for (std::size_t j = 0; j < hs.size(); ++j) {
          if (i == j) continue;
          std::size_t n = 0;
          while (n < hs[i].size() && n < hs[j].size() && hs[i][n] == hs[j][n]) ++n;
          need = std::max(need, n + 1);
        }
        out.push_back(hs[i].substr(0, std::min(need, hs[i].size())));
      }
      return out;
    };
    std::mt19937 rng(7);
    const std::string alphabet("0123456789abcdef\0", 17);
    for (int round = 0; round < 300; ++round) {
      std::vector<std::string> hs;
      const int n = 1 + static_cast<int>(rng() % 40);
      for (int i = 0; i < n; ++i) {
        std::string h;
        if (!hs.empty() && rng() % 2) h = hs[rng() % hs.size()].substr(0, rng() % 20);  // a shared prefix
        const std::size_t len = rng() % 5 == 0 ? rng() % 10 : 16 + rng() % 8;
        while (h.size() < len) h.push_back(alphabet[rng() % (rng() % 3 ? 4 : alphabet.size())]);
        hs.push_back(h);
      }
      for (std::size_t min : {std::size_t{1}, std::size_t{4}, process::kShortIdDigits, std::size_t{12}}) {
        CAPTURE(round);
        CAPTURE(min);
        CHECK(process::short_ids(hs, min) == reference(hs, min));
      }
    }
  }

  TEST_CASE("trace: a reference answers its item among others that share its first 8 digits") {
    process::State s;
    for (const char* tail : {"1111", "2222", "3333"}) {
      process::Feedback f;
      f.hash = std::string("abcdef01") + tail + std::string(52, '0');
      s.feedback.push_back(f);
    }
    process::TaskState t;
    t.id = "answer";
    t.status = "done";
    t.addresses = {"fb-abcdef012222", "fb-abcdef013333"};
    s.tasks["answer"] = t;
    auto items = process::trace(s);
    REQUIRE(items.size() == 3);
    CHECK(items[0].open());
    CHECK_FALSE(items[1].open());
    CHECK_FALSE(items[2].open());
  }

  TEST_CASE("tasks count per iteration of their phase") {
    auto led = ledger::Ledger::open_memory();
    led.append("t", {{{std::string(k::phase_started), "one", {{"iteration", 1}}},
                      {std::string(k::task_done), "t1", {{"phase", "one"}, {"iteration", 1}}},
                      {std::string(k::phase_completed), "one", {{"iteration", 1}}}}});
    auto s = process::replay(led);
    CHECK(s.task_status("t1") == "done");
    CHECK(s.phase_status("one") == "done");
    led.append("t", {{{std::string(k::phase_reopened), "one", {{"iteration", 2}}}}});
    s = process::replay(led);
    CHECK(s.phase_iteration("one") == 2);
    CHECK(s.task_status("t1") == "pending");
    CHECK(s.phases.at("one").iterations.size() == 2);
  }

  TEST_CASE("a late completion of an earlier iteration, as a merge orders it, leaves the reopened one open") {
    // One branch completed iteration 1 and reopened the phase; the other,
    // unaware, completed iteration 1 at a later time: the canonical order
    // of the merged ledger replays that completion last.
    auto led = ledger::Ledger::open_memory();
    led.append("t", {{{std::string(k::phase_started), "one", {{"iteration", 1}}},
                      {std::string(k::phase_completed), "one", {{"iteration", 1}}},
                      {std::string(k::phase_reopened), "one", {{"iteration", 2}}},
                      {std::string(k::phase_completed), "one", {{"iteration", 1}}}}});
    auto s = process::replay(led);
    CHECK(s.phase_status("one") == "active");
    CHECK(s.phase_iteration("one") == 2);
    REQUIRE(s.phases.at("one").iterations.size() == 2);
    CHECK(s.phases.at("one").iterations.back().completed.empty());
    // Its own completion closes it.
    led.append("t", {{{std::string(k::phase_completed), "one", {{"iteration", 2}}}}});
    CHECK(process::replay(led).phase_status("one") == "done");
  }

  TEST_CASE("feedback ids resolve from any unique prefix and refuse an ambiguous one") {
    process::State s;
    s.feedback.push_back({});
    s.feedback.back().hash = "aaaa1111" + std::string(56, '0');
    s.feedback.push_back({});
    s.feedback.back().hash = "aaaa2222" + std::string(56, '0');
    process::assign_ids(s);
    CHECK(s.feedback[0].id == "fb-aaaa1111");
    CHECK(s.find_feedback("fb-aaaa1")->hash == s.feedback[0].hash);
    CHECK(s.find_feedback("fb-b") == nullptr);
    CHECK_THROWS_AS((void)s.find_feedback("fb-aaaa"), Error);
    // "fb-" is a prefix of both: ambiguous, not "no such item".
    CHECK_THROWS_WITH_AS((void)s.find_feedback("fb-"),
                         "feedback id 'fb-' is ambiguous: it could be fb-aaaa1111, fb-aaaa2222", Error);
    CHECK(s.find_feedback("fb") == nullptr);
    s.feedback.pop_back();
    process::assign_ids(s);
    CHECK(s.find_feedback("fb-") == &s.feedback[0]);
  }

  TEST_CASE("gates: removed stakeholders do not count; consent counts persons only") {
    model::Project plan;
    model::Phase ph;
    ph.id = "one";
    ph.entry.stakeholders_min = 2;
    ph.entry.consent_all = true;
    plan.phases.push_back(ph);
    std::vector<model::Stakeholder> people(3);
    people[0].id = "org-a";
    people[1].id = "p-1";
    people[1].kind = "person";
    people[1].consent.status = "given";
    people[2].id = "p-2";
    people[2].kind = "person";
    people[2].consent.status = "pending";
    process::State s;
    s.stakeholders["p-2"] = {"p-2", "removed", "pending", "", ""};
    process::Context ctx{plan, people, s};
    auto c = process::check_transition(ctx, plan.phases[0], process::Transition::start);
    REQUIRE(c.conditions.size() == 2);
    CHECK(c.conditions[0].text == "stakeholders: have 2, need 2");
    CHECK(c.conditions[0].met);
    CHECK(c.conditions[1].text == "persons who gave consent: have 1, need all 1");
    CHECK(c.allowed());
    s.stakeholders["p-2"].status = "current";
    c = process::check_transition(ctx, plan.phases[0], process::Transition::start);
    CHECK(c.conditions[1].text == "persons who gave consent: have 1, need all 2");
    CHECK_FALSE(c.allowed());
  }
}
