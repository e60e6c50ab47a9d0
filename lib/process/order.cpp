// See order.hpp. Only merged ledgers come here, so the graph is held in
// memory: per event its hash, time, parents (as indices), and for the
// transitions of phases and tasks their kind and subject.
#include "process/order.hpp"

#include <algorithm>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;

namespace {

struct Node {
  long long seq = 0;
  std::string hash, time;
  std::vector<int> parents;
  std::string kind, subject;  // transitions only
  int position = 0;           // index in the canonical order
};

bool is_transition(const std::string& kind) {
  return kind == kinds::phase_started || kind == kinds::phase_completed || kind == kinds::phase_reopened ||
         kinds::is_task_move(kind);
}

// A later change of a stakeholder's record: what settles a conflicting
// addition once it was made by someone who saw both additions (validate's
// hint says "record the fields that are right with 'interlink stakeholder
// update'").
bool is_stakeholder_change(const std::string& kind) {
  return kind == kinds::stakeholder_updated || kind == kinds::consent_recorded || kind == kinds::stakeholder_removed ||
         kind == kinds::stakeholder_erased;
}

// The events whose kind and subject a Node keeps: the transitions, the
// additions of stakeholders (two branches may register the same one), and
// the later changes of a stakeholder, which settle such an addition.
bool is_tracked(const std::string& kind) {
  return is_transition(kind) || kind == kinds::stakeholder_added || is_stakeholder_change(kind);
}

// The events reachable from a but not from b (side 1) and from b but not
// from a (side 2): git's "paint down to the common ancestors", walking the
// graph newest first by canonical position so that it stops at the fork.
void exclusive_sides(const std::vector<Node>& g, int a, int b, std::vector<int>& side1, std::vector<int>& side2) {
  std::unordered_map<int, int> paint;  // bit 1: from a, bit 2: from b
  // Newest first: a node is popped after all its children, so its paint is final.
  auto cmp = [&](const std::pair<int, bool>& x, const std::pair<int, bool>& y) {
    return g[x.first].position < g[y.first].position;
  };
  std::priority_queue<std::pair<int, bool>, std::vector<std::pair<int, bool>>, decltype(cmp)> todo(cmp);
  long one_sided = 0;  // queued entries that were painted by one side when pushed
  auto push = [&](int n) {
    bool lone = paint[n] != 3;
    one_sided += lone ? 1 : 0;
    todo.push({n, lone});
  };
  paint[a] |= 1;
  paint[b] |= 2;
  push(a);
  if (b != a) push(b);
  std::unordered_map<int, bool> done;
  while (!todo.empty() && one_sided > 0) {
    auto [n, lone] = todo.top();
    todo.pop();
    one_sided -= lone ? 1 : 0;
    if (!done.emplace(n, true).second) continue;
    int p = paint[n];
    if (p == 1) side1.push_back(n);
    if (p == 2) side2.push_back(n);
    for (int parent : g[n].parents) {
      int before = paint[parent];
      paint[parent] |= p;
      if (paint[parent] != before) push(parent);
    }
  }
}

// The last transition per subject among the given events (in canonical order).
std::map<std::string, int> last_transitions(const std::vector<Node>& g, const std::vector<int>& side) {
  std::map<std::string, int> out;
  for (int n : side) {
    if (!is_transition(g[n].kind)) continue;
    auto [it, fresh] = out.emplace(g[n].subject, n);
    if (!fresh && g[n].position > g[it->second].position) it->second = n;
  }
  return out;
}

// The stakeholders added among the given events: id -> the last addition.
std::map<std::string, int> additions(const std::vector<Node>& g, const std::vector<int>& side) {
  std::map<std::string, int> out;
  for (int n : side) {
    if (g[n].kind != kinds::stakeholder_added) continue;
    auto [it, fresh] = out.emplace(g[n].subject, n);
    if (!fresh && g[n].position > g[it->second].position) it->second = n;
  }
  return out;
}

void find_conflicts(const std::vector<Node>& g, int a, int b, std::vector<Conflict>& conflicts) {
  std::vector<int> side1, side2;
  exclusive_sides(g, a, b, side1, side2);
  auto conflict = [&](const std::string& subject, int first, int second) {
    if (g[first].position > g[second].position) std::swap(first, second);
    conflicts.push_back({subject, g[first].hash, g[second].hash, g[first].kind, g[second].kind});
  };
  auto last1 = last_transitions(g, side1);
  auto last2 = last_transitions(g, side2);
  for (const auto& [subject, n1] : last1) {
    auto it = last2.find(subject);
    if (it == last2.end() || g[n1].kind == g[it->second].kind) continue;
    conflict(subject, n1, it->second);
  }
  // The same stakeholder registered on both sides: one id, two sets of
  // fields (git shows the files' add/add conflict, but once it is resolved
  // nothing else would say that the ledger holds both).
  auto added2 = additions(g, side2);
  for (const auto& [subject, n1] : additions(g, side1)) {
    if (auto it = added2.find(subject); it != added2.end()) conflict(subject, n1, it->second);
  }
}

// True if n descends from every event of `from` (all of them earlier in
// the canonical order): a walk back over parents that stops below the
// earliest of them.
bool descends_from_all(const std::vector<Node>& g, int n, const std::vector<int>& from) {
  int floor = g[n].position;
  for (int f : from) floor = std::min(floor, g[f].position);
  std::vector<char> seen(g.size(), 0);
  std::vector<int> todo{n};
  std::size_t reached = 0;
  while (!todo.empty() && reached < from.size()) {
    int x = todo.back();
    todo.pop_back();
    if (seen[static_cast<std::size_t>(x)] || g[x].position < floor) continue;
    seen[static_cast<std::size_t>(x)] = 1;
    if (std::find(from.begin(), from.end(), x) != from.end()) ++reached;
    for (int p : g[x].parents) todo.push_back(p);
  }
  return reached == from.size();
}

// The conflicts worth a finding, in the order found: each pair of events
// once (two later merges of the same two sides find it again), and a
// transition conflict only while no later move of its subject has been
// recorded by someone who saw both sides: that move settles it (the hint
// of validate says "record it again"), and a finding that never clears
// would fail every later `validate --strict`; likewise a stakeholder added
// on two branches, until a later change of that stakeholder (an update, a
// consent, a removal) is recorded by someone who saw both additions.
void keep_open_conflicts(const std::vector<Node>& g, const std::unordered_map<std::string, int>& index,
                         const std::vector<Conflict>& found, std::vector<Conflict>& out) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& c : found) {
    if (!seen.emplace(c.first, c.second).second) continue;
    auto a = index.find(c.first), b = index.find(c.second);
    bool settled = false;
    // What settles it: a later move of a moved subject, a later change of a
    // stakeholder added twice.
    const auto settles = is_transition(c.first_kind) ? is_transition : is_stakeholder_change;
    if (a != index.end() && b != index.end()) {
      const int last = std::max(g[a->second].position, g[b->second].position);
      for (std::size_t n = 0; n < g.size() && !settled; ++n) {
        const Node& x = g[n];
        settled = x.position > last && x.subject == c.subject && settles(x.kind) &&
                  descends_from_all(g, static_cast<int>(n), {a->second, b->second});
      }
    }
    if (!settled) out.push_back(c);
  }
}

}  // namespace

