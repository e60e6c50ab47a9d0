"""Phases run in iterations: what a later iteration does leaves what an
earlier one recorded, in every view (trace, feedback list, status, report)."""
import json
import unittest

from helpers import ProjectTest


class IterationTest(ProjectTest):
    def setUp(self):
        super().setUp()
        self.ok("init", "r", "--template", "double-diamond")
        self.p = self.tmp / "r"
        for i in range(1, 7):
            self.ok("-q", "add-stakeholder", f"Group {i}", "--kind", "group", "--sector", "citizen", cwd=self.p)
        self.ok("-q", "run-phase", "discover", cwd=self.p)

    def run_ok(self, *args):
        return self.ok(*args, cwd=self.p)

    def open_ids(self):
        """The open items as trace, feedback list, status and the report each see them."""
        listed = [f["id"] for f in json.loads(self.run_ok("feedback", "list", "--open", "--format", "json").out)
                  ["feedback"]]
        status = json.loads(self.run_ok("status", "--format", "json").out)["feedback"]["open"]
        report = json.loads(self.run_ok("report", "--format", "json").out)["traceability"]
        reported = [t["id"] for t in report if not t["answered"]]
        traced = [line.split()[0] for line in self.run_ok("trace").out.splitlines() if " OPEN " in line]
        self.assertEqual(len(listed), status)
        self.assertEqual(listed, reported)
        self.assertEqual(listed, traced)
        return listed

    def test_a_reopen_in_a_later_iteration_keeps_the_answers_of_an_earlier_one(self):
        fb = self.run_ok("-q", "feedback", "add", "Shelters leak", "--from", "group-1").out.strip()
        self.run_ok("-q", "task", "done", "map-stakeholders")
        self.run_ok("-q", "task", "done", "interview-residents", "--addresses", fb)
        self.assertEqual(self.open_ids(), [])
        self.run_ok("-q", "run-phase", "discover", "--complete", "--force", "--reason", "test")
        self.run_ok("-q", "run-phase", "discover", "--reopen")
        self.assertEqual(self.open_ids(), [])
        self.run_ok("-q", "task", "done", "map-stakeholders")
        self.run_ok("-q", "task", "done", "interview-residents")  # iteration 2, no --addresses
        self.assertEqual(self.open_ids(), [])
        self.run_ok("-q", "task", "reopen", "interview-residents")  # undoes the iteration-2 done only
        self.assertEqual(self.open_ids(), [])
        trace = self.run_ok("trace", fb).out
        self.assertIn("answered", trace.splitlines()[0])
        self.assertEqual(trace.count("<- task interview-residents done"), 1, trace)
        report = json.loads(self.run_ok("report", "--format", "json").out)["traceability"]
        self.assertEqual([a["id"] for a in report[0]["answered_by"]], ["interview-residents"])
        # Done again, naming the item again: two answers, one per iteration.
        self.run_ok("-q", "task", "done", "interview-residents", "--addresses", fb)
        self.assertEqual(self.run_ok("trace", fb).out.count("<- task interview-residents done"), 2)

    def test_a_reopen_in_the_same_iteration_takes_its_answer_back(self):
        fb = self.run_ok("-q", "feedback", "add", "Shelters leak", "--from", "group-1").out.strip()
        self.run_ok("-q", "task", "done", "map-stakeholders")
        self.run_ok("-q", "task", "done", "interview-residents", "--addresses", fb)
        self.run_ok("-q", "task", "reopen", "interview-residents")
        self.assertEqual(self.open_ids(), [fb])
        self.run_ok("-q", "task", "done", "interview-residents")
        self.assertEqual(self.open_ids(), [fb])


if __name__ == "__main__":
    unittest.main()
