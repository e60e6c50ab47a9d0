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

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

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

// The two parts put_packed() writes: what goes under a core file's seal,
// and the region of the records themselves.
struct Parts {
  std::string head, region;
};

Parts parts_of(const StakeholderRecords& from) {
  process::pack::Writer w;
  Parts out;
  StakeholderRecords::put_packed(w, out.region, from.all());
  out.head = w.bytes();
  return out;
}

// Takes the two parts; bytes after the head are the caller's, left unread.
void take(StakeholderRecords& r, const Parts& p, const std::string& tail = {},
          std::shared_ptr<const void> owner = nullptr) {
  const std::string head = p.head + tail;
  process::pack::Reader in(head);
  r.take_packed(in, p.region, std::move(owner));
  CHECK(in.left() == tail.size());
}

StakeholderRecords packed(const StakeholderRecords& from, const std::string& tail = {}) {
  StakeholderRecords out;
  take(out, parts_of(from), tail);
  return out;
}

// Records of these ids, written by hand as put_packed() would, each id a
// chunk of its own when `chunk_each`, else all in one chunk.
Parts raw(const std::vector<std::string>& ids, bool chunk_each) {
  process::pack::Writer body;
  std::vector<std::string> first;
  std::string offsets, hashes;
  std::size_t start = 0;
  auto end_chunk = [&] {
    const std::string bytes = body.bytes().substr(start);
    hashes += std::string(32, '\0');
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
           reinterpret_cast<unsigned char*>(hashes.data() + hashes.size() - 32));
    start = body.bytes().size();
  };
  for (const auto& id : ids) {
    if (first.empty() || chunk_each) {
      if (!first.empty()) end_chunk();
      const auto at = static_cast<std::uint32_t>(body.bytes().size());
      for (int k = 0; k < 4; ++k) offsets.push_back(static_cast<char>((at >> (8 * k)) & 0xff));
      first.push_back(id);
    }
    for (const std::string& f : {id, std::string("current"), std::string(), std::string(), std::string()}) body.str(f);
  }
  if (!first.empty()) end_chunk();
  process::pack::Writer w;
  w.num(static_cast<long long>(ids.size()));
  w.num(static_cast<long long>(body.bytes().size()));
  w.strs(first);
  w.str(offsets);
  w.str(hashes);
  return {w.bytes(), body.bytes()};
}

}  // namespace

