// Unit tests for what a report shows of the feedback items at any size:
// process::digest_trace (lib/process/trace.cpp), its packed form, the state
// cache's report.pack (process::load_reported) and report::load's two paths
// (lib/report/load.cpp), which must give the same report.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "ledger/ledger.hpp"
#include "ledger/row_print.hpp"
#include "ledger/verify.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"
#include "process/verified.hpp"
#include "report/load.hpp"
#include "sealed_cache.hpp"
#include "util/fs.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

namespace {

constexpr int kItems = 1100;  // past process::kTraceListed

// A scratch project with one phase and kItems feedback items from three
// senders, of which items 5 and 10 are answered by a task done; removed at
// the end of the test.
struct Project {
  stdfs::path root;
  stdfs::path db;
  explicit Project(int items = kItems) {
    root = stdfs::temp_directory_path() / ("interlink-unit-report-digest-" + std::to_string(::getpid()));
    db = root / "ledger.db";
    stdfs::remove_all(root);
    fs::write_file_atomic(root / "interlink.yaml", R"(interlink: 1
id: big
title: Big
phases:
  - id: listen
    name: Listen
    objectives:
      - id: o
        name: O
        tasks:
          - {id: answer, name: Answer them}
)");
    stdfs::create_directories(root / "stakeholders");
    for (const char* id : {"s0", "s1", "s2"}) {
      fs::write_file_atomic(root / "stakeholders" / (std::string(id) + ".yaml"),
                            std::string("id: ") + id + "\nname: Org " + id + "\nkind: organization\nsector: public\n");
    }
    auto l = ledger::Ledger::create(db, "tester", {{"id", "big"}}, "t");
    std::vector<ledger::NewEvent> events;
    for (const char* id : {"s0", "s1", "s2"}) events.push_back({"stakeholder.added", id, {{"kind", "organization"}}});
    events.push_back({"phase.started", "listen", ledger::Json::object()});
    for (int i = 0; i < items; ++i) {
      const std::string type = i % 2 == 0 ? "idea" : "concern";
      events.push_back({"feedback.recorded",
                        "s" + std::to_string(i % 3),
                        {{"phase", "listen"}, {"type", type}, {"text", "item " + std::to_string(i)}}});
    }
    l.append("tester", {events, {}});
    auto s = process::replay(l);
    REQUIRE(s.feedback.size() == static_cast<std::size_t>(items));
    l.append("tester", {{{"task.started", "answer", ledger::Json::object()},
                         {"task.done", "answer", {{"addresses", {s.feedback[5].id, s.feedback[10].id}}}}},
                        {}});
  }
  ~Project() { stdfs::remove_all(root); }
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;
};

std::vector<std::string> texts(const process::TraceDigest& d) {
  std::vector<std::string> out;
  for (const auto& item : d.listed) out.push_back(item.feedback.text);
  return out;
}

}  // namespace