void for_each_canonical(const ledger::Ledger& led, const std::function<void(const ledger::Event&)>& fn,
                        std::vector<Conflict>& conflicts) {
  std::vector<Node> g;
  std::unordered_map<std::string, int> index;
  std::vector<std::vector<std::string>> parent_hashes;
  led.scan({}, [&](const ledger::Record& r) {
    Node n;
    n.seq = r.seq;
    n.hash = r.hash;
    n.time = r.time;
    if (is_tracked(r.kind)) {
      n.kind = r.kind;
      n.subject = r.subject;
    }
    index.emplace(r.hash, static_cast<int>(g.size()));
    g.push_back(std::move(n));
    parent_hashes.push_back(led.parse(r).parents);
  });
  std::vector<int> waiting(g.size(), 0);
  std::vector<std::vector<int>> children(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) {
    for (const auto& h : parent_hashes[i]) {
      auto it = index.find(h);
      if (it == index.end()) continue;  // verify reports a missing parent
      g[i].parents.push_back(it->second);
      children[static_cast<std::size_t>(it->second)].push_back(static_cast<int>(i));
      ++waiting[i];
    }
  }
  parent_hashes.clear();
  // Kahn's algorithm, the earliest (time, hash) first among the ready events.
  auto later = [&](int x, int y) { return std::tie(g[x].time, g[x].hash) > std::tie(g[y].time, g[y].hash); };
  std::priority_queue<int, std::vector<int>, decltype(later)> ready(later);
  for (std::size_t i = 0; i < g.size(); ++i)
    if (waiting[i] == 0) ready.push(static_cast<int>(i));
  std::vector<int> order;
  order.reserve(g.size());
  while (!ready.empty()) {
    int n = ready.top();
    ready.pop();
    g[n].position = static_cast<int>(order.size());
    order.push_back(n);
    for (int c : children[n])
      if (--waiting[c] == 0) ready.push(c);
  }
  // Each merge (an event with several parents), and the heads of a ledger
  // that has not joined its branches yet, bring sides together: every two
  // of them. (Pairing each with the first only missed a conflict between
  // two branches once a third was merged: three heads, sorted by hash.)
  std::vector<Conflict> found;
  auto every_pair = [&](const std::vector<int>& sides) {
    for (std::size_t i = 0; i < sides.size(); ++i)
      for (std::size_t j = i + 1; j < sides.size(); ++j) find_conflicts(g, sides[i], sides[j], found);
  };
  for (int n : order) every_pair(g[n].parents);
  std::vector<int> heads;
  for (const auto& h : led.heads())
    if (auto it = index.find(h); it != index.end()) heads.push_back(it->second);
  every_pair(heads);
  keep_open_conflicts(g, index, found, conflicts);
  // Fetch each event in canonical order by its seq.
  for (int n : order) fn(led.parse(led.record(g[n].seq)));
}

}  // namespace interlink::process
