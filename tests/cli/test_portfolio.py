"""End-to-end tests of 'interlink portfolio': a row per folder in every
format, a broken or foreign folder gets its row with its error and exit 1,
the json matches its schema, and 100 projects are each a row."""
import csv
import io
import json
import shutil
import unittest

import jsonschema

from helpers import SOURCE, ScratchTest
from report_support import make_pspm, give_history

SCHEMA = json.loads((SOURCE / "schemas" / "portfolio.schema.json").read_text())


class PortfolioTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.pspm = make_pspm(self)
        give_history(self.pspm)
        self.municipal = self.copy_example("municipal")
        self.empty = self.tmp / "empty"
        self.empty.mkdir()
        self.broken = self.copy_example("municipal", self.tmp / "broken")
        (self.broken / "interlink.yaml").write_text("interlink: 1\nid: [unclosed\n")
        self.foreign = self.copy_example("municipal", self.tmp / "foreign")
        (self.foreign / "ledger.db").write_bytes(b"not a database at all" * 100)

    def folders(self):
        return [str(p.relative_to(self.tmp)) for p in (self.pspm, self.municipal, self.empty, self.broken, self.foreign)]

    def test_good_and_broken_folders_in_json(self):
        r = self.run_cli("portfolio", *self.folders(), "--format", "json")
        self.assertEqual(r.code, 1, r)
        j = json.loads(r.out)
        jsonschema.Draft7Validator(SCHEMA).validate(j)
        rows = j["projects"]
        self.assertEqual([x["path"] for x in rows], self.folders())
        self.assertEqual(j["errors"], 3)
        pspm = rows[0]
        self.assertEqual((pspm["id"], pspm["error"], pspm["verified"]), ("pspm", "", True))
        self.assertEqual(pspm["active_phases"], ["Iteration 1: collect feedback and requirements"])
        self.assertEqual((pspm["open_feedback"], pspm["feedback"], pspm["stakeholders"]), (2, 3, 38))
        self.assertEqual(pspm["last_event"], "2026-02-20T10:00:00Z")
        self.assertEqual(rows[1]["id"], "bulky-waste")
        self.assertEqual(rows[2]["error"], "not an interlink project (no interlink.yaml)")
        self.assertRegex(rows[3]["error"], r"^interlink.yaml:3:1: YAML syntax error: did not find expected ',' or ']' ")
        # Positions as the project names its own files, whichever reader raised it.
        self.assertEqual(rows[4]["error"], "ledger.db: not an interlink ledger: the file is not a SQLite database")
        self.assertEqual(r.err.splitlines(), [f"interlink: error: {rows[i]['path']}: {rows[i]['error']}" for i in (2, 3, 4)])

    def test_md_html_csv(self):
        md = self.run_cli("portfolio", *self.folders()).out
        lines = [l for l in md.splitlines() if l.startswith("|")]
        self.assertEqual(len(lines), 2 + 5)  # header, rule, one row per folder
        self.assertIn("| `empty` | **Cannot be read**: not an interlink project (no interlink.yaml) |", md)
        html = self.run_cli("portfolio", *self.folders(), "--format", "html", "--lang", "it").out
        self.assertIn("<h1>Portafoglio dei processi di co-produzione</h1>", html)
        self.assertEqual(html.count("<tr>"), 1 + 5)
        rows = list(csv.DictReader(io.StringIO(self.run_cli("portfolio", *self.folders(), "--format", "csv").out, newline="")))
        self.assertEqual([r["path"] for r in rows], self.folders())
        self.assertEqual(rows[0]["progress_percent"], "3")
        self.assertEqual(rows[2]["progress_percent"], "")

    def test_lists_in_a_cell_have_no_stray_separator(self):
        # The sectors of a row are separated by "; " in md and <br> in html,
        # with nothing after the last (it was "Citizens 6/3;  |").
        folders = [str(self.pspm), str(self.municipal)]
        md = self.run_cli("portfolio", *folders).out
        rows = [l for l in md.splitlines() if l.startswith("| ") and "<br>`" in l]
        self.assertEqual(len(rows), 2, md)
        for row in rows:
            sectors = row.split(" | ")[4]
            self.assertRegex(sectors, r"^Public \d+(/\d+)?(; [A-Z][a-z-]+ \d+(/\d+)?( ✗)?)+$", row)
            self.assertTrue(sectors.endswith(("Citizens 6/3", "Citizens 9/6")), row)
        html = self.run_cli("portfolio", *folders, "--format", "html").out
        self.assertEqual(html.count("</span><br></td>"), 0)
        self.assertEqual(html.count('">Citizens 6/3</span></td>'), 1)

    def test_all_good_is_exit_0(self):
        r = self.run_cli("portfolio", str(self.pspm), str(self.municipal), "--format", "json")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.err, "")

    def test_copies_of_one_project_are_named_in_a_warning(self):
        # A team's clones: the same ledger root in two folders.
        clone = self.tmp / "clone"
        shutil.copytree(self.municipal, clone)
        r = self.run_cli("portfolio", "municipal", "clone", str(self.pspm.relative_to(self.tmp)), "--format", "csv",
                         cwd=self.tmp)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(len(r.out.splitlines()), 4)  # still a row each
        self.assertEqual(r.err.count("interlink: warning: "), 1, r)
        self.assertIn("municipal and clone are copies of one project", r.err)

    def test_a_hundred_projects(self):
        many = []
        for i in range(100):
            d = self.tmp / "many" / f"p{i:03}"
            shutil.copytree(self.municipal if i % 2 else self.pspm, d)
            many.append(str(d))
        r = self.run_cli("portfolio", *many, "--format", "csv")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(len(r.out.strip().splitlines()), 101)
        # How fast: tests/bench/whole.py measures it (issue 10's goal, <= 1 s),
        # never a timed test on a shared CI machine.


if __name__ == "__main__":
    unittest.main()
