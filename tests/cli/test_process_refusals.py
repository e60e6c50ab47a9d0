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


if __name__ == "__main__":
    unittest.main()
