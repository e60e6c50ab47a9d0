"""Phases run in iterations: what a later iteration does leaves what an
earlier one recorded, in every view (trace, feedback list, status, report)."""
import itertools
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


class ForcedTest(IterationTest):
    def phase_marks(self):
        """How status (text, json) and the report (md, html, json, csv) show discover."""
        words = [ln for ln in self.run_ok("status").out.splitlines() if ln.startswith("discover ")][0].split()[1:]
        line = " ".join(itertools.takewhile(lambda w: not w.endswith("%"), words))
        status = json.loads(self.run_ok("status", "--format", "json").out)["phases"][0]
        md = [ln for ln in self.run_ok("report", "--section", "phases").out.splitlines()
              if ln.startswith("| Discover |")][0]
        report = json.loads(self.run_ok("report", "--format", "json").out)["phases"][0]
        csv = self.run_ok("report", "--format", "csv", "--section", "phases").out.splitlines()
        header = csv[0].split(",")
        row = dict(zip(header, csv[1].split(",")))
        html = self.run_ok("report", "--format", "html").out
        return (line, status["forced"], md.split("|")[2].strip(), report["forced"], row["forced"],
                '<span class="tag">forced</span>' in html)

    def test_status_and_reports_show_a_forced_iteration(self):
        self.assertEqual(self.phase_marks(), ("active", False, "active", False, "false", False))
        self.run_ok("-q", "run-phase", "discover", "--complete", "--force", "--reason", "test")
        self.assertEqual(self.phase_marks(), ("done (forced)", True, "done (forced)", True, "true", True))
        # Reopened without force: the new iteration is not forced.
        self.run_ok("-q", "run-phase", "discover", "--reopen")
        self.assertEqual(self.phase_marks(), ("active #2", False, "active", False, "false", False))

    def test_the_report_names_a_forced_reopening_reopen(self):
        self.run_ok("-q", "run-phase", "discover", "--complete", "--force", "--reason", "test")
        # The reopening's entry gate no longer met: 6 stakeholders needed.
        self.run_ok("-q", "stakeholder", "remove", "group-6", "--reason", "left")
        self.run_ok("-q", "run-phase", "discover", "--reopen", "--force", "--reason", "again")
        rows = json.loads(self.run_ok("report", "--format", "json").out)["record"]["overrides"]
        self.assertEqual([(o["transition"], o["iteration"]) for o in rows], [("complete", 1), ("reopen", 2)])
        md = self.run_ok("report", "--section", "record").out
        self.assertIn("| reopening |", md)
        self.assertEqual(self.phase_marks()[:2], ("active #2 (forced)", True))
        log = self.run_ok("log", "--format", "json").out.splitlines()
        overridden = [json.loads(ln) for ln in log if json.loads(ln)["kind"] == "gate.overridden"]
        self.assertEqual([o["payload"]["transition"] for o in overridden], ["start", "complete"])  # newest first


if __name__ == "__main__":
    unittest.main()
