// Unit tests of lib/ledger/merge.cpp's union (Ledger::merge_from): on
// histories that fork and join in many ways, the result is exactly the union
// SPEC §5 describes — ours as it was, then every event of theirs that ours
// lacked, in theirs' order — whichever way the walk back from their heads
// finds them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "ledger_scratch.hpp"

using namespace interlink::ledger;
using ledger_test::Scratch;

namespace {

// The hashes of a ledger's events, in seq order.
std::vector<std::string> hashes(const Ledger& l) {
  std::vector<std::string> out;
  for (const auto& e : l.read()) out.push_back(e.hash);
  return out;
}

// What the union must be, computed the plain way: ours, then each event of
// theirs not in ours, in theirs' order; and its heads, the events no other
// names, sorted.
struct Union {
  std::vector<std::string> order;
  std::vector<std::string> heads;
  long added = 0;
};

Union expected_union(const Ledger& ours, const Ledger& theirs) {
  Union u;
  std::map<std::string, std::vector<std::string>> parents;
  for (const auto& e : ours.read()) {
    u.order.push_back(e.hash);
    parents[e.hash] = e.parents;
  }
  for (const auto& e : theirs.read()) {
    if (parents.count(e.hash)) continue;
    u.order.push_back(e.hash);
    parents[e.hash] = e.parents;
    ++u.added;
  }
  std::set<std::string> named;
  for (const auto& [h, ps] : parents) named.insert(ps.begin(), ps.end());
  for (const auto& [h, ps] : parents)
    if (!named.count(h)) u.heads.push_back(h);
  return u;
}

}  // namespace

TEST_SUITE("ledger.merge") {
  TEST_CASE("the union of copies that fork and merge at random is the plain union") {
    // Three copies of one project append and merge from each other in a
    // seeded random order, so that theirs often holds forks, joins and
    // events merged from the third copy that ours already has.
    Scratch s;
    { Ledger::create(s / "c0.db", "tester", {{"title", "Test"}}, "pspm"); }
    for (const char* c : {"c1.db", "c2.db"}) std::filesystem::copy_file(s / "c0.db", s / c);
    std::vector<Ledger> copies;
    for (const char* c : {"c0.db", "c1.db", "c2.db"}) copies.push_back(Ledger::open(s / c));
    std::mt19937 rng(20261205);
    int merges = 0, multi_head_theirs = 0, n = 0;
    for (int step = 0; step < 240; ++step) {
      const std::size_t a = rng() % copies.size();
      if (rng() % 3 != 0) {
        // One or two events at once (a command may record several).
        Change c;
        for (int k = 0, m = 1 + static_cast<int>(rng() % 2); k < m; ++k)
          c.events.push_back(NewEvent{"stakeholder.added", "s" + std::to_string(n++), Json::object()});
        copies[a].append("copy" + std::to_string(a), c);
        continue;
      }
      const std::size_t b = (a + 1 + rng() % (copies.size() - 1)) % copies.size();
      Ledger& ours = copies[a];
      const Ledger& theirs = copies[b];
      const Union want = expected_union(ours, theirs);
      if (theirs.heads().size() > 1) ++multi_head_theirs;
      CAPTURE(step);
      CHECK(ours.merge_from(theirs) == want.added);
      CHECK(hashes(ours) == want.order);
      CHECK(ours.heads() == want.heads);
      ++merges;
    }
    // The walk met what it is for: merges, and theirs that had forked.
    CHECK(merges > 40);
    CHECK(multi_head_theirs > 5);
    for (const char* c : {"c0.db", "c1.db", "c2.db"}) {
      auto r = verify(s / c);
      CHECK_MESSAGE(r.ok, c, ": ", r.problem);
    }
  }

  TEST_CASE("a merge from a copy that holds nothing new adds nothing, however far ours has grown") {
    Scratch s;
    { Ledger::create(s / "ours.db", "tester", {{"title", "Test"}}, "pspm"); }
    std::filesystem::copy_file(s / "ours.db", s / "theirs.db");
    Ledger ours = Ledger::open(s / "ours.db");
    Ledger theirs = Ledger::open(s / "theirs.db");
    for (int i = 0; i < 5; ++i) ours.append("ana", Change{{NewEvent{"task.done", "t" + std::to_string(i), {}}}, {}});
    const auto before = hashes(ours);
    CHECK(ours.merge_from(theirs) == 0);
    CHECK(hashes(ours) == before);
    // And the other way: theirs takes ours' five, after its root.
    CHECK(theirs.merge_from(ours) == 5);
    CHECK(hashes(theirs) == before);
  }
}
