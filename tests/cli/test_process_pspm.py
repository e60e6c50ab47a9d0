"""The built-in pspm template run from `init` to its last phase through the
real binary: stakeholders from a CSV, every phase in order, a refused
transition, a forced one with its reason, --auto on planned dates, and a
completed phase reopened and completed again; at the end status, verify,
validate and the JSON report agree that every phase is done.

Kept cheap: feedback and stakeholders come in batches (one command each), so
the whole run is some seventy commands."""
import csv
import io
import json
import unittest

from helpers import ScratchTest, snapshot

# Planned dates, added to the template's phases so that --auto has something
# to follow (the template itself leaves dates to the project).
DATES = {
    "mobilise": ("2026-01-12", "2026-02-13"),
    "collect-requirements": ("2026-02-16", "2026-04-10"),
    "blueprint": ("2026-04-13", "2026-05-29"),
    "co-creation-workshops": ("2026-09-14", "2026-11-27"),
    "mock-up": ("2026-11-30", "2027-01-29"),
    "release": ("2027-02-01", "2027-03-01"),
}

# The tasks of each phase, in an order their `requires` allow.
TASKS = {
    "mobilise": ["map-planning-stakeholders", "build-contact-network", "prepare-engagement-plan",
                 "constitute-steering-committee", "agree-data-management", "invite-administrations"],
    "collect-requirements": ["run-planning-survey", "interview-planners", "hold-requirements-focus-groups",
                             "analyse-feedback", "prioritise-requirements"],
    "blueprint": ["define-personas-and-scenarios", "map-planning-journey", "write-blueprint",
                  "consult-on-blueprint", "approve-blueprint"],
    "co-creation-workshops": ["widen-participation", "design-workshop-programme", "workshop-planning-functions",
                              "workshop-participation-functions", "workshop-monitoring-functions",
                              "synthesise-workshops"],
    "mock-up": ["design-mock-up-screens", "write-mock-up-content", "expert-review-mock-up", "user-test-mock-up",
                "accept-mock-up"],
    "release": ["plan-release", "check-compliance", "approve-release", "publish-traceability-report",
                "evaluate-co-design", "hand-over-module"],
}

COLUMNS = ["id", "name", "kind", "sector", "role", "consent"]


def stakeholder_rows(sector, n, start=0, role="contributor"):
    return [{"id": f"{sector}-{i}", "name": f"{sector.capitalize()} body {i}", "kind": "organization",
             "sector": sector, "role": role, "consent": ""} for i in range(start, start + n)]


PERSONS = ["Ada Rossi", "Bruno Verdi", "Carla Neri", "Dario Bianchi"]


def person_rows(start, n, consent):
    """Citizens, with pseudonymous ids (person-N would be no better than a name)."""
    return [{"id": f"p-{i}x7", "name": PERSONS[i], "kind": "person", "sector": "citizen", "role": "contributor",
             "consent": consent} for i in range(start, start + n)]


def csv_text(columns, rows):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


class PspmEndToEndTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.ok("init", "pspm", "--template", "pspm")
        self.p = self.tmp / "pspm"
        plan = self.p / "interlink.yaml"
        text = plan.read_text()
        for phase, (start, end) in DATES.items():
            head = f"  - id: {phase}\n"
            self.assertEqual(text.count(head), 1, phase)
            text = text.replace(head, f"{head}    start: {start}\n    end: {end}\n")
        plan.write_text(text)
        (self.p / "evidence").mkdir()
        self.batch = 0

    # Helpers -------------------------------------------------------------

    def cli(self, *args):
        return self.run_cli(*args, cwd=self.p)

    def do(self, *args):
        return self.ok(*args, cwd=self.p)

    def add_stakeholders(self, rows):
        path = self.tmp / f"people-{self.batch}.csv"  # outside the project: git must not see it
        self.batch += 1
        path.write_text(csv_text(COLUMNS, rows))
        self.do("add-stakeholder", "--from-csv", str(path), "-q")

    def feedback(self, phase, n, speakers):
        """n feedback items for phase in one import, spread over speakers."""
        path = self.tmp / f"feedback-{self.batch}.csv"
        self.batch += 1
        rows = [{"from": speakers[i % len(speakers)], "phase": phase,
                 "text": f"Comment {i + 1} on the {phase} phase: keep the screens simple.", "type": "requirement"}
                for i in range(n)]
        path.write_text(csv_text(["from", "phase", "text", "type"], rows))
        self.do("feedback", "import", str(path))

    def evidence(self, name):
        (self.p / "evidence" / name).write_text(f"Minutes: {name}\n")
        return f"evidence/{name}"

    def tasks_done(self, phase, evidence_for=()):
        for task in TASKS[phase]:
            args = ["task", "done", task]
            if task in evidence_for:
                args += ["--evidence", self.evidence(f"{task}.md")]
            self.do(*args)

    def decide(self, phase, title):
        # Five voters (a coordinator and four co-producers): a quorum of 0.5 needs three votes.
        r = self.do("decide", title, "--phase", phase, "--for", "3", "--against", "1", "--abstain", "1")
        self.assertIn("approved", r.out)

    def phases(self):
        status = json.loads(self.do("status", "--format", "json").out)
        return {p["id"]: (p["status"], p["iteration"]) for p in status["phases"]}

    # The run -------------------------------------------------------------

    def test_pspm_from_init_to_release(self):
        public = stakeholder_rows("public", 1, role="coordinator") + \
            stakeholder_rows("public", 4, start=1, role="co-producer") + stakeholder_rows("public", 10, start=5)
        first = (public + stakeholder_rows("private", 2) + stakeholder_rows("nonprofit", 2) +
                 stakeholder_rows("academia", 2) +
                 person_rows(0, 3, "given") + person_rows(3, 1, "pending"))
        self.add_stakeholders(first)
        self.assertEqual(len(json.loads(self.do("stakeholders", "--format", "json").out)["stakeholders"]), 25)
        speakers = ["public-0", "public-5", "private-0", "nonprofit-0", "academia-0", "p-0x7"]
        self.do("validate")

        # Mobilise: started by --auto on its planned day, not the day before.
        self.assertEqual(self.do("run-phase", "--auto", "--today", "2026-01-11").out, "nothing is due on 2026-01-11\n")
        self.assertEqual(self.do("run-phase", "--auto", "--today", "2026-01-12").out,
                         "started mobilise (due 2026-01-12)\n")
        # Refused: the exit gate lists every unmet condition, and nothing is written.
        self.do("task", "done", "map-planning-stakeholders", "--evidence", self.evidence("stakeholder-map.md"))
        before = snapshot(self.p)
        r = self.cli("run-phase", "mobilise", "--complete")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "complete mobilise: not allowed\n"
                                "  met      stakeholders: have 25, need 20\n"
                                "  met      stakeholders of sector 'academia': have 2, need 1\n"
                                "  met      stakeholders of sector 'public': have 15, need 12\n"
                                "  not met  persons who gave consent: have 3, need all 4\n"
                                "  not met  required tasks done: have 1, need 6\n"
                                "  not met  approved decisions in iteration 1: have 0, need 1\n")
        self.assertEqual(r.err, "interlink: error: phase 'mobilise' cannot complete: 3 conditions not met\n"
                                "hint: to go ahead anyway, record the override and why: --force --reason TEXT\n")
        self.assertEqual(snapshot(self.p), before, "a refused transition must write nothing")
        for task in TASKS["mobilise"][1:]:
            args = ["task", "done", task]
            if task == "prepare-engagement-plan":
                args += ["--evidence", self.evidence("engagement-plan.md"), "--evidence", "https://example.org/plan"]
            self.do(*args)
        done = json.loads(self.do("log", "--kind", "task.done", "--subject", "prepare-engagement-plan",
                                  "--format", "json").out)["payload"]
        self.assertEqual([sorted(e) for e in done["evidence"]], [["path", "sha256", "size"], ["url"]])
        self.assertEqual(done["evidence"][0]["path"], "evidence/engagement-plan.md")
        self.do("stakeholder", "update", "p-3x7", "--consent", "given")
        self.decide("mobilise", "Adopt the engagement plan")
        self.do("run-phase", "mobilise", "--complete", "--check")
        # --auto completes mobilise after its planned end (2026-02-13: its
        # completion was due the day after) and starts the next phase on its
        # planned start, in one run.
        r = self.do("run-phase", "--auto", "--today", "2026-02-16")
        self.assertEqual(r.out, "completed mobilise (due 2026-02-14)\n"
                                "started collect-requirements (due 2026-02-16)\n")

        # Collect requirements: 30 feedback items, the tasks, one decision.
        self.feedback("collect-requirements", 30, speakers)
        self.tasks_done("collect-requirements", evidence_for=("run-planning-survey",))
        self.decide("collect-requirements", "Approve the prioritised requirements")
        self.assertEqual(self.do("run-phase", "collect-requirements", "--complete").out,
                         "completed phase 'collect-requirements' (iteration 1)\n")

        # Blueprint: one comment short of its exit gate, completed by force.
        self.assertEqual(self.do("run-phase", "blueprint").out, "started phase 'blueprint' (iteration 1)\n")
        self.tasks_done("blueprint", evidence_for=("write-blueprint", "approve-blueprint"))
        self.feedback("blueprint", 9, speakers)
        self.decide("blueprint", "Approve the blueprint")
        r = self.cli("run-phase", "blueprint", "--complete")
        self.assertEqual(r.code, 1, r)
        self.assertIn("  not met  feedback items in iteration 1: have 9, need 10\n", r.out)
        reason = "The tenth comment came by letter and is filed with the minutes"
        r = self.do("run-phase", "blueprint", "--complete", "--force", "--reason", reason)
        self.assertIn("completed phase 'blueprint' (iteration 1)", r.out)
        self.assertIn("feedback items in iteration 1: have 9, need 10", r.out)
        overrides = [json.loads(line) for line in
                     self.do("log", "--kind", "gate.overridden", "--format", "json").out.splitlines()]
        self.assertEqual(len(overrides), 1, overrides)
        self.assertEqual((overrides[0]["subject"], overrides[0]["payload"]["transition"],
                          overrides[0]["payload"]["reason"], overrides[0]["payload"]["unmet"]),
                         ("blueprint", "complete", reason, [{"condition": "feedback", "have": 9, "need": 10}]))

        # Co-creation workshops: refused until the wider circle is there.
        r = self.cli("run-phase", "co-creation-workshops")
        self.assertEqual(r.code, 1, r)
        self.assertIn("  not met  stakeholders: have 25, need 30\n", r.out)
        self.assertIn("cannot start: 1 condition not met", r.err)
        self.add_stakeholders(stakeholder_rows("public", 3, start=15) + stakeholder_rows("academia", 2, start=2))
        self.assertEqual(self.do("run-phase", "co-creation-workshops").out,
                         "started phase 'co-creation-workshops' (iteration 1)\n")
        self.tasks_done("co-creation-workshops", evidence_for=("design-workshop-programme", "synthesise-workshops"))
        self.feedback("co-creation-workshops", 40, speakers + ["academia-3", "public-16"])
        self.decide("co-creation-workshops", "Adopt the workshop results on planning functions")
        self.decide("co-creation-workshops", "Adopt the workshop results on monitoring functions")
        self.do("run-phase", "co-creation-workshops", "--complete")

        # Mock-up: started by --auto on its planned day.
        self.assertEqual(self.do("run-phase", "--auto", "--today", "2026-11-30").out,
                         "started mock-up (due 2026-11-30)\n")
        self.tasks_done("mock-up", evidence_for=("user-test-mock-up",))
        self.feedback("mock-up", 20, speakers)
        self.decide("mock-up", "Accept the revised mock-up")
        self.do("run-phase", "mock-up", "--complete")

        # Release: started by hand, completed by --auto after its planned end
        # (2027-03-01), on the day its completion was due.
        self.do("run-phase", "release")
        self.tasks_done("release", evidence_for=("approve-release", "publish-traceability-report"))
        self.decide("release", "Go live")
        r = self.do("run-phase", "--auto", "--today", "2027-03-02")
        self.assertEqual(r.out, "completed release (due 2027-03-02)\n")
        self.assertEqual(set(self.phases().values()), {("done", 1)})

        # Reopen the release: the decision recorded while it is done counts
        # toward the new iteration, whose tasks start again from pending.
        self.decide("release", "Release version 1.1 with the accessibility fixes")
        decisions = json.loads(self.do("decisions", "--format", "json").out)["decisions"]
        self.assertEqual([d["iteration"] for d in decisions if d["phase"] == "release"], [1, 2])
        self.assertEqual(self.do("run-phase", "release", "--reopen").out, "reopened phase 'release' (iteration 2)\n")
        self.assertEqual(self.phases()["release"], ("active", 2))
        r = self.cli("run-phase", "release", "--complete", "--check")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "complete release: not allowed\n"
                                "  not met  required tasks done: have 0, need 6\n"
                                "  met      approved decisions in iteration 2: have 1, need 1\n")
        self.tasks_done("release", evidence_for=("approve-release",))
        self.assertEqual(self.do("run-phase", "release", "--complete").out,
                         "completed phase 'release' (iteration 2)\n")

        # The end: every phase done, the record intact, the plan valid, and
        # the report agrees.
        self.assertEqual(self.phases(), {"mobilise": ("done", 1), "collect-requirements": ("done", 1),
                                         "blueprint": ("done", 1), "co-creation-workshops": ("done", 1),
                                         "mock-up": ("done", 1), "release": ("done", 2)})
        status = self.do("status").out
        self.assertIn("progress 100% (33 of 33 required tasks done)", status)
        self.assertEqual(len(json.loads(self.do("feedback", "list", "--format", "json").out)["feedback"]), 99)
        self.do("verify")
        self.do("validate")
        report = json.loads(self.do("report", "--format", "json").out)
        self.assertEqual({p["id"]: (p["status"], p["iteration"]) for p in report["phases"]}, self.phases())
        self.assertEqual(report["overview"]["progress"], {"done": 33, "total": 33, "percent": 100})
        self.assertTrue(report["record"]["verified"], report["record"])
        self.assertEqual([(o["phase"], o["transition"], o["reason"]) for o in report["record"]["overrides"]],
                         [("blueprint", "complete", reason)])
        self.assertEqual([(d["phase"], d["iteration"], d["outcome"]) for d in report["decisions"]],
                         [("mobilise", 1, "approved"), ("collect-requirements", 1, "approved"),
                          ("blueprint", 1, "approved"), ("co-creation-workshops", 1, "approved"),
                          ("co-creation-workshops", 1, "approved"), ("mock-up", 1, "approved"),
                          ("release", 1, "approved"), ("release", 2, "approved")])


if __name__ == "__main__":
    unittest.main()