TEST_SUITE("report.digest") {
  TEST_CASE("past the limit: the answered items, then the most recent open ones, in the order recorded") {
    Project p;
    auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
    const auto s = process::replay(l);
    const auto d = process::digest_trace(s);
    CHECK(d.feedback == kItems);
    CHECK(d.open == kItems - 2);
    REQUIRE(d.listed.size() == process::kTraceListed);
    std::vector<std::string> want = {"item 5", "item 10"};
    for (int i = kItems - static_cast<int>(process::kTraceListed) + 2; i < kItems; ++i)
      want.push_back("item " + std::to_string(i));
    CHECK(texts(d) == want);
    CHECK(d.listed[0].answers.size() == 1);
    CHECK(d.listed[0].answers[0].id == "answer");
    CHECK(d.listed[0].feedback.id == s.feedback[5].id);
    CHECK(d.listed[2].answers.empty());
    // The counts are of every item, not of those listed.
    long sum = 0;
    for (const auto& [from, phase, n] : d.by_from_phase) {
      CHECK(phase == "listen");
      sum += n;
    }
    CHECK(d.by_from_phase.size() == 3);
    CHECK(sum == kItems);
    CHECK(d.by_type.at("idea") == kItems / 2);
    CHECK(d.by_type.at("concern") == kItems / 2);
  }

  TEST_CASE("within the limit every item is listed, in the order recorded") {
    process::State s;
    for (int i = 0; i < 3; ++i) {
      process::Feedback f;
      f.hash = std::string(63, '0') + std::to_string(i);
      f.id = "fb-" + std::to_string(i);
      f.text = "t" + std::to_string(i);
      s.feedback.push_back(f);
    }
    const auto d = process::digest_trace(s);
    CHECK(texts(d) == std::vector<std::string>{"t0", "t1", "t2"});
    CHECK(d.open == 3);
  }

  TEST_CASE("more answered items than the limit: the oldest answered ones, and no open one") {
    process::State s;
    process::TaskState t;
    t.id = "answer";
    t.status = "done";
    t.finished = "2026-02-01T00:00:00Z";
    constexpr int kAnswered = 1100, kOpen = 50;
    for (int i = 0; i < kAnswered + kOpen; ++i) {
      process::Feedback f;
      char hex[9];
      std::snprintf(hex, sizeof hex, "%08x", i + 1);
      f.hash = std::string(hex) + std::string(56, '0');
      f.id = "fb-" + std::string(hex);
      f.text = "t" + std::to_string(i);
      if (i < kAnswered) t.addresses.push_back("fb-" + f.hash.substr(0, 12));
      s.feedback.push_back(f);
    }
    s.tasks["answer"] = t;
    const auto d = process::digest_trace(s);
    CHECK(d.open == kOpen);
    REQUIRE(d.listed.size() == process::kTraceListed);
    CHECK(d.listed.front().feedback.text == "t0");
    CHECK(d.listed.back().feedback.text == "t" + std::to_string(process::kTraceListed - 1));
    for (const auto& item : d.listed) CHECK(!item.answers.empty());
  }

  TEST_CASE("the core, the digest and the report digest must all be of the rows verify checked") {
    Project p;
    {
      auto l = ledger::Ledger::open(p.db);
      (void)process::load_state(l, p.root, true);
    }
    auto id = process::ledger_file_id(p.db);
    REQUIRE(id.has_value());
    process::mark_verified(p.root, *id, ledger::verify(p.db));
    auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
    const auto print = process::verified_rows_print(p.root, p.db, l);
    REQUIRE(print.has_value());
    CHECK(process::load_reported(l, p.root, *print).has_value());
    CHECK(process::load_digested(l, p.root).has_value());
    // One digit of the print each file holds changed (sealed as this user's
    // own): the file is not taken for the verified rows.
    for (const char* name : {"state.pack", "report.pack"}) {
      const std::string genuine = cache_test::sealed_bytes(p.root, name);
      std::string forged = genuine;
      const auto at = forged.find(*print);
      REQUIRE(at != std::string::npos);
      forged[at] = forged[at] == '0' ? '1' : '0';
      cache_test::write_sealed(p.root, name, forged);
      CHECK_MESSAGE(!process::load_reported(l, p.root, *print).has_value(), name);
      if (std::string(name) == "state.pack") CHECK(!process::load_digested(l, p.root).has_value());
      cache_test::write_sealed(p.root, name, genuine);
      CHECK(process::load_reported(l, p.root, *print).has_value());
    }
  }

  TEST_CASE("packed and read back whole; more items than a report lists is damage") {
    Project p;
    auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
    const auto d = process::digest_trace(process::replay(l));
    pack::Writer w;
    process::pack::put(w, d);
    pack::Reader r(w.bytes());
    process::TraceDigest back;
    process::pack::get(r, back);
    CHECK(r.done());
    CHECK(back.feedback == d.feedback);
    CHECK(back.open == d.open);
    CHECK(back.by_from_phase == d.by_from_phase);
    CHECK(back.by_type == d.by_type);
    CHECK(texts(back) == texts(d));
    CHECK(back.listed[0].feedback.id == d.listed[0].feedback.id);
    CHECK(back.listed[0].answers.size() == 1);
    auto big = d;
    big.listed.push_back(big.listed.back());
    pack::Writer w2;
    process::pack::put(w2, big);
    pack::Reader r2(w2.bytes());
    CHECK_THROWS(process::pack::get(r2, back));
  }

  TEST_CASE("report::load: the digest's items for html and md, every item for csv and json") {
    Project p;
    auto listed = report::load(p.root, {.every_row = false});
    CHECK(listed.state.feedback.empty());  // freed: the digest holds what is shown
    CHECK(report::load(p.root, {.thorough = true}).state.feedback.empty());
    auto in = listed.input();
    in.now = "2026-06-01T00:00:00Z";
    auto r = report::build(in);
    CHECK(r.trace.size() == process::kTraceListed);
    CHECK(r.unlisted.answered == 0);
    CHECK(r.unlisted.open == kItems - static_cast<long>(process::kTraceListed));
    CHECK(r.overview.feedback == kItems);
    CHECK(r.overview.unanswered == kItems - 2);
    CHECK(r.participation.total == kItems);
    REQUIRE(r.phases.size() == 1);
    CHECK(r.phases[0].feedback == kItems);

    auto every = report::load(p.root, {.every_row = true});
    auto in2 = every.input();
    in2.now = in.now;
    auto all = report::build(in2);
    CHECK(all.trace.size() == kItems);
    CHECK(all.unlisted.total() == 0);
    CHECK(all.participation.by_sector.size() == r.participation.by_sector.size());
    CHECK(all.participation.by_sector.at(0).count == r.participation.by_sector.at(0).count);
  }

  TEST_CASE("a ledger verify marked: the report reads the cache; csv and json, or any change, read it all") {
    Project p;
    {
      auto l = ledger::Ledger::open(p.db);
      (void)process::load_state(l, p.root, true);  // what status leaves: report.pack beside the digest
    }
    auto listed_text = [&](bool every_row, bool thorough = false) {
      auto loaded = report::load(p.root, {.every_row = every_row, .thorough = thorough});
      auto in = loaded.input();
      in.now = "2026-06-01T00:00:00Z";
      auto r = report::build(in);
      REQUIRE(!r.trace.empty());
      return r.trace.back().text;
    };
    auto mark = [&] {
      auto id = process::ledger_file_id(p.db);
      REQUIRE(id.has_value());
      process::mark_verified(p.root, *id, ledger::verify(p.db));
    };
    const std::string truth = "item " + std::to_string(kItems - 1);
    CHECK(listed_text(false) == truth);
    mark();
    CHECK(listed_text(false) == truth);  // the same, from the cache
    // Forged (sealed as this user's own): what the report shows is the cache's.
    std::string bytes = cache_test::sealed_bytes(p.root, "report.pack");
    const auto at = bytes.find(truth);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 4, "itXm");
    cache_test::write_sealed(p.root, "report.pack", bytes);
    CHECK(listed_text(false) == "itXm " + std::to_string(kItems - 1));
    CHECK(listed_text(true) == truth);
    CHECK(listed_text(false, /*thorough=*/true) == truth);  // report --thorough
    // The record says what verify found, as a full check does.
    auto loaded = report::load(p.root, {});
    auto checked = ledger::verify(p.db);
    CHECK(loaded.verify.ok);
    CHECK(loaded.verify.heads == checked.heads);
    CHECK(loaded.verify.root == checked.root);
    CHECK(loaded.verify.events == checked.events);
    // An event appended: the mark no longer holds, every event is read.
    {
      auto l = ledger::Ledger::open(p.db);
      l.append("tester", {{{"feedback.recorded", "s0", {{"phase", "listen"}, {"text", "late"}}}}, {}});
    }
    CHECK(listed_text(false) == "late");
    // Marked again but the cache not refreshed (its key is older): the
    // cached digest (the forged one) is carried over the new event.
    mark();
    CHECK(listed_text(false) == "late");
    // The cache refreshed, but an older report.pack (this user's own, from
    // before the event) put back beside the new core and digest: not used.
    {
      auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
      (void)process::load_state(l, p.root, true);
    }
    mark();
    CHECK(listed_text(false) == "late");
    cache_test::write_sealed(p.root, "report.pack", bytes);
    CHECK(listed_text(false) == "late");
  }

  TEST_CASE("after writes, the report digest is carried over the events appended, exactly as a full replay gives it") {
    // Within the limit (every item listed) and past it (the oldest open
    // items leave the list as new ones come).
    for (int items : {12, kItems}) {  // the project answers items 5 and 10
      CAPTURE(items);
      Project p(items);
      {
        auto l = ledger::Ledger::open(p.db);
        (void)process::load_state(l, p.root, true);  // report.pack, as status leaves it
      }
      auto mark = [&] {
        auto id = process::ledger_file_id(p.db);
        REQUIRE(id.has_value());
        process::mark_verified(p.root, *id, ledger::verify(p.db));
      };
      // Every field of the stepped digest against the full replay's.
      auto same_as_replay = [&](const process::TraceDigest& d) {
        auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
        const auto want = process::digest_trace(process::replay(l));
        CHECK(d.feedback == want.feedback);
        CHECK(d.open == want.open);
        CHECK(d.by_from_phase == want.by_from_phase);
        CHECK(d.by_type == want.by_type);
        REQUIRE(d.decisions.size() == want.decisions.size());
        for (std::size_t i = 0; i < d.decisions.size(); ++i) {
          CHECK(d.decisions[i].id == want.decisions[i].id);
          CHECK(d.decisions[i].outcome == want.decisions[i].outcome);
        }
        REQUIRE(d.listed.size() == want.listed.size());
        for (std::size_t i = 0; i < d.listed.size(); ++i) {
          CHECK(d.listed[i].feedback.id == want.listed[i].feedback.id);
          CHECK(d.listed[i].feedback.text == want.listed[i].feedback.text);
          REQUIRE(d.listed[i].answers.size() == want.listed[i].answers.size());
          for (std::size_t a = 0; a < d.listed[i].answers.size(); ++a) {
            CHECK(d.listed[i].answers[a].kind == want.listed[i].answers[a].kind);
            CHECK(d.listed[i].answers[a].id == want.listed[i].answers[a].id);
            CHECK(d.listed[i].answers[a].time == want.listed[i].answers[a].time);
          }
        }
      };
      auto reported = [&]() -> std::optional<std::pair<process::State, process::TraceDigest>> {
        auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
        const auto print = process::verified_rows_print(p.root, p.db, l);
        if (!print) return std::nullopt;
        return process::load_reported(l, p.root, *print);
      };
      auto append = [&](std::vector<ledger::NewEvent> events) {
        auto l = ledger::Ledger::open(p.db);
        l.append("tester", {std::move(events), {}});
        mark();  // what interlink's own writes keep (process/verified.hpp's MarkKeeper)
      };
      // Items from new and known senders and phases, a decision rejected
      // that names an item, one approved that names none, a phase move and
      // a stakeholder: all carried over.
      append({{"feedback.recorded", "s1", {{"phase", "listen"}, {"type", "praise"}, {"text", "new 1"}}},
              {"stakeholder.added", "s3", {{"kind", "organization"}}},
              {"feedback.recorded", "s3", {{"phase", "listen"}, {"type", "idea"}, {"text", "new 2"}}},
              {"decision.recorded",
               "listen",
               {{"title", "No"}, {"outcome", "rejected"}, {"addresses", {"fb-" + std::string(12, '0')}}}},
              {"decision.recorded", "listen", {{"title", "Yes"}, {"outcome", "approved"}}},
              {"phase.completed", "listen", ledger::Json::object()},
              {"feedback.recorded", "s0", {{"phase", "other"}, {"type", "question"}, {"text", "new 3"}}}});
      auto stepped = reported();
      REQUIRE(stepped.has_value());
      same_as_replay(stepped->second);
      CHECK(stepped->second.listed.back().feedback.text == "new 3");
      CHECK(stepped->first.feedback.empty());
      {
        auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
        CHECK(stepped->first.events == l.count());
        CHECK(stepped->first.phases.at("listen").status == "done");
      }
      // The mark no longer holds (a write interlink did not make): no cache.
      {
        auto l = ledger::Ledger::open(p.db);
        l.append("tester", {{{"feedback.recorded", "s0", {{"phase", "listen"}, {"text", "unmarked"}}}}, {}});
      }
      CHECK_FALSE(reported().has_value());
      mark();
      REQUIRE(reported().has_value());
      same_as_replay(reported()->second);
      // The three cached files agree on the print of rows that are not this
      // ledger's (the running state in digest.pack changed, and its hex in
      // state.pack and report.pack; sealed as this user's own): stepped over
      // the next event, the print is still not verify's.
      {
        auto w = ledger::Ledger::open(p.db);
        (void)process::load_state(w, p.root, true);
      }
      std::string state0, hex0;
      {
        auto r = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
        ledger::RowPrint rows;
        r.scan({}, [&](const ledger::Record& row) { rows.add(row); });
        state0 = rows.state();
        hex0 = rows.hex();
      }
      append({{"feedback.recorded", "s2", {{"phase", "listen"}, {"text", "after the forgery"}}}});
      REQUIRE(reported().has_value());
      std::string forged_state = state0;
      forged_state[0] = static_cast<char>(forged_state[0] ^ 1);
      const std::string forged_hex = ledger::RowPrint::resume(forged_state)->hex();
      std::map<std::string, std::string> genuine;
      for (const auto& [name, from, to] :
           {std::tuple{"state.pack", hex0, forged_hex}, std::tuple{"digest.pack", state0, forged_state},
            std::tuple{"report.pack", hex0, forged_hex}}) {
        genuine[name] = cache_test::sealed_bytes(p.root, name);
        std::string forged = genuine[name];
        const auto at = forged.find(from);
        REQUIRE(at != std::string::npos);
        forged.replace(at, from.size(), to);
        cache_test::write_sealed(p.root, name, forged);
      }
      CHECK_FALSE(reported().has_value());
      for (const auto& [name, bytes] : genuine) cache_test::write_sealed(p.root, name, bytes);
      REQUIRE(reported().has_value());
      // Events that answer recorded: carried over too, the recorded they name
      // found through the ledger's hash index (process/answer_step.hpp).
      // Past the limit, item 0 is open and too old to be listed: answered,
      // it joins the listed ones in the order recorded, and the oldest open
      // one listed leaves; item 10 was answered already.
      std::vector<process::Feedback> recorded;
      {
        auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
        recorded = process::replay(l).feedback;
      }
      append({{"decision.recorded",
               "listen",
               {{"title", "Do it"}, {"outcome", "approved"}, {"addresses", {recorded[0].id, recorded[10].id}}}}});
      auto answered = reported();
      REQUIRE(answered.has_value());
      same_as_replay(answered->second);
      // A task done naming an open item twice, a listed one, and the
      // newest; then an item that a done task names (refused: it is not open).
      append(
          {{"task.started", "again", ledger::Json::object()},
           {"task.done",
            "again",
            {{"addresses", {recorded[1].id, recorded[1].id, recorded[2].id, recorded.back().id, "fb-zz", "dc-0"}}}}});
      answered = reported();
      REQUIRE(answered.has_value());
      same_as_replay(answered->second);
      // Reopened, the task no longer answers: its recorded may be open again,
      // which the digest cannot tell without them.
      append({{"task.reopened", "again", ledger::Json::object()}});
      CHECK_FALSE(reported().has_value());
      {
        auto w = ledger::Ledger::open(p.db);
        (void)process::load_state(w, p.root, true);
      }
      // A task that answered an item in iteration 1 of its phase keeps that
      // answer in iteration 2: its moves there that name nothing are carried
      // over; naming items again is left to the full replay, where an item
      // its iteration 1 answered must not be counted open before.
      append({{"task.started", "twice", {{"iteration", 1}}},
              {"task.done", "twice", {{"iteration", 1}, {"addresses", {recorded[3].id}}}},
              {"phase.reopened", "listen", {{"iteration", 2}}}});
      REQUIRE(reported().has_value());
      same_as_replay(reported()->second);
      append({{"task.started", "twice", {{"iteration", 2}}}});
      REQUIRE(reported().has_value());
      same_as_replay(reported()->second);
      append({{"task.done", "twice", {{"iteration", 2}, {"addresses", {recorded[3].id, recorded[4].id}}}}});
      CHECK_FALSE(reported().has_value());
    }
  }

  TEST_CASE("random writes: the carried digest is the full replay's after every batch") {
    // 995 items to start with, so that the batches cross the 1,000 listed.
    // INTERLINK_DIGEST_SEED=N draws other batches.
    const char* env = std::getenv("INTERLINK_DIGEST_SEED");
    std::mt19937 rng(env ? static_cast<std::mt19937::result_type>(std::strtoul(env, nullptr, 10)) : 20261204u);
    CAPTURE(env ? env : "default");
    Project p(995);
    auto mark = [&] {
      auto id = process::ledger_file_id(p.db);
      REQUIRE(id.has_value());
      process::mark_verified(p.root, *id, ledger::verify(p.db));
    };
    {
      auto l = ledger::Ledger::open(p.db);
      (void)process::load_state(l, p.root, true);
    }
    mark();
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const std::vector<std::string> types = {"idea", "concern", "question", "praise", "requirement"};
    std::vector<std::string> senders = {"s0", "s1", "s2"};
    bool listening = true;
    for (int batch = 0; batch < 12; ++batch) {
      std::vector<ledger::NewEvent> events;
      std::vector<process::Feedback> items;  // recorded before this batch, with their ids
      {
        auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
        items = process::replay(l).feedback;
      }
      // One to three of them, old or recent, as --addresses names them.
      auto some_items = [&] {
        std::vector<std::string> refs;
        for (int r = 1 + pick(3); r > 0; --r) {
          const int newest = pick(2) ? static_cast<int>(items.size()) : 40;
          refs.push_back(items[static_cast<std::size_t>(pick(std::min(newest, static_cast<int>(items.size()))))].id);
        }
        return refs;
      };
      const int n = 1 + pick(6);
      for (int k = 0; k < n; ++k) {
        const std::string tag = std::to_string(batch) + "." + std::to_string(k);
        switch (pick(8)) {
          case 6:  // a decision approved that answers items
            events.push_back({"decision.recorded",
                              "listen",
                              {{"title", "A" + tag}, {"outcome", "approved"}, {"addresses", some_items()}}});
            break;
          case 7:  // a task done that answers items
            events.push_back({"task.started", "t" + tag, ledger::Json::object()});
            events.push_back({"task.done", "t" + tag, {{"addresses", some_items()}}});
            break;
          case 0: {
            const std::string id = "s" + std::to_string(senders.size());
            events.push_back({"stakeholder.added", id, {{"kind", "organization"}}});
            senders.push_back(id);
            break;
          }
          case 1: {
            const char* outcome = pick(2) ? "rejected" : "approved";
            ledger::Json payload = {{"title", "D" + std::to_string(batch) + "." + std::to_string(k)},
                                    {"outcome", outcome}};
            if (std::string(outcome) == "rejected") payload["addresses"] = {"fb-" + std::string(12, '0')};
            events.push_back({"decision.recorded", "listen", payload});
            break;
          }
          case 2:
            events.push_back({listening ? "phase.completed" : "phase.started", "listen", ledger::Json::object()});
            listening = !listening;
            break;
          default:
            events.push_back({"feedback.recorded",
                              senders[static_cast<std::size_t>(pick(static_cast<int>(senders.size())))],
                              {{"phase", pick(3) ? "listen" : "other"},
                               {"type", types[static_cast<std::size_t>(pick(5))]},
                               {"text", "b" + std::to_string(batch) + "." + std::to_string(k)}}});
        }
      }
      {
        auto l = ledger::Ledger::open(p.db);
        l.append("tester", {events, {}});
      }
      mark();
      if (batch % 5 == 4) {  // now and then a command that caches the state again
        auto l = ledger::Ledger::open(p.db);
        (void)process::load_state(l, p.root, true);
      }
      CAPTURE(batch);
      auto l = ledger::Ledger::open(p.db, ledger::Ledger::Mode::read_only);
      const auto print = process::verified_rows_print(p.root, p.db, l);
      REQUIRE(print.has_value());
      auto got = process::load_reported(l, p.root, *print);
      REQUIRE(got.has_value());
      const auto want = process::digest_trace(process::replay(l));
      const auto& d = got->second;
      CHECK(d.feedback == want.feedback);
      CHECK(d.open == want.open);
      CHECK(d.by_from_phase == want.by_from_phase);
      CHECK(d.by_type == want.by_type);
      REQUIRE(d.decisions.size() == want.decisions.size());
      for (std::size_t i = 0; i < d.decisions.size(); ++i) CHECK(d.decisions[i].id == want.decisions[i].id);
      CHECK(texts(d) == texts(want));
      REQUIRE(d.listed.size() == want.listed.size());
      for (std::size_t i = 0; i < d.listed.size(); ++i) {
        CHECK(d.listed[i].feedback.id == want.listed[i].feedback.id);
        REQUIRE(d.listed[i].answers.size() == want.listed[i].answers.size());
        for (std::size_t a = 0; a < d.listed[i].answers.size(); ++a)
          CHECK(d.listed[i].answers[a].id == want.listed[i].answers[a].id);
      }
    }
  }
}
