// Unit tests of lib/stakeholders/name_index: the names of the current
// organizations and groups, rebuilt from the ledger's stakeholder events,
// kept in the cache, read back as they are, and carried over the events
// appended since; a ledger that is not the cached one's continuation is
// read anew, and a fingerprint that says too much is confirmed among the
// events.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "ledger/ledger.hpp"
#include "ledger_scratch.hpp"
#include "sealed_cache.hpp"
#include "stakeholders/name_index.hpp"

using namespace interlink;
using ledger_test::Scratch;
using stakeholders::name_key;
using stakeholders::NameIndex;
namespace stdfs = std::filesystem;

namespace {

ledger::Change one(const std::string& kind, const std::string& id, ledger::Json payload = ledger::Json::object()) {
  return ledger::Change{{ledger::NewEvent{kind, id, std::move(payload)}}, {}};
}

ledger::Change added(const std::string& id, const std::string& name, const std::string& kind = "organization") {
  return one("stakeholder.added", id, {{"kind", kind}, {"name", name}, {"sector", "public"}});
}

std::shared_ptr<const ledger::Ledger> reader(const stdfs::path& db) {
  return std::make_shared<const ledger::Ledger>(ledger::Ledger::open(db, ledger::Ledger::Mode::read_only));
}

std::string find(const NameIndex& ix, const std::string& name) { return ix.find(name_key(name)); }

// A project's ledger in s, AgID already registered.
ledger::Ledger with_agid(const Scratch& s) {
  auto l = ledger::Ledger::create(s / "ledger.db", "tester", {{"title", "T"}}, "t");
  l.append("t", added("agid", "Agency for Digital Italy"));
  return l;
}

}  // namespace

TEST_SUITE("stakeholders.name_index") {
  TEST_CASE("the fingerprint is FNV-1a of 64 bits: the cache's format depends on it") {
    CHECK(NameIndex::fingerprint("") == 0xcbf29ce484222325ULL);
    CHECK(NameIndex::fingerprint("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(name_key("  Agency\tfor   DIGITAL Italy ") == name_key("agency for digital italy"));
  }

  TEST_CASE("rebuilt from the events: current organizations and groups by their last name, never persons") {
    Scratch s;
    auto l = with_agid(s);
    l.append("t", added("residents", "Residents Group", "group"));
    l.append("t", added("p-1", "Ada Lovelace", "person"));  // never in a real ledger; ignored if it were
    l.append("t", added("old", "Old Name"));
    l.append("t", one("stakeholder.updated", "old", {{"name", "New Name"}}));
    l.append("t", added("gone", "Gone Org"));
    l.append("t", one("stakeholder.removed", "gone", {{"reason", "left"}}));
    NameIndex ix = NameIndex::load(reader(s / "ledger.db"), s.dir);
    CHECK(ix.source() == NameIndex::Source::rebuilt);
    CHECK(find(ix, "agency for  DIGITAL italy") == "agid");
    CHECK(find(ix, "Residents Group") == "residents");
    CHECK(find(ix, "Ada Lovelace").empty());
    CHECK(find(ix, "Old Name").empty());
    CHECK(find(ix, "New Name") == "old");
    CHECK(find(ix, "Gone Org").empty());
    CHECK(find(ix, "Nobody").empty());
  }

  TEST_CASE("saved, read back as it is, then carried over the names recorded since") {
    Scratch s;
    auto l = with_agid(s);
    NameIndex::load(reader(s / "ledger.db"), s.dir).save(s.dir);
    REQUIRE(stdfs::exists(cache_test::cache_path(s.dir, "names.pack")));

    NameIndex same = NameIndex::load(reader(s / "ledger.db"), s.dir);
    CHECK(same.source() == NameIndex::Source::cached);
    CHECK(find(same, "Agency for Digital Italy") == "agid");

    l.append("t", added("later", "Later Org"));
    l.append("t", one("stakeholder.updated", "agid", {{"name", "AgID"}}));
    l.append("t", one("stakeholder.removed", "later", {{"reason", "left"}}));
    l.append("t", added("last", "Last Org"));
    NameIndex carried = NameIndex::load(reader(s / "ledger.db"), s.dir);
    CHECK(carried.source() == NameIndex::Source::carried);
    CHECK(find(carried, "Last Org") == "last");  // added since the cache
    CHECK(find(carried, "agid") == "agid");      // renamed since
    // Names that went since keep their fingerprints, and are confirmed gone.
    CHECK(find(carried, "Agency for Digital Italy").empty());
    CHECK(find(carried, "Later Org").empty());
  }

  TEST_CASE("a ledger that does not continue the cached one, or a damaged cache, is read anew") {
    Scratch s;
    auto l = with_agid(s);
    stdfs::copy_file(s / "ledger.db", s / "other.db");  // the same project, before what follows
    l.append("t", added("mine", "My Org"));
    NameIndex::load(reader(s / "ledger.db"), s.dir).save(s.dir);

    // Another copy of the project, grown apart: one seq further, but its
    // event at the cached seq is not the cached head.
    {
      auto other = ledger::Ledger::open(s / "other.db", ledger::Ledger::Mode::read_write);
      other.append("t", added("theirs", "Their Org"));
      other.append("t", added("more", "More Org"));
    }
    NameIndex ix = NameIndex::load(reader(s / "other.db"), s.dir);
    CHECK(ix.source() == NameIndex::Source::rebuilt);
    CHECK(find(ix, "Their Org") == "theirs");
    CHECK(find(ix, "More Org") == "more");
    CHECK(find(ix, "My Org").empty());

    cache_test::write_sealed(s.dir, "names.pack", "15:interlink names1:1damaged");
    NameIndex damaged = NameIndex::load(reader(s / "ledger.db"), s.dir);
    CHECK(damaged.source() == NameIndex::Source::rebuilt);
    CHECK(find(damaged, "My Org") == "mine");
  }
}
