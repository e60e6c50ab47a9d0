"""Moves the project's terms refuse (exit 1): a decision nobody may vote on,
a task of an objective whose required objective is not done."""
import json
import unittest

from helpers import snapshot
from process_support import ProcessTest


class NoVoterTest(ProcessTest):
    def setUp(self):
        super().setUp()
        self.add("Residents", "citizen")  # a contributor: no voting role
        self.ok("run-phase", "one")

    def test_a_decision_with_no_eligible_voter_is_refused(self):
        before = snapshot(self.p)
        want = ("interlink: error: no stakeholder holds a voting role (coordinator, co-producer): no one is eligible "
                "to vote on the decision\nhint: register the voters (interlink add-stakeholder NAME --role ROLE; the "
                "voting roles are governance.decisions.voters), or give --eligible N\n")
        for extra in ([], ["--dry-run"]):
            r = self.cli("decide", "Adopt", "--for", "0", "--against", "0", "--rule", "consent", *extra)
            self.assertEqual((r.code, r.out, r.err), (1, "", want), r)
        self.assertEqual(snapshot(self.p), before)
        check = self.cli("run-phase", "one", "--complete", "--check")
        self.assertIn("approved decisions in iteration 1: have 0, need 1", check.out)
        # --eligible says who may vote: then the votes decide.
        r = self.ok("decide", "Adopt", "--for", "1", "--against", "0", "--eligible", "1", "--format", "json")
        self.assertEqual(json.loads(r.out)["payload"]["outcome"], "approved")
        # A voter registered: counted.
        self.add("Org A", "public", "coordinator")
        r = self.ok("decide", "Adopt", "--for", "1", "--against", "0", "--dry-run", "--format", "json")
        self.assertEqual(json.loads(r.out)["payload"]["eligible"], 1)


class ObjectiveRequiresTest(ProcessTest):
    def setUp(self):
        super().setUp()
        plan = (self.p / "interlink.yaml").read_text()
        plan = plan.replace("""          - {id: t3, name: Optional task, optional: true}
""", """          - {id: t3, name: Optional task, optional: true}
      - id: o3
        name: Third objective
        requires: [o1]
        tasks:
          - {id: t5, name: Fifth task}
""")
        (self.p / "interlink.yaml").write_text(plan)
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")

    def test_a_task_waits_for_the_objectives_its_objective_requires(self):
        want = ("interlink: error: task 't5' belongs to objective 'o3', which requires objective 'o1' ({}) to be "
                "done first\n")
        before = snapshot(self.p)
        for move in (["start"], ["done"], ["done", "--dry-run"]):
            r = self.cli("task", *move, "t5")
            self.assertEqual((r.code, r.err), (1, want.format("pending")), r)
        self.assertEqual(snapshot(self.p), before)
        self.ok("task", "done", "t1")
        self.assertEqual(self.cli("task", "done", "t5").err, want.format("active"))
        # Its optional task need not be done; a skipped one counts as done.
        self.ok("task", "skip", "t2", "--reason", "done elsewhere")
        self.ok("task", "done", "t5")
        # Tasks count per iteration: reopened, o1 is pending again.
        self.ok("feedback", "add", "a", "--from", "org-a")
        self.ok("run-phase", "one", "--complete", "--force", "--reason", "test")
        self.ok("run-phase", "one", "--reopen")
        self.assertEqual(self.cli("task", "start", "t5").err, want.format("pending"))

    def test_the_hackathon_template_orders_its_objectives(self):
        self.ok("init", "h", "--template", "hackathon", cwd=self.tmp)
        h = self.tmp / "h"
        self.ok("-q", "run-phase", "engage", cwd=h)
        r = self.run_cli("task", "done", "prepare-engagement-plan", cwd=h)
        self.assertEqual(r.code, 1, r)
        self.assertIn("which requires objective 'identify-stakeholders' (pending) to be done first", r.err)
        tasks = json.loads(self.ok("tasks", "--phase", "engage", "--format", "json", cwd=h).out)["tasks"]
        self.assertEqual({t["status"] for t in tasks}, {"pending"})


if __name__ == "__main__":
    unittest.main()
