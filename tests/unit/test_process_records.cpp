// process/records: what the ledger says of each stakeholder, kept packed when
// it comes from the state cache's core and decoded one record at a time, with
// an overlay for what a replay changes after the cache. Whatever is asked,
// the answer must be the map's.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "ledger_scratch.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"
#include "process/records.hpp"

using namespace interlink;
using process::StakeholderRecord;
using process::StakeholderRecords;

namespace {

std::string dump(const StakeholderRecords& r) {
  std::string out;
  for (const auto& [id, rec] : r)
    out += fmt::format("{}={}|{}|{}|{}\n", id, rec.id, rec.status, rec.consent, rec.joined);
  return out;
}

// Records of ids "s-000" .. in map form.
StakeholderRecords make(int n) {
  StakeholderRecords r;
  for (int i = 0; i < n; ++i) {
    auto id = fmt::format("s-{:03}", i * 2);
    auto& rec = r[id];
    rec.id = id;
    rec.status = i % 3 == 0 ? "removed" : "current";
    rec.consent = i % 2 ? "given" : "";
    rec.joined = fmt::format("2026-01-{:02}T00:00:00Z", 1 + i % 28);
  }
  return r;
}

StakeholderRecords packed(const StakeholderRecords& from, const std::string& tail = {}) {
  process::pack::Writer w;
  process::pack::put(w, from);
  const std::string bytes = w.bytes() + tail;
  StakeholderRecords out;
  CHECK(out.take_packed(bytes) == w.bytes().size());
  return out;
}

// Records of these ids in the packed form, written by hand: a count, the
// index of offsets (4 bytes, little-endian), the body. `entries` index
// entries; the second one set to `second` when given.
std::string raw(const std::vector<std::string>& ids, std::size_t entries = 0, long second = -1) {
  process::pack::Writer body;
  std::string index;
  for (const auto& id : ids) {
    const auto at = static_cast<std::uint32_t>(body.bytes().size());
    for (int k = 0; k < 4; ++k) index.push_back(static_cast<char>((at >> (8 * k)) & 0xff));
    for (const std::string& f : {id, std::string("current"), std::string(), std::string()}) body.str(f);
  }
  if (entries) index.resize(entries * 4);
  if (second >= 0) {
    for (int k = 0; k < 4; ++k) index[4 + static_cast<std::size_t>(k)] = static_cast<char>((second >> (8 * k)) & 0xff);
  }
  process::pack::Writer w;
  w.num(static_cast<long long>(ids.size()));
  w.str(index);
  w.str(body.bytes());
  return w.bytes();
}

}  // namespace

