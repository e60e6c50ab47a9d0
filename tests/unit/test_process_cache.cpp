// lib/process/load: the derived state cache in two files. The core
// (state.pack: phases, tasks, stakeholders and the counts of items per
// phase iteration) is all that gates and writes read, so that a write costs
// the same on a million events as on ten; the items (items.pack) are read
// only by a full load. And resolve_feedback finds an item in the ledger's
// hash index, not in the state.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "ledger_scratch.hpp"
#include "process/actions.hpp"
#include "process/gates.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"
#include "sealed_cache.hpp"
#include "state_dump.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using namespace interlink;
namespace k = interlink::ledger::kinds;
using ledger::Json;
using process::Detail;

using cache_test::sealed_bytes;
using cache_test::write_sealed;

namespace {

// A project root with a ledger: phase one active, three feedback items (two in
// iteration 1 of phase one, one for phase two), two decisions of phase one
// (one approved).
ledger::Ledger cache_ledger(const ledger_test::Scratch& dir) {
  auto led = ledger::Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "cache-test");
  std::vector<ledger::NewEvent> evs = {
      {std::string(k::stakeholder_added), "org-a", {{"consent", "given"}}},
      {std::string(k::stakeholder_added), "p-1a2b3c4d", {{"consent", "12:3\t4\n"}}},
      {std::string(k::stakeholder_removed), "p-1a2b3c4d", Json::object()},
      {std::string(k::phase_started), "one", {{"iteration", 1}}},
      {std::string(k::feedback_recorded), "org-a", {{"phase", "one"}, {"iteration", 1}, {"text", "a"}}},
      {std::string(k::feedback_recorded), "org-b", {{"phase", "one"}, {"iteration", 1}, {"text", "b"}}},
      {std::string(k::feedback_recorded), "org-a", {{"phase", "two"}, {"iteration", 1}, {"text", "c"}}},
      {std::string(k::decision_recorded), "one", {{"title", "yes"}, {"iteration", 1}, {"outcome", "approved"}}},
      {std::string(k::decision_recorded), "one", {{"title", "no"}, {"iteration", 1}, {"outcome", "rejected"}}},
  };
  led.append("t", {evs});
  return led;
}

}  // namespace

