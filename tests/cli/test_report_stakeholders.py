"""The report's stakeholders and traceability figures agree with the rest of
the tool on a small project built by commands: consent is counted over
persons only, as the consent gate counts it (organizations keep the default
'pending' for ever); the csv of the stakeholders section gives the unrated
stakeholders' kind, sector, role and public name; a removed organization's
feedback keeps its name, which the ledger recorded; a project without
persons says so where the consent table would be."""
import csv
import io
import json
import unittest

from helpers import ScratchTest


class ReportStakeholdersTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.ok("init", "p", "--template", "double-diamond")
        self.p = self.tmp / "p"
        self.ok("add-stakeholder", "City Council", "--sector", "public", cwd=self.p)
        self.ok("add-stakeholder", "Residents Group", "--kind", "group", "--sector", "citizen", cwd=self.p)
        self.person = self.ok("-q", "add-stakeholder", "--kind", "person", "--sector", "citizen", "--consent",
                              "given", cwd=self.p).out.strip()
        self.ok("add-stakeholder", "Port Authority", "--sector", "public", "--influence", "4", "--interest", "2",
                cwd=self.p)

    def report(self, *args):
        return self.ok("report", *args, cwd=self.p).out

    def test_consent_counts_persons_only_in_every_format(self):
        # The gate, and every view of the figures, agree: one person, who gave consent.
        gate = self.run_cli("run-phase", "discover", "--check", cwd=self.p).out
        self.assertIn("persons who gave consent: have 1, need all 1", gate)
        j = json.loads(self.report("--format", "json", "--section", "stakeholders"))
        self.assertEqual(j["stakeholders"]["consent"], [{"key": "given", "count": 1}])
        self.assertEqual(j["stakeholders"]["total"], 4)
        md = self.report("--section", "stakeholders")
        table = md[md.index("### Consent of persons"):]
        self.assertIn("| given | 1 |", table)
        self.assertIn("| Consent | Count |", table)  # the heading is not repeated as the column's
        self.assertNotIn("pending", table)
        html = self.report("--format", "html", "--section", "stakeholders")
        self.assertIn("<h3>Consent of persons</h3>", html)
        self.assertNotIn("<td>pending</td>", html)
        summary = json.loads(self.ok("stakeholders", "--summary", "--format", "json", cwd=self.p).out)
        self.assertEqual(summary["consent"], {"given": 1, "pending": 0, "refused": 0, "withdrawn": 0})

    def test_a_project_without_persons_says_so_instead_of_an_empty_consent_table(self):
        self.ok("stakeholder", "remove", self.person, "--reason", "moved away", cwd=self.p)
        md = self.report("--section", "stakeholders")
        section = md[md.index("### Consent of persons"):]
        self.assertIn("No person is registered.", section)
        self.assertNotIn("| Consent |", section)
        html = self.report("--format", "html", "--section", "stakeholders")
        section = html[html.index("<h3>Consent of persons</h3>"):]
        self.assertIn("<p>No person is registered.</p>", section)
        self.assertNotIn("<th>Consent</th>", section)
        it = self.report("--lang", "it", "--section", "stakeholders")
        self.assertIn("Nessuna persona è registrata.", it)

    def test_a_sector_with_a_target_and_no_stakeholder_is_shown_at_0(self):
        # double-diamond's targets: public 2, nonprofit 1, citizen 6; nobody
        # of the nonprofit sector is registered (and the private sector, with
        # neither stakeholders nor a target, stays out).
        j = json.loads(self.report("--format", "json", "--section", "stakeholders"))
        rows = {r["sector"]: (r["count"], r["target"], r["met"]) for r in j["stakeholders"]["sectors"]}
        self.assertEqual(rows, {"public": (2, 2, True), "nonprofit": (0, 1, False), "citizen": (2, 6, False)})
        md = self.report("--section", "stakeholders")
        self.assertIn("| Non-profit | 0 | 1 | **no** |", md)
        row = self.ok("portfolio", ".", "--format", "csv", cwd=self.p).out.splitlines()[1]
        self.assertIn("nonprofit 0/1", row)

    def test_csv_of_the_stakeholders_section_describes_the_unrated_too(self):
        rows = list(csv.DictReader(io.StringIO(self.report("--format", "csv", "--section", "stakeholders"),
                                               newline="")))
        by_id = {r["id"]: r for r in rows}
        self.assertEqual(set(by_id), {"city-council", "residents-group", self.person, "port-authority"})
        self.assertEqual(by_id["city-council"],
                         {"id": "city-council", "label": "City Council", "kind": "organization", "sector": "public",
                          "role": "contributor", "influence": "", "interest": "", "quadrant": ""})
        self.assertEqual(by_id["residents-group"]["label"], "Residents Group")
        self.assertEqual(by_id["residents-group"]["kind"], "group")
        # A person: never a name (SPEC §6), but what else is known.
        self.assertEqual(by_id[self.person],
                         {"id": self.person, "label": "", "kind": "person", "sector": "citizen",
                          "role": "contributor", "influence": "", "interest": "", "quadrant": ""})
        self.assertEqual((by_id["port-authority"]["influence"], by_id["port-authority"]["quadrant"]),
                         ("4", "keep-satisfied"))
        # The json keeps listing the unrated by id.
        j = json.loads(self.report("--format", "json", "--section", "stakeholders"))
        self.assertEqual(j["stakeholders"]["unrated"], sorted(["city-council", "residents-group", self.person]))

    def test_a_removed_organization_keeps_its_name_in_the_traceability(self):
        self.ok("run-phase", "discover", "--force", "--reason", "test", cwd=self.p)
        self.ok("feedback", "add", "Shelters leak", "--from", "city-council", "--phase", "discover", cwd=self.p)
        self.ok("stakeholder", "update", "city-council", "--name", "City Council of Ravenna", cwd=self.p)
        self.ok("stakeholder", "remove", "city-council", "--reason", "left", cwd=self.p)
        for args in ((), ("--thorough",)):
            md = self.report("--section", "traceability", *args)
            [line] = [l for l in md.splitlines() if "Shelters leak" in l]
            self.assertIn("| City Council of Ravenna (Public) |", line)
        j = json.loads(self.report("--format", "json", "--section", "traceability"))
        self.assertEqual((j["traceability"][0]["from"], j["traceability"][0]["from_label"]),
                         ("city-council", "City Council of Ravenna"))


if __name__ == "__main__":
    unittest.main()
