// lib/process/graph: resolving requirements, cycles, levels, reach, and the
// prerequisites of phases and tasks against a replayed state.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/project.hpp"
#include "process/graph.hpp"
#include "process/state.hpp"

using namespace interlink;
using Ids = std::vector<std::string>;

namespace {

model::Phase phase(const std::string& id, Ids needs) {
  model::Phase ph;
  ph.id = id;
  ph.requires_ = std::move(needs);
  return ph;
}

model::Task task(const std::string& id, Ids needs) {
  model::Task t;
  t.id = id;
  t.requires_ = std::move(needs);
  return t;
}

}  // namespace

TEST_SUITE("process graph") {
  TEST_CASE("unresolved names the requirements that are no node, not the node itself") {
    const Ids none, a_needs{"b", "zz", "a", "c"}, b_needs{"a"};
    process::Graph g;
    g.add("a", a_needs);
    g.add("b", b_needs);
    g.add("c", none);
    CHECK(g.size() == 3);
    CHECK(g.has("c"));
    CHECK_FALSE(g.has("zz"));
    CHECK(g.ids() == Ids{"a", "b", "c"});
    CHECK(g.unresolved("a", a_needs) == Ids{"zz"});
    CHECK(g.unresolved("x", Ids{"x", "y", "b"}) == Ids{"y"});
  }

  TEST_CASE("the first node with an id is the one that counts") {
    const Ids first{"b"}, second{"c"}, none;
    process::Graph g;
    g.add("a", first);
    g.add("b", none);
    g.add("c", none);
    g.add("a", second);
    CHECK(g.size() == 3);
    CHECK(g.reaches("a", "b"));
    CHECK_FALSE(g.reaches("a", "c"));
  }

  TEST_CASE("each cycle is found once, in order, closed by its last-but-one member") {
    // a -> b -> c -> a, a self-requirement d -> d, and e outside any cycle.
    const Ids a{"b"}, b{"c", "missing"}, c{"a"}, d{"d"}, e{"a"};
    process::Graph g;
    g.add("e", e);
    g.add("a", a);
    g.add("b", b);
    g.add("c", c);
    g.add("d", d);
    const auto cycles = g.cycles();
    REQUIRE(cycles.size() == 2);
    CHECK(cycles[0] == Ids{"a", "b", "c", "a"});
    CHECK(cycles[1] == Ids{"d", "d"});
    // From another start, the same cycle is still reported once.
    process::Graph h;
    h.add("c", c);
    h.add("b", b);
    h.add("a", a);
    REQUIRE(h.cycles().size() == 1);
    CHECK(h.cycles()[0] == Ids{"c", "a", "b", "c"});
  }

  TEST_CASE("a long chain needs no recursion") {
    std::vector<Ids> needs(20000);
    process::Graph g;
    for (std::size_t i = 0; i < needs.size(); ++i) {
      if (i > 0) needs[i] = {"n" + std::to_string(i - 1)};
      g.add("n" + std::to_string(i), needs[i]);
    }
    CHECK(g.cycles().empty());
    CHECK(g.levels().at("n19999") == 19999);
    CHECK(g.reaches("n19999", "n0"));
    CHECK_FALSE(g.reaches("n0", "n19999"));
  }

  TEST_CASE("levels: one above every requirement; cycles and what needs them on top") {
    const Ids none, one{"root"}, two{"root", "mid"}, loop_a{"loop-b"}, loop_b{"loop-a"}, after{"loop-a"},
        dangling{"nowhere"};
    process::Graph g;
    g.add("root", none);
    g.add("mid", one);
    g.add("top", two);
    g.add("loop-a", loop_a);
    g.add("loop-b", loop_b);
    g.add("after", after);
    g.add("alone", dangling);
    const auto& lv = g.levels();
    CHECK(lv.at("root") == 0);
    CHECK(lv.at("alone") == 0);
    CHECK(lv.at("mid") == 1);
    CHECK(lv.at("top") == 2);
    CHECK(lv.at("loop-a") == 3);
    CHECK(lv.at("loop-b") == 3);
    CHECK(lv.at("after") == 3);
  }

  TEST_CASE("reaches follows requirements transitively, never backwards or through unknown ids") {
    const Ids none, b{"a"}, c{"b"}, d{"ghost"}, self{"s"};
    process::Graph g;
    g.add("a", none);
    g.add("b", b);
    g.add("c", c);
    g.add("d", d);
    g.add("s", self);
    CHECK(g.reaches("c", "a"));
    CHECK(g.reaches("b", "a"));
    CHECK_FALSE(g.reaches("a", "c"));
    CHECK_FALSE(g.reaches("d", "ghost"));
    CHECK_FALSE(g.reaches("c", "d"));
    CHECK_FALSE(g.reaches("nowhere", "a"));
    CHECK_FALSE(g.reaches("s", "s"));
  }

  TEST_CASE("the graphs of a plan") {
    model::Project plan;
    plan.phases.push_back(phase("one", {}));
    plan.phases.push_back(phase("two", {"one"}));
    plan.phases[0].objectives.resize(2);
    plan.phases[0].objectives[0].id = "o1";
    plan.phases[0].objectives[1].id = "o2";
    plan.phases[0].objectives[1].requires_ = {"o1", "o3"};
    plan.phases[0].objectives[0].tasks.push_back(task("t1", {}));
    plan.phases[1].objectives.resize(1);
    plan.phases[1].objectives[0].id = "o3";
    plan.phases[1].objectives[0].tasks.push_back(task("t2", {"t1"}));
    CHECK(process::phase_graph(plan).reaches("two", "one"));
    CHECK(process::task_graph(plan).ids() == Ids{"t1", "t2"});
    CHECK(process::task_graph(plan).reaches("t2", "t1"));
    const auto objectives = process::objective_graph(plan.phases[0]);
    CHECK(objectives.ids() == Ids{"o1", "o2"});
    // Objectives require objectives of their own phase only.
    CHECK(objectives.unresolved("o2", plan.phases[0].objectives[1].requires_) == Ids{"o3"});
  }

  TEST_CASE("prerequisites: a phase needs its phases done, a task its tasks done or skipped") {
    process::State s;
    s.phases["one"].id = "one";
    s.phases["one"].status = "done";
    s.phases["one"].iteration = 1;
    s.phases["mid"].id = "mid";
    s.phases["mid"].status = "active";
    s.phases["mid"].iteration = 1;
    auto ph = phase("two", {"one", "mid", "never"});
    auto pre = process::prerequisites(ph, s);
    REQUIRE(pre.size() == 3);
    CHECK((pre[0].id == "one" && pre[0].status == "done" && pre[0].met));
    CHECK((pre[1].id == "mid" && pre[1].status == "active" && !pre[1].met));
    CHECK((pre[2].id == "never" && pre[2].status == "pending" && !pre[2].met));

    auto moved = [&](const std::string& id, const std::string& status, int iteration) {
      auto& t = s.tasks[id];
      t.id = id;
      t.phase = "mid";
      t.status = status;
      t.iteration = iteration;
    };
    moved("done", "done", 1);
    moved("skipped", "skipped", 1);
    moved("active", "active", 1);
    auto t = task("t", {"done", "skipped", "active", "untouched"});
    auto tp = process::prerequisites(t, s);
    REQUIRE(tp.size() == 4);
    CHECK(tp[0].met);
    CHECK(tp[1].met);
    CHECK((!tp[2].met && tp[2].status == "active"));
    CHECK((!tp[3].met && tp[3].status == "pending"));
    // After the phase is reopened, a task done in iteration 1 is pending again.
    s.phases["mid"].iteration = 2;
    tp = process::prerequisites(t, s);
    CHECK((!tp[0].met && tp[0].status == "pending"));
  }
}