TEST_SUITE("process records") {
  TEST_CASE("packed records answer find() like the map, one record at a time") {
    // One chunk, and several (each record is about 40 bytes).
    for (int n : {50, 400}) {
      INFO(n, " records");
      const auto map = make(n);
      const auto p = packed(map, "9:remainder");  // bytes after them are the caller's
      for (int i = -1; i < 2 * n + 1; ++i) {
        const auto id = fmt::format("s-{:03}", i);  // every other one exists
        const auto* want = map.find(id);
        // A copy for each lookup, still packed: past a few lookups the
        // records are all decoded, and the search in the chunks is not used.
        const StakeholderRecords fresh = p;
        const auto* got = fresh.find(id);
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
      CHECK(p.size() == static_cast<std::size_t>(n));
    }
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

  TEST_CASE("records that do not fit what describes them are refused whole") {
    const auto good = parts_of(make(5));
    StakeholderRecords r;
    auto refused = [&](const Parts& p) {
      process::pack::Reader in(p.head);
      CHECK_THROWS_AS(r.take_packed(in, p.region), std::runtime_error);
    };
    // The region cut, or longer than said.
    refused({good.head, good.region.substr(0, good.region.size() - 1)});
    refused({good.head, good.region + "x"});
    // What describes them cut (the Reader runs out).
    for (std::size_t cut : {std::size_t{1}, good.head.size() / 2, good.head.size() - 1})
      refused({good.head.substr(0, cut), good.region});
    // Chunks whose first ids are out of order, or twice: a map could not
    // have written them, and the lookup's binary search needs them in order.
    refused(raw({"b", "a"}, true));
    refused(raw({"a", "a"}, true));
    Parts two = raw({"a", "b"}, true);
    process::pack::Reader in(two.head);
    r.take_packed(in, two.region);
    CHECK(r.find("b") != nullptr);
  }

  TEST_CASE("a lookup checks the one chunk it reads; all() checks every one") {
    // 400 records of about 40 bytes: several chunks.
    const auto map = make(400);
    const auto good = parts_of(map);
    {
      process::pack::Reader in(good.head);
      (void)in.num();
      (void)in.num();
      REQUIRE(in.strs().size() >= 3);
    }
    // One byte of the first chunk changed after the seal: its hash fails.
    Parts bad = good;
    bad.region[10] = static_cast<char>(bad.region[10] ^ 1);
    StakeholderRecords r;
    take(r, bad);
    // A record in another chunk is read (that chunk alone is hashed) ...
    REQUIRE(r.find("s-798") != nullptr);
    CHECK(r.find("s-798")->joined == map.find("s-798")->joined);
    // ... one in the damaged chunk, or the whole, is refused.
    CHECK_THROWS_AS((void)r.find("s-000"), std::runtime_error);
    CHECK_THROWS_AS((void)r.all(), std::runtime_error);
    // Damage in the last byte of the last chunk: found by all() too.
    Parts last = good;
    last.region.back() = static_cast<char>(last.region.back() ^ 1);
    StakeholderRecords l;
    take(l, last);
    CHECK(l.find("s-000") != nullptr);
    CHECK_THROWS_AS((void)l.all(), std::runtime_error);
  }

  TEST_CASE("records out of order inside a chunk, or not the chunk's first id first, are refused by all()") {
    // Each chunk hashed as written: only the order tells these apart.
    for (const auto& ids : {std::vector<std::string>{"a", "c", "b"}, std::vector<std::string>{"a", "a"}}) {
      const Parts p = raw(ids, false);
      StakeholderRecords r;
      process::pack::Reader in(p.head);
      r.take_packed(in, p.region);
      CHECK_THROWS_AS((void)r.all(), std::runtime_error);
    }
    // A chunk that does not start with the id said first: "a" is said,
    // "0" is there (the hashes are the region's).
    const Parts other = raw({"0", "b", "c"}, false);
    process::pack::Writer w;
    process::pack::Reader in(other.head);
    w.num(in.num());
    w.num(in.num());
    (void)in.strs();
    w.strs({"a"});
    w.str(in.str());
    w.str(in.str());
    StakeholderRecords r;
    process::pack::Reader again(w.bytes());
    r.take_packed(again, other.region);
    CHECK_THROWS_AS((void)r.all(), std::runtime_error);
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

  TEST_CASE("packed records with changes over them are written out by chunk, the ones left alone carried") {
    // 400 records: several chunks. Changes before the first, inside and
    // between chunks, after the last, and enough new records to grow one.
    const auto base = make(400);
    const Parts parts = parts_of(base);
    // 54 lookups: fewer than decode all the packed records (kPackedLookups).
    auto changed = [](StakeholderRecords& r) {
      r["s-000"].status = "erased";  // the very first
      auto& before = r["a-first"];   // before every packed id
      before.id = "a-first";
      r["s-402"].consent = "withdrawn";  // inside a later chunk
      for (int i = 0; i < 50; ++i) {     // between s-500 and s-502: a chunk grows past kChunkBytes
        auto id = fmt::format("s-501-{:03}", i);
        r[id].id = id;
      }
      auto& after = r["z-last"];  // after every packed id
      after.id = "z-last";
    };
    StakeholderRecords map = make(400);
    changed(map);
    StakeholderRecords p;
    take(p, parts);
    changed(p);
    process::pack::Writer w;
    std::string region;
    p.put_packed(w, region);
    StakeholderRecords back;
    process::pack::Reader in(w.bytes());
    back.take_packed(in, region);
    CHECK(in.done());
    CHECK(dump(back) == dump(map));
    CHECK(back.size() == 400 + 2 + 50);
    // No change at all: the same bytes, every chunk carried.
    StakeholderRecords same;
    take(same, parts);
    process::pack::Writer w2;
    std::string region2;
    same.put_packed(w2, region2);
    CHECK(w2.bytes() == parts.head);
    CHECK(region2 == parts.region);
    // A replayed (unpacked) state and an empty packed one write what the map does.
    StakeholderRecords none;
    take(none, parts_of(StakeholderRecords{}));
    changed(none);
    StakeholderRecords only_new;
    changed(only_new);
    process::pack::Writer w3, w4;
    std::string r3, r4;
    none.put_packed(w3, r3);
    only_new.put_packed(w4, r4);
    CHECK(w3.bytes() == w4.bytes());
    CHECK(r3 == r4);
  }

  TEST_CASE("a damaged chunk carried unread keeps its old hash, and is still refused when read") {
    const auto base = make(400);
    Parts bad = parts_of(base);
    const std::size_t at = bad.region.size() - 5;  // in the last chunk
    bad.region[at] = static_cast<char>(bad.region[at] ^ 1);
    StakeholderRecords p;
    take(p, bad);
    p["s-000"].status = "erased";  // a change in the first chunk only
    process::pack::Writer w;
    std::string region;
    p.put_packed(w, region);  // the last chunk is carried, not read
    StakeholderRecords back;
    process::pack::Reader in(w.bytes());
    back.take_packed(in, region);
    CHECK(back.find("s-000")->status == "erased");
    // Not laundered under a fresh hash: the damage is still found.
    CHECK_THROWS_AS((void)back.find("s-798"), std::runtime_error);
  }

  TEST_CASE("packed records read in place keep their owner's bytes, and copies share them") {
    const auto map = make(40);
    const auto p = parts_of(map);
    // The owner stands for the mapped cache file: the records must hold it
    // (not copy out of it) while they are packed, and let go once decoded.
    auto owner = std::make_shared<const std::string>(p.region);
    const std::weak_ptr<const std::string> watch = owner;
    StakeholderRecords r;
    process::pack::Reader in(p.head);
    r.take_packed(in, *owner, owner);  // a view of the owner's bytes, not a copy
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
