// A small project for the report's unit tests, built in memory: a plan of
// three phases (one done, one active, one pending), stakeholders of every
// kind, feedback, decisions and a forced transition. hostile() puts in every
// text what breaks naive output.
#pragma once

#include <string>
#include <vector>

#include "report/model.hpp"

namespace report_test {

using namespace interlink;

inline const std::string kHostile =
    "<script>alert(1)</script> \"><img src=x onerror=alert(2)> </style> ]]> javascript:alert(3) "
    "\xE2\x80\xAE"
    "evil"
    "\xE2\x80\xAC"
    " | *b* _i_ [l](u) & a,b \"q\"\nline2";

struct Fixture {
  model::Project project;
  std::vector<model::Stakeholder> stakeholders;
  process::State state;
  ledger::VerifyResult verify;

  explicit Fixture(bool hostile = false) {
    auto txt = [&](const std::string& plain) { return hostile ? plain + " " + kHostile : plain; };
    project.id = "pspm";
    project.title = txt("Planning Module");
    project.organization = txt("Ministry");
    project.description = txt("Plan together.");
    project.governance.model = "partnership";
    project.governance.participation = "collaborate";
    project.governance.representation = {{"public", 2}, {"citizen", 2}, {"academia", 1}};
    auto task = [&](std::string id, std::string due, bool optional = false) {
      model::Task t;
      t.id = std::move(id);
      t.name = txt("Task " + t.id);
      t.due = std::move(due);
      t.optional = optional;
      return t;
    };
    auto make_phase = [&](std::string id, std::string start, std::string end, std::vector<model::Task> tasks) {
      model::Phase p;
      p.id = std::move(id);
      p.name = txt("Phase " + p.id);
      p.start = std::move(start);
      p.end = std::move(end);
      p.objectives.push_back({"obj-" + p.id, txt("Objective"), "", {}, std::move(tasks), {}});
      return p;
    };
    project.phases.push_back(
        make_phase("engage", "2026-01-12", "2026-02-13", {task("map", "2026-01-30"), task("invite", "2026-02-06")}));
    project.phases.back().participation = "consult";
    project.phases.push_back(
        make_phase("design", "2026-02-16", "2026-04-10",
                   {task("blueprint", "2026-03-01"), task("mockup", "2026-04-01"), task("extra", "", true)}));
    project.phases.push_back(make_phase("deliver", "2026-04-13", "2026-06-30", {task("release", "2026-06-15")}));

    auto sh = [&](std::string id, std::string kind, std::string name, std::string sector, int inf, int inte) {
      model::Stakeholder s;
      s.id = std::move(id);
      s.kind = std::move(kind);
      s.name = kind == "person" ? "" : txt(name);
      s.sector = std::move(sector);
      s.role = "co-producer";
      s.influence = inf;
      s.interest = inte;
      s.consent.status = "given";
      stakeholders.push_back(s);
    };
    sh("mef", "organization", "MEF", "public", 5, 5);
    sh("lazio", "organization", "Regione Lazio", "public", 4, 2);
    sh("uni", "organization", "University", "academia", 2, 4);
    sh("p-7f3a", "person", "", "citizen", 1, 1);
    sh("panel", "group", "Residents panel", "citizen", 0, 0);
    sh("gone", "organization", "Gone", "private", 3, 3);

    auto& st = state;
    st.stakeholders["gone"] = {"gone", "removed", "", "2026-01-10T09:00:00Z", ""};
    process::PhaseState engage{"engage", "done", 1, {{1, "2026-01-12T09:00:00Z", "2026-02-20T17:00:00Z", false, true}}};
    process::PhaseState design{"design", "active", 1, {{1, "2026-02-23T09:00:00Z", "", false, false}}};
    st.phases["engage"] = engage;
    st.phases["design"] = design;
    auto move = [&](std::string id, std::string phase, std::string status, std::string finished,
                    std::vector<std::string> addresses = {}) {
      process::TaskState t;
      t.id = id;
      t.phase = std::move(phase);
      t.status = std::move(status);
      t.iteration = 1;
      t.finished = std::move(finished);
      t.addresses = std::move(addresses);
      if (t.status == "done") t.evidence.push_back({"evidence/map.pdf", 10, std::string(64, 'a'), ""});
      st.tasks[id] = t;
    };
    move("map", "engage", "done", "2026-01-29T10:00:00Z", {"fb-00000001"});
    move("invite", "engage", "skipped", "2026-02-01T10:00:00Z");
    move("blueprint", "design", "active", "");
    auto fb = [&](std::string id, std::string from, std::string phase, std::string type, std::string text) {
      std::string hash = id.substr(3) + std::string(56, 'b');
      st.feedback.push_back({id,
                             hash,
                             "2026-01-20T10:00:00Z",
                             "clerk",
                             std::move(from),
                             std::move(phase),
                             1,
                             std::move(type),
                             txt(text),
                             {}});
    };
    fb("fb-00000001", "mef", "engage", "requirement", "Single sign-on");
    fb("fb-00000002", "p-7f3a", "engage", "concern", "Too many meetings");
    fb("fb-00000003", "uni", "design", "idea", "Open data export");
    process::Decision d;
    d.id = "dc-00000001";
    d.time = "2026-02-18T15:00:00Z";
    d.title = txt("Adopt the blueprint");
    d.phase = "engage";
    d.votes_for = 5;
    d.votes_against = 1;
    d.votes_abstain = 1;
    d.eligible = 8;
    d.rule = "majority";
    d.quorum = "0.5";
    d.outcome = "approved";
    d.addresses = {"fb-00000003"};
    st.decisions.push_back(d);
    st.overrides.push_back({std::string(64, 'c'),
                            "2026-02-20T17:00:00Z",
                            "clerk",
                            "engage",
                            "complete",
                            1,
                            {{"feedback", 3, 20}},
                            txt("The committee asked to move on")});
    st.events = 42;
    st.last_time = "2026-02-23T09:00:00Z";
    verify.ok = true;
    verify.events = 42;
    verify.heads = {std::string(64, 'd')};
    verify.root = std::string(64, 'e');
  }

  [[nodiscard]] report::Report build(std::vector<report::Section> sections = {}, bool with_names = false) const {
    report::Input in;
    in.project = &project;
    in.stakeholders = &stakeholders;
    in.state = &state;
    in.verify = verify;
    in.with_names = with_names;
    in.names = {{"p-7f3a", "Maria Rossi"}};
    in.now = "2026-03-15T10:30:00Z";
    in.sections = std::move(sections);
    return report::build(in);
  }
};

}  // namespace report_test
