"""The report of a phase that was reopened: its tasks are pending again in
the new iteration (man interlink-task.1), so every format of the report shows
what `tasks` and `status` show — the statuses, progress, evidence, finish
times and overdue tasks of the current iteration, not the earlier one's.
Checked on every path the report reads its state by: every event replayed
(a fresh copy, json and csv, --thorough), the state cache of a ledger that
`verify` checked (md and html), and that cache carried over one more write."""
import csv
import io
import json
import shutil

from helpers import ScratchTest

DONE, ACTIVE = "understand-stakeholder-types", "map-stakeholders"


class ReopenedPhaseTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.ok("-q", "init", "p", "--template", "hackathon")
        self.p = self.tmp / "p"
        # A due date in the past for the task done in iteration 1: pending
        # again, it is overdue again.
        plan = self.p / "interlink.yaml"
        text = plan.read_text()
        anchor = f"          - id: {DONE}\n"
        self.assertIn(anchor, text)
        plan.write_text(text.replace(anchor, anchor + "            due: 2025-12-15\n", 1))
        self.cli("run-phase", "engage")
        (self.p / "notes.md").write_text("who is who\n")
        self.cli("task", "done", DONE, "--evidence", "notes.md", "--evidence", "https://example.org/map")
        self.cli("task", "start", ACTIVE)
        self.cli("run-phase", "engage", "--complete", "--force", "--reason", "test")
        self.cli("run-phase", "engage", "--reopen")

    def cli(self, *args):
        return self.ok("-q", *args, cwd=self.p)

    def tasks(self):
        """What `tasks` says of the phase's tasks: id -> (status, overdue)."""
        rows = json.loads(self.cli("tasks", "--phase", "engage", "--format", "json").out)["tasks"]
        return {t["id"]: (t["status"], t["overdue"]) for t in rows}

    def status(self):
        phases = json.loads(self.cli("status", "--format", "json").out)["phases"]
        p = phases[0]
        return p["iteration"], p["progress"]["done"], p["progress"]["total"], p["progress"]["percent"]

    def assert_json_report(self, *extra):
        tasks, (iteration, done, total, percent) = self.tasks(), self.status()
        j = json.loads(self.cli("report", "--format", "json", *extra).out)
        phase = j["phases"][0]
        self.assertEqual((phase["id"], phase["iteration"]), ("engage", iteration))
        self.assertEqual(phase["progress"], {"done": done, "total": total, "percent": percent})
        self.assertEqual({t["id"]: (t["status"], t["overdue"]) for t in phase["tasks"]}, tasks)
        for t in phase["tasks"]:
            if t["status"] == "pending":
                self.assertEqual((t["finished"], t["evidence"], t["addresses"]), ("", 0, []), t["id"])
        self.assertEqual(j["overview"]["overdue_tasks"], sum(1 for _, overdue in tasks.values() if overdue))
        return phase

    def assert_csv_report(self):
        tasks = self.tasks()
        rows = list(csv.DictReader(io.StringIO(
            self.cli("report", "--format", "csv", "--section", "phases").out, newline="")))
        got = {r["task"]: (r["status"], r["overdue"] == "true") for r in rows if r["phase"] == "engage"}
        self.assertEqual(got, tasks)

    def md_statuses(self, md):
        """The status cell of the first two task rows of the md report's first phase."""
        out = []
        for name in ("Understand the different types of stakeholders",
                     "Map stakeholders, analyse motivation, skills, expectations"):
            row = next(line for line in md.splitlines() if line.startswith(f"| {name} |"))
            out.append(row.split(" | ")[2])
        return out

    def html_statuses(self, html):
        """The status cell of the same rows in the html report, from its class on."""
        out = []
        for name in ("Understand the different types of stakeholders",
                     "Map stakeholders, analyse motivation, skills, expectations"):
            row = html[html.index(f"<tr><td>{name}</td>"):]
            cell = row[row.index('<td class="s-') + len('<td class="'):]
            out.append(cell[:cell.index("</td>")])
        return out

    def test_every_format_shows_the_tasks_of_the_current_iteration(self):
        self.assertEqual(self.tasks()[DONE], ("pending", True))
        self.assertEqual(self.tasks()[ACTIVE], ("pending", False))
        self.assertEqual(self.status(), (2, 0, 8, 0))
        phase = self.assert_json_report()
        self.assertEqual([t["status"] for t in phase["tasks"][:2]], ["pending", "pending"])
        self.assert_json_report("--thorough")
        self.assert_csv_report()
        md = self.cli("report", "--format", "md").out
        self.assertEqual(self.md_statuses(md), ["pending — **overdue**", "pending"])
        self.assertIn("| Engage | active | 2 | consult | 0% (0/8) |", md)
        html = self.cli("report", "--format", "html").out
        self.assertEqual(self.html_statuses(html), ['s-pending">pending <span class="late">overdue</span>',
                                                    's-pending">pending'])

    def test_the_cached_state_and_one_more_write_agree_with_tasks(self):
        cold = {f: self.cli("report", "--format", f).out for f in ("md", "html")}
        # status caches the state; verify marks the ledger: md and html are
        # then read from the cache (test_report_large shows they read no event).
        self.cli("status")
        self.cli("verify")
        self.assertTrue((self.p / ".interlink" / "cache" / "report.pack").is_file())
        for f in ("md", "html"):
            self.assertEqual(self.cli("report", "--format", f).out, cold[f], f)
        # One more write, carried over the cache: the task done again in
        # iteration 2 shows so, the other stays pending.
        self.cli("task", "start", DONE)
        self.assertEqual(self.tasks()[DONE], ("active", True))
        md = self.cli("report", "--format", "md").out
        self.assertEqual(self.md_statuses(md), ["active — **overdue**", "pending"])
        self.assertEqual(md, self.cli("report", "--format", "md", "--thorough").out)
        self.assert_json_report()
        self.assert_csv_report()
        # A clean copy (no cache at all) says the same.
        clean = self.tmp / "clean"
        shutil.copytree(self.p, clean, ignore=shutil.ignore_patterns("cache"))
        self.assertEqual(self.ok("-q", "report", "--format", "md", cwd=clean).out, md)