TEST_SUITE("process cache") {
  TEST_CASE("apply() keeps the counts that gates read, per phase iteration") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    auto s = process::replay(led);
    CHECK(process::feedback_count(s, "one", 1) == 2);
    CHECK(process::feedback_count(s, "two", 1) == 1);
    CHECK(process::feedback_count(s, "one", 2) == 0);
    CHECK(process::approved_decisions(s, "one", 1) == 1);
    CHECK(s.feedback_total == 3);
    CHECK(s.decisions_total == 2);
  }

  TEST_CASE("a core load has the counts but no items, and never writes a cache without them") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    auto core = process::load_state(led, dir.dir, true, Detail::core);
    CHECK_FALSE(core.items);
    CHECK(core.feedback.empty());
    CHECK(core.decisions.empty());
    CHECK(process::feedback_count(core, "one", 1) == 2);
    CHECK(process::approved_decisions(core, "one", 1) == 1);
    CHECK(core.phase_status("one") == "active");
    // With no cache, the core load replayed every event but kept no item:
    // no items file is written from it (step.pack would be, past 32 events).
    CHECK_FALSE(std::filesystem::exists(cache_test::cache_path(dir.dir, "items.pack")));
    CHECK_FALSE(std::filesystem::exists(cache_test::cache_path(dir.dir, "state.pack")));
    (void)process::load_state(led, dir.dir, true, Detail::full);
    REQUIRE(std::filesystem::exists(cache_test::cache_path(dir.dir, "items.pack")));
    const std::string items_before = sealed_bytes(dir.dir, "items.pack");
    // Extended from the cache, a core state lacks the new items: it is not
    // written, so that a later full load cannot take its lists for the items.
    led.append("t", {{{std::string(k::feedback_recorded), "org-c", {{"phase", "one"}, {"iteration", 1}}}}});
    (void)process::load_state(led, dir.dir, true, Detail::core);
    CHECK(sealed_bytes(dir.dir, "items.pack") == items_before);
    auto full = process::load_state(led, dir.dir, true, Detail::full);
    CHECK(full.items);
    CHECK(full.feedback.size() == 4);
    CHECK(full.decisions.size() == 2);
    CHECK(full.feedback[0].id.rfind("fb-", 0) == 0);
    CHECK(sealed_bytes(dir.dir, "items.pack") != items_before);
  }

  TEST_CASE("the core file holds no items; a full load reads them from the items file") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    (void)process::load_state(led, dir.dir, true, Detail::full);
    REQUIRE(std::filesystem::is_regular_file(cache_test::cache_path(dir.dir, "state.pack")));
    REQUIRE(std::filesystem::is_regular_file(cache_test::cache_path(dir.dir, "items.pack")));
    // The items' hashes are in the items file, not in the core.
    std::string core_bytes;
    (void)cache_test::core_parts(dir.dir, "state.pack", core_bytes);
    for (const auto& f : process::replay(led).feedback) {
      CHECK(core_bytes.find(f.hash) == std::string::npos);
      CHECK(sealed_bytes(dir.dir, "items.pack").find(f.hash) != std::string::npos);
    }
    CHECK(process::load_state(led, dir.dir, false, Detail::core).feedback_total == 3);
    // Replace the items with other ones under the same key: a full load takes
    // them (the cache is used), a core load never looks.
    const auto replayed = process::replay(led);
    auto items_file = [&](long long seq, const std::string& text, const std::string& tail = {}) {
      process::pack::Writer w;
      w.str("interlink state items");
      w.num(process::kStateCacheVersion);
      w.str(led.root_hash());
      w.strs(led.heads());
      w.num(seq);
      std::vector<process::Feedback> one = {replayed.feedback[0]};
      one[0].text = text;
      process::pack::put(w, one);
      process::pack::put(w, replayed.decisions);
      write_sealed(dir.dir, "items.pack", w.bytes() + tail);
    };
    items_file(led.last_seq(), "from the cache");
    auto full = process::load_state(led, dir.dir, false, Detail::full);
    REQUIRE(full.feedback.size() == 1);
    CHECK(full.feedback[0].text == "from the cache");
    CHECK(full.feedback[0].id.rfind("fb-", 0) == 0);
    CHECK(full.decisions.size() == 2);
    auto core_state = process::load_state(led, dir.dir, false, Detail::core);
    CHECK(core_state.feedback.empty());
    CHECK(core_state.feedback_total == 3);
    // Items of another key are not used, nor damaged ones: the state is replayed.
    items_file(1, "another key");
    CHECK(process::load_state(led, dir.dir, false, Detail::full).feedback.size() == 3);
    items_file(led.last_seq(), "trailing bytes", "1:x");
    CHECK(process::load_state(led, dir.dir, false, Detail::full).feedback.size() == 3);
    items_file(led.last_seq(), "whole");
    const std::string good = sealed_bytes(dir.dir, "items.pack");
    REQUIRE(process::load_state(led, dir.dir, false, Detail::full).feedback.size() == 1);
    for (std::size_t cut : {std::size_t{1}, good.size() / 2, good.size() - 1}) {
      write_sealed(dir.dir, "items.pack", good.substr(0, cut));
      CHECK(process::load_state(led, dir.dir, false, Detail::full).feedback.size() == 3);
    }
  }

  TEST_CASE("the core's stakeholders come back as replayed, and a damaged pack is rebuilt") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    const auto replayed = process::replay(led).stakeholders;
    REQUIRE(replayed.size() == 2);
    (void)process::load_state(led, dir.dir, true, Detail::full);
    auto same = [&](const process::State& s) {
      REQUIRE(s.stakeholders.size() == replayed.size());
      for (const auto& [id, r] : replayed) {
        const auto& c = s.stakeholders.all().at(id);
        CHECK(c.id == r.id);
        CHECK(c.status == r.status);
        CHECK(c.consent == r.consent);
        CHECK(c.joined == r.joined);
      }
    };
    same(process::load_state(led, dir.dir, false, Detail::core));
    CHECK(process::load_state(led, dir.dir, false, Detail::core).stakeholders.find("p-1a2b3c4d")->status == "removed");
    // Damage anywhere in the core file: the state is replayed.
    std::string file;
    const auto parts = cache_test::core_parts(dir.dir, "state.pack", file);
    const std::string good(parts.head), region(parts.tail);
    for (const std::string& bad : {good.substr(0, good.size() - 1), good + "9", good + "1:x", "x:" + good,
                                   "99999:" + good, std::string("1234567890:a")}) {
      cache_test::write_core_parts(dir.dir, "state.pack", bad, region);
      same(process::load_state(led, dir.dir, false, Detail::core));
    }
    // The records' region, outside the seal, cut or longer: it no longer
    // fits what the sealed head says of it, and the state is replayed.
    for (const std::string& bad : {region.substr(0, region.size() - 1), region + "x", std::string()}) {
      cache_test::write_core_parts(dir.dir, "state.pack", good, bad);
      same(process::load_state(led, dir.dir, false, Detail::core));
    }
    // A byte of it changed: the load takes the cache (it hashes no record),
    // and the first lookup in that chunk says the cache is damaged, and
    // removes it: the next load replays.
    std::string changed = region;
    changed[changed.size() / 2] = static_cast<char>(changed[changed.size() / 2] ^ 1);
    cache_test::write_core_parts(dir.dir, "state.pack", good, changed);
    auto loaded = process::load_state(led, dir.dir, false, Detail::core);
    CHECK_THROWS_WITH_AS((void)loaded.stakeholders.all(),
                         doctest::Contains("state.pack was damaged after it was written"), interlink::Error);
    CHECK_FALSE(std::filesystem::exists(cache_test::cache_path(dir.dir, "state.pack")));
    same(process::load_state(led, dir.dir, false, Detail::core));
  }

  TEST_CASE("the core comes back field by field as replayed, and is what a core load reads") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    Json evidence = Json::array({Json{{"path", "evidence/a.pdf"}, {"size", 12}, {"sha256", std::string(64, 'a')}},
                                 Json{{"url", "https://example.org/x"}}});
    Json unmet = Json::array({Json{{"condition", "feedback"}, {"have", 1}, {"need", 20}}});
    led.append("t", {{{std::string(k::gate_overridden),
                       "one",
                       {{"transition", "complete"}, {"iteration", 1}, {"reason", "late"}, {"unmet", unmet}}},
                      {std::string(k::phase_completed), "one", {{"iteration", 1}}},
                      {std::string(k::task_started), "t1", {{"phase", "two"}, {"iteration", 1}, {"note", "go"}}},
                      {std::string(k::task_done),
                       "t1",
                       {{"phase", "two"}, {"iteration", 1}, {"evidence", evidence}, {"addresses", {"fb-1234"}}}},
                      {std::string(k::task_skipped), "t2", {{"phase", "two"}, {"reason", "not needed"}}}}});
    const auto replayed = process::replay(led);
    REQUIRE(replayed.overrides.size() == 1);
    REQUIRE(replayed.tasks.at("t1").evidence.size() == 2);
    (void)process::load_state(led, dir.dir, true, Detail::full);
    // Proof that the core is read, not replayed: a hand-made core file under
    // the ledger's key is what a core load gives.
    auto core = process::load_state(led, dir.dir, false, Detail::core);
    CHECK(core_dump(core) == core_dump(replayed));
    CHECK(core.phases.at("one").iterations.at(0).forced_complete);
    auto edited = replayed;
    edited.tasks.at("t1").note = "from the cache";
    auto w = cache_test::core_file(led.root_hash(), led.heads(), led.last_seq(), edited);
    w.write(dir.dir, "state.pack");
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t1").note == "from the cache");
    // A file that others may write is not mapped: its bytes could change
    // after its seal was checked (the mapping is read for the whole command).
    std::filesystem::permissions(cache_test::cache_path(dir.dir, "state.pack"), std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::add);
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t1").note == replayed.tasks.at("t1").note);
    // The same file with bytes after its state is damaged: replayed instead.
    w.write(dir.dir, "state.pack", "1:x");
    CHECK(process::load_state(led, dir.dir, false, Detail::core).tasks.at("t1").note == "");
  }

  TEST_CASE("a core load extends the cached core by the events appended since") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    (void)process::load_state(led, dir.dir, true, Detail::full);
    led.append("t", {{{std::string(k::feedback_recorded), "org-c", {{"phase", "one"}, {"iteration", 1}}},
                      {std::string(k::decision_recorded), "one", {{"iteration", 1}, {"outcome", "approved"}}}}});
    auto core = process::load_state(led, dir.dir, false, Detail::core);
    CHECK(core.feedback.empty());
    CHECK(core.chain);  // read from the cache and carried over the chain
    CHECK(process::feedback_count(core, "one", 1) == 3);
    CHECK(process::approved_decisions(core, "one", 1) == 2);
    auto full = process::load_state(led, dir.dir, false, Detail::full);
    CHECK(full.feedback.size() == 4);
    CHECK(full.decisions.size() == 3);
  }

  TEST_CASE("resolve_feedback finds items by a prefix of their hash in the ledger") {
    ledger_test::Scratch dir;
    auto led = cache_ledger(dir);
    auto s = process::replay(led);
    const std::string h = s.feedback[0].hash;
    auto refs = process::resolve_feedback(led, {"fb-" + h.substr(0, 8), "fb-" + h.substr(0, 20)});
    CHECK(refs == std::vector<std::string>{"fb-" + h.substr(0, 12)});
    // A decision's hash is no feedback id; nor is anything but "fb-" and hex.
    CHECK_THROWS_AS((void)process::resolve_feedback(led, {"fb-" + s.decisions[0].hash.substr(0, 8)}), Error);
    CHECK_THROWS_AS((void)process::resolve_feedback(led, {"fb-" + h.substr(0, 7) + "G"}), Error);
    CHECK_THROWS_AS((void)process::resolve_feedback(led, {h.substr(0, 8)}), Error);
    CHECK_THROWS_AS((void)process::resolve_feedback(led, {"fb-"}), Error);
    // 17 items: two of them share their first digit (16 possible), and
    // "fb-" + that digit names both.
    std::vector<ledger::NewEvent> more;
    for (int i = 0; i < 14; ++i)
      more.push_back({std::string(k::feedback_recorded), "org-a", {{"phase", "one"}, {"text", std::to_string(i)}}});
    led.append("t", {more});
    std::map<char, int> first;
    for (const auto& f : process::replay(led).feedback) ++first[f.hash[0]];
    auto shared = std::find_if(first.begin(), first.end(), [](const auto& kv) { return kv.second > 1; });
    REQUIRE(shared != first.end());
    CHECK_THROWS_WITH_AS((void)process::resolve_feedback(led, {std::string("fb-") + shared->first}),
                         doctest::Contains("is ambiguous: it could be fb-"), Error);
    CHECK(led.hashes_with_prefix(k::feedback_recorded, "", 10).empty());
    CHECK(led.hashes_with_prefix(k::feedback_recorded, h, 10) == std::vector<std::string>{h});
    CHECK(led.hashes_with_prefix(k::decision_recorded, h, 10).empty());
  }

  TEST_CASE("pack: put_bound bounds what put() writes, so that a reserved writer never grows") {
    // Every field long or at its largest number, so that a field the bound
    // leaves out shows.
    process::Feedback f;
    for (std::string* s : {&f.hash, &f.time, &f.actor, &f.from, &f.phase, &f.type, &f.text}) *s = std::string(300, 'x');
    f.iteration = 2147483647;
    f.tags = {std::string(500, 't'), "", std::string(70, 'u')};
    process::Decision d;
    for (std::string* s : {&d.hash, &d.time, &d.actor, &d.title, &d.phase, &d.rule, &d.threshold, &d.quorum, &d.outcome,
                           &d.review, &d.note})
      *s = std::string(300, 'y');
    for (int* v : {&d.iteration, &d.votes_for, &d.votes_against, &d.votes_abstain, &d.eligible, &d.needed})
      *v = -2147483647 - 1;
    d.addresses = {std::string(400, 'a'), "fb-1"};
    for (std::size_t n : {0, 1, 3}) {
      CAPTURE(n);
      const std::vector<process::Feedback> fs(n, f);
      const std::vector<process::Decision> ds(n, d);
      process::pack::Writer w;
      w.reserve(process::pack::put_bound(fs) + process::pack::put_bound(ds));
      const char* const at = w.bytes().data();
      process::pack::put(w, fs);
      process::pack::put(w, ds);
      CHECK(w.bytes().data() == at);  // written into what was reserved
      CHECK(w.bytes().size() <= process::pack::put_bound(fs) + process::pack::put_bound(ds));
    }
  }

  TEST_CASE("pack: every field of items round-trips; damaged bytes throw, never read past the end") {
    process::Feedback f;
    f.hash = std::string(64, 'a');
    f.time = "2026-01-01T00:00:00Z";
    f.actor = "a:b";
    f.from = "org-a";
    f.phase = "one";
    f.iteration = 7;
    f.type = "idea";
    f.text = std::string("12:x\0\n", 6) + "é";
    f.tags = {"", "t:1"};
    process::Decision d;
    d.hash = "h";
    d.title = "T";
    d.iteration = 2;
    d.votes_for = 5;
    d.votes_against = 1;
    d.votes_abstain = 3;
    d.eligible = 12;
    d.needed = 6;
    d.rule = "supermajority";
    d.threshold = "2/3";
    d.quorum = "0.5";
    d.outcome = "approved";
    d.addresses = {"fb-1", "fb-2"};
    d.review = "2027-01-01";
    d.note = "n";
    process::pack::Writer w;
    process::pack::put(w, std::vector<process::Feedback>{f, f});
    process::pack::put(w, std::vector<process::Decision>{d});
    const std::string bytes = w.bytes();
    process::pack::Reader r(bytes);
    std::vector<process::Feedback> fs2;
    std::vector<process::Decision> ds2;
    process::pack::get(r, fs2);
    process::pack::get(r, ds2);
    CHECK(r.done());
    REQUIRE(fs2.size() == 2);
    CHECK(fs2[1].text == f.text);
    CHECK(fs2[1].tags == f.tags);
    CHECK(fs2[1].iteration == 7);
    CHECK(fs2[1].actor == "a:b");
    REQUIRE(ds2.size() == 1);
    CHECK(ds2[0].votes_abstain == 3);
    CHECK(ds2[0].needed == 6);
    CHECK(ds2[0].threshold == "2/3");
    CHECK(ds2[0].addresses == d.addresses);
    CHECK(ds2[0].review == "2027-01-01");
    // Every truncation throws; so do a count larger than the bytes and a
    // number that is not one.
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      process::pack::Reader t(std::string_view(bytes).substr(0, cut));
      auto read_all = [&t] {
        std::vector<process::Feedback> a;
        std::vector<process::Decision> b;
        process::pack::get(t, a);
        process::pack::get(t, b);
      };
      CHECK_THROWS_AS(read_all(), std::runtime_error);
    }
    // A negative iteration (only a damaged file holds one) is refused.
    f.iteration = -1;
    process::pack::Writer neg;
    process::pack::put(neg, std::vector<process::Feedback>{f});
    process::pack::Reader nr(neg.bytes());
    std::vector<process::Feedback> none;
    CHECK_THROWS_AS(process::pack::get(nr, none), std::runtime_error);
    for (const std::string bad : {"10:99999999990:", "1:x", "2:-1", "3:1:a", "01:"}) {
      process::pack::Reader t(bad);
      std::vector<process::Feedback> a;
      CHECK_THROWS_AS(process::pack::get(t, a), std::runtime_error);
    }
  }
}
