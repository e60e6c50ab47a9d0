"""What interlink prints cannot harm whoever reads it (issue 11, items 6 and
10): CSV cells a spreadsheet would run as formulas are neutralised (and read
back to the same values), and control, C1 and bidi characters are escaped in
every text output and refused at input."""
import json
import unittest

from helpers import ProjectTest

ESC = "\x1b"


class CsvInjectionTest(ProjectTest):
    def test_formula_cells_are_neutralised_and_read_back_to_the_same_values(self):
        self.ok("add-stakeholder", '=HYPERLINK("http://evil.example","click")', "--sector", "public", "--id", "evil",
                "--tag", "@SUM(1+1)", "--consent", "given", "--consent-scope", "-2+3 workshops", cwd=self.p)
        self.ok("add-stakeholder", "Maria", "--kind", "person", "--sector", "citizen", "--phone", "+39 06 1234 5678",
                "--tag", "'=x", "--id", "p-abc12345", cwd=self.p)
        out = self.ok("stakeholders", "--format", "csv", "--with-names", cwd=self.p).out
        lines = out.splitlines()
        self.assertEqual(lines[1], "evil,organization,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",public,"
                                   "contributor,,,'@SUM(1+1),2026-01-01,given,2026-01-01,'-2+3 workshops,,,,,")
        self.assertEqual(lines[2], "p-abc12345,person,Maria,citizen,contributor,,,''=x,2026-01-01,pending,,,,"
                                   "'+39 06 1234 5678,,,")
        for line in lines[1:]:
            for cell in line.split(","):
                self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t", "\r"), cell)
        # The tool's own importer reads it back to the same values.
        (self.tmp / "out.csv").write_text(out)
        self.ok("init", "q")
        self.ok("add-stakeholder", "--from-csv", str(self.tmp / "out.csv"), cwd=self.tmp / "q")
        again = self.ok("stakeholders", "--format", "csv", "--with-names", cwd=self.tmp / "q").out
        self.assertEqual(again, out)
        data = json.loads(self.ok("stakeholders", "--format", "json", "--with-names", cwd=self.tmp / "q").out)
        self.assertEqual([d.get("tags") for d in data["stakeholders"]], [["@SUM(1+1)"], ["'=x"]])


class TerminalControlTest(ProjectTest):
    def test_a_hand_edited_file_with_escape_sequences_is_reported_and_printed_escaped(self):
        (self.p / "stakeholders" / "x.yaml").write_text(
            f'id: x\nkind: organization\nname: "{ESC}[2J{ESC}]0;pwned\\a\\nfake-row  organization"\n'
            "sector: public\n")
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r)
        self.assertIn("stakeholders/x.yaml:3:7: error: 'name' holds a control character (or a bidi control or line "
                      "separator): '\\x1b[2J\\x1b]0;pwned\\x07\\nfake-row  organization' [bad-value]", r.out)
        # A file with an error is not listed (nor counted): no row, forged or not.
        r = self.cli("stakeholders")
        self.assertNotIn(ESC, r.out + r.err)
        self.assertNotIn("\a", r.out + r.err)
        self.assertEqual(r.out, "no stakeholder file without errors\n")
        self.assertEqual(r.err, "interlink: warning: 1 error in 1 stakeholder file (not counted); what is shown may "
                                "be wrong (run 'interlink validate')\n")

    def test_catalogue_escapes_the_projects_own_interlinkers(self):
        plan = (self.p / "interlink.yaml").read_text()
        plan += f'\ninterlinkers:\n  - id: evil\n    name: "Evil{ESC}[31m \\u202Egnp.exe"\n    description: "a\\u009bb"\n'
        (self.p / "interlink.yaml").write_text(plan)
        for args in (["catalogue", "list"], ["catalogue", "show", "evil"]):
            r = self.cli(*args)
            self.assertNotIn(ESC, r.out, args)
            self.assertNotIn("\u202e", r.out, args)
            self.assertNotIn("\u009b", r.out, args)
        self.assertIn("Evil\\x1b[31m \\u202egnp.exe", self.cli("catalogue", "show", "evil").out)

    def test_control_c1_and_bidi_characters_are_refused_at_input(self):
        for bad in ("a\u009b2Jb", "a\u2028b", "a\u202eb", f"a{ESC}[2Jb"):
            for args in (["add-stakeholder", bad, "--sector", "public", "--id", "x"],
                         ["add-stakeholder", "Org", "--sector", "public", "--id", "y", "--tag", bad]):
                r = self.cli(*args)
                self.assertEqual(r.code, 2, (bad, r))
        self.assertFalse(any((self.p / "stakeholders").glob("*.yaml")))


if __name__ == "__main__":
    unittest.main()