TEST_SUITE("process records") {
  TEST_CASE("packed records answer find() like the map, one record at a time") {
    const auto map = make(50);
    const auto p = packed(map, "9:remainder");  // bytes after them are the caller's
    for (int i = -1; i < 101; ++i) {
      const auto id = fmt::format("s-{:03}", i);  // every other one exists
      const auto* want = map.find(id);
      const auto* got = p.find(id);
      REQUIRE((want == nullptr) == (got == nullptr));
      if (want) {
        CHECK(got->id == want->id);
        CHECK(got->status == want->status);
        CHECK(got->consent == want->consent);
        CHECK(got->joined == want->joined);
      }
    }
    CHECK(p.find("") == nullptr);
    CHECK(p.find("zzz") == nullptr);
    CHECK(dump(p) == dump(map));
    CHECK(p.size() == 50);
  }

  TEST_CASE("changes after the cache go over the packed records, and all() merges them") {
    auto map = make(20);
    auto p = packed(map);
    // Changed, added, and looked up before: the same as the map would say.
    for (auto* r : {&map, &p}) {
      (*r)["s-004"].status = "erased";
      auto& added = (*r)["s-005"];
      added.id = "s-005";
      added.joined = "2026-02-01T00:00:00Z";
    }
    CHECK(p.find("s-004")->status == "erased");
    CHECK(p.find("s-005")->joined == "2026-02-01T00:00:00Z");
    StakeholderRecord& kept = p["s-006"];  // a reference handed out before all()
    kept.consent = "withdrawn";
    map["s-006"].consent = "withdrawn";
    CHECK(dump(p) == dump(map));
    CHECK(&kept == &p.all().at("s-006"));  // still the same record after the merge
    // A record never recorded comes back as the map's default.
    CHECK(p["s-999"].status == "current");
    CHECK(p["s-999"].id.empty());
  }

  TEST_CASE("past a few lookups all are decoded once, and what the overlay held is kept") {
    // validate asks for one record per sender: thousands of scans of the
    // packed bytes, unless they are decoded once.
    auto map = make(40);
    auto p = packed(map);
    for (auto* r : {&map, &p}) {
      (*r)["s-004"].status = "erased";
      (*r)["s-007"].id = "s-007";  // a new one, between two packed
    }
    StakeholderRecord& kept = p["s-010"];
    kept.consent = "withdrawn";
    map["s-010"].consent = "withdrawn";
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 81; ++i) {
        const auto id = fmt::format("s-{:03}", i);
        const auto* want = map.find(id);
        const auto* got = p.find(id);
        REQUIRE((want == nullptr) == (got == nullptr));
        if (want) CHECK(got->status == want->status);
      }
    }
    CHECK(&kept == p.find("s-010"));  // the reference handed out still holds
    CHECK(kept.consent == "withdrawn");
    CHECK(dump(p) == dump(map));
  }

  TEST_CASE("damaged packed records are refused whole") {
    const auto map = make(5);
    process::pack::Writer w;
    process::pack::put(w, map);
    const std::string good = w.bytes();
    StakeholderRecords r;
    for (std::size_t cut : {std::size_t{1}, good.size() / 2, good.size() - 1})
      CHECK_THROWS_AS((void)r.take_packed(good.substr(0, cut)), std::runtime_error);
    // Ids out of order, or twice: a map could not have written them.
    CHECK_THROWS_AS((void)r.take_packed(raw({"b", "a"})), std::runtime_error);
    CHECK_THROWS_AS((void)r.take_packed(raw({"a", "a"})), std::runtime_error);
    CHECK(r.take_packed(raw({"a", "b"})) == raw({"a", "b"}).size());
    // An index that does not fit the body: too short, past its end, or not increasing.
    CHECK_THROWS_AS((void)r.take_packed(raw({"a", "b"}, 1)), std::runtime_error);
    CHECK_THROWS_AS((void)r.take_packed(raw({"a", "b"}, 2, 0xffff)), std::runtime_error);
    CHECK_THROWS_AS((void)r.take_packed(raw({"a", "b"}, 2, 0)), std::runtime_error);
  }

  TEST_CASE("a core load extended by stakeholder events gives the replay's records") {
    namespace k = ledger::kinds;
    ledger_test::Scratch dir;
    auto led = ledger::Ledger::create(dir / "ledger.db", "t", {{"title", "T"}}, "records-test");
    std::vector<ledger::NewEvent> evs;
    for (int i = 0; i < 30; ++i)
      evs.push_back({std::string(k::stakeholder_added), fmt::format("org-{:02}", i), {{"consent", "given"}}});
    led.append("t", {evs});
    (void)process::load_state(led, dir.dir, true, process::Detail::full);  // the cache, packed
    led.append("t", {{{std::string(k::stakeholder_removed), "org-07", ledger::Json::object()},
                      {std::string(k::consent_recorded), "org-08", {{"status", "withdrawn"}}},
                      {std::string(k::stakeholder_added), "org-99", {{"consent", "pending"}}}}});
    auto core = process::load_state(led, dir.dir, false, process::Detail::core);
    CHECK(core.stakeholders.find("org-07")->status == "removed");
    CHECK(core.stakeholders.find("org-08")->consent == "withdrawn");
    CHECK(core.stakeholders.find("org-99")->consent == "pending");
    CHECK(core.stakeholders.find("org-10")->status == "current");
    CHECK(dump(core.stakeholders) == dump(process::replay(led).stakeholders));
  }

  TEST_CASE("packed records read in place keep their owner's bytes, and copies share them") {
    const auto map = make(40);
    process::pack::Writer w;
    process::pack::put(w, map);
    // The owner stands for the mapped cache file: the records must hold it
    // (not copy out of it) while they are packed, and let go once decoded.
    auto owner = std::make_shared<const std::string>(w.bytes() + "tail");
    const std::weak_ptr<const std::string> watch = owner;
    StakeholderRecords r;
    CHECK(r.take_packed(*owner, owner) == w.bytes().size());
    owner.reset();
    REQUIRE_FALSE(watch.expired());  // held by the records
    const StakeholderRecords copy = r;
    REQUIRE(copy.find("s-004") != nullptr);
    CHECK(copy.find("s-004")->joined == map.find("s-004")->joined);
    CHECK(r.find("s-005") == nullptr);
    CHECK(dump(r) == dump(map));   // all(): decoded, the owner let go by r
    CHECK_FALSE(watch.expired());  // ... but not by the copy, still packed
    CHECK(dump(copy) == dump(map));
    CHECK(watch.expired());
  }
}
