"""add-stakeholder --from-csv, end to end: RFC 4180 quoting, BOM, CRLF and
';' files, standard input; all or nothing, with every bad row reported as
FILE:LINE (the line where its record starts); 300 rows at once; and the CSV
of `stakeholders --format csv` reading back into an identical project."""
import json
import sys
import unittest

from helpers import SOURCE, ProjectTest, snapshot

sys.path.insert(0, str(SOURCE / "tests" / "bench"))
import gen_stakeholders_csv  # noqa: E402


class ImportTest(ProjectTest):
    def write(self, name, text, encoding="utf-8", newline="\n"):
        path = self.tmp / name
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        return path

    def added(self):
        r = self.cli("log", "--kind", "stakeholder.added", "--format", "json")
        self.assertEqual(r.code, 0, r)
        return [json.loads(line) for line in r.out.splitlines()]

    def test_quotes_commas_line_breaks_bom_crlf(self):
        self.write("in.csv",
                   "\ufeffname,kind,sector,role,influence,tags,consent,consent_scope,email,age_band\n"
                   "\"Società \"\"Alfa\"\", S.p.A.\",organization,private,co-producer,3,\"a;b\",given,,,\n"
                   "\"Mario\nRossi\",person,citizen,,2,,given,\"workshops,\nreports\",mario@posta.example,30-44\n"
                   "Legambiente,,nonprofit,,,,,,,\n", newline="\r\n")
        r = self.cli("add-stakeholder", "--from-csv", "../in.csv")
        self.assertEqual((r.code, r.err), (0, ""), r)
        self.assertEqual(r.out, "added 3 stakeholders from ../in.csv (2 organizations, 1 person)\n")
        text = (self.p / "stakeholders/societa-alfa-s-p-a.yaml").read_text()
        self.assertIn('name: "Società \\"Alfa\\", S.p.A."\n', text)
        self.assertIn("tags: [a, b]\n", text)
        [pid] = [p.stem for p in (self.p / "stakeholders").glob("p-*.yaml")]
        text = (self.p / f"stakeholders/{pid}.yaml").read_text()
        self.assertIn('  scope: "workshops,\\nreports"\n', text)
        self.assertNotIn("Mario", text)
        people = json.loads(self.cli("stakeholders", "--format", "json", "--with-names", "--kind", "person").out)
        self.assertEqual(people["stakeholders"][0]["name"], "Mario Rossi")  # line break in a name: one space
        self.assertEqual(len(self.added()), 3)
        self.ok("validate", cwd=self.p)

    def test_semicolon_separated_file_from_a_european_spreadsheet(self):
        self.write("in.csv", "name;sector;tags\n\"Comune di Roma; Municipio I\";public;\"pa;lazio\"\nUnibo;academia;\n")
        r = self.cli("add-stakeholder", "--from-csv", "../in.csv")
        self.assertEqual(r.code, 0, r)
        self.assertIn("tags: [pa, lazio]\n", (self.p / "stakeholders/comune-di-roma-municipio-i.yaml").read_text())

    def test_every_bad_row_is_reported_and_nothing_is_written(self):
        self.ok("add-stakeholder", "Comune di Roma", "--sector", "public", cwd=self.p)
        self.write("people.csv",
                   "name,kind,sector,influence,email,tags,age_band\n"                 # 1
                   "\"Società \"\"Alfa\"\", S.p.A.\",organization,private,3,,a;b,\n"  # 2
                   "Legambiente,organization,nonprofit,9,,,\n"                        # 3
                   "\"Mario\nRossi\",person,citizen,2,mario@posta.example,,30-44\n"   # 4-5
                   "Comune di Roma,organization,public,,,,\n"                         # 6
                   "Bad Email,person,citizen,,nope,,\n"                               # 7
                   "Dup,person,citizen,,mario@posta.example,,\n"                      # 8
                   ",,,,,,\n"                                                         # 9
                   "Org With Band,organization,publc,,,,18-29\n"                      # 10
                   "Too,many,fields,,,,,\n"                                           # 11
                   "\"Never closed,person,citizen,,,,\n")                             # 12
        before = snapshot(self.p)
        r = self.cli("add-stakeholder", "--from-csv", "../people.csv")
        e = "interlink: error: ../people.csv:"
        self.assertEqual(r.err,
                         e + "3: influence must be a whole number from 1 to 5, not '9'\n" +
                         e + "6: 'Comune di Roma' is already registered, as 'comune-di-roma'\n" +
                         e + "7: malformed email 'nope': expected an address like name@example.org\n" +
                         e + "8: the email mario@posta.example is already given on line 4\n" +
                         e + "10: unknown sector 'publc' (did you mean 'public'?); expected public, private, "
                             "nonprofit, academia or citizen\n" +
                         e + "10: age_band applies to persons only: bands measure the inclusion of individual "
                             "participants\n" +
                         e + "11: 8 fields, but the header names 7 columns (a value holding a ',' must be in double "
                             "quotes)\n" +
                         e + "12: a quoted field is not closed: its closing '\"' is missing\n"
                         "interlink: error: ../people.csv: 8 problems in 7 lines: nothing was added\n")
        self.assertEqual((r.code, r.out), (1, ""))
        self.assertEqual(snapshot(self.p), before)
        # No private store either (the first add made .interlink/ for its cache only).
        self.assertFalse((self.p / ".interlink" / "private.db").exists())

    def test_header_problems(self):
        self.write("h.csv", "nmae,sector\nx,public\n")
        r = self.cli("add-stakeholder", "--from-csv", "../h.csv")
        self.assertEqual((r.code, r.err), (1, "interlink: error: ../h.csv:1: unknown column 'nmae' (did you mean "
                                              "'name'?); the columns are: id, kind, name, sector, role, influence, "
                                              "interest, tags, joined, consent, consent_date, consent_scope, email, "
                                              "phone, age_band, gender, area\n"
                                              "interlink: error: ../h.csv: 1 problem in 1 line: nothing was added\n"))
        self.write("latin1.csv", "name,sector\nCittà,public\n", encoding="latin-1")
        r = self.cli("add-stakeholder", "--from-csv", "../latin1.csv")
        self.assertEqual(r.code, 1, r)
        self.assertTrue(r.err.startswith("interlink: error: ../latin1.csv:2: not valid UTF-8 text; save the "
                                         "spreadsheet as \"CSV UTF-8\"\n"), r.err)

    def test_standard_input(self):
        r = self.cli("add-stakeholder", "--from-csv", "-", input="name,sector\nA,public\nB,publik\n")
        self.assertEqual((r.code, r.err), (1, "interlink: error: <stdin>:3: unknown sector 'publik' (did you mean "
                                              "'public'?); expected public, private, nonprofit, academia or citizen\n"
                                              "interlink: error: <stdin>: 1 problem in 1 line: nothing was added\n"))
        r = self.cli("add-stakeholder", "--from-csv", "-", input="name,sector\nA,public\nB,public\n")
        self.assertEqual((r.code, r.out), (0, "added 2 stakeholders from <stdin> (2 organizations)\n"), r)

    def test_command_line_mistakes(self):
        self.write("in.csv", "name,sector\nA,public\n")
        r = self.cli("add-stakeholder", "X", "--from-csv", "../in.csv")
        self.assertEqual((r.code, r.err), (2, "interlink: error: --from-csv takes every value from the file: give "
                                              "no NAME or other stakeholder options with it\n"
                                              "hint: see man 5 interlink-csv for the columns\n"))
        r = self.cli("add-stakeholder", "--from-csv", "../missing.csv")
        self.assertEqual((r.code, r.err), (2, "interlink: error: no such file: ../missing.csv\n"))
        self.write("empty.csv", "name,sector\n")
        r = self.cli("add-stakeholder", "--from-csv", "../empty.csv")
        self.assertEqual((r.code, r.err), (0, "interlink: warning: ../empty.csv holds no stakeholders: nothing was "
                                              "added\n"))

    def test_dry_run(self):
        self.write("in.csv", gen_stakeholders_csv.generate(30))
        before = snapshot(self.p)
        r = self.cli("add-stakeholder", "--from-csv", "../in.csv", "--dry-run")
        self.assertEqual((r.code, r.out), (0, "would add 30 stakeholders from ../in.csv (10 organizations, 20 "
                                              "persons); nothing was written\n"), r)
        self.assertEqual(snapshot(self.p), before)

    def test_300_rows_in_one_change(self):
        self.write("big.csv", gen_stakeholders_csv.generate(300))
        r = self.cli("add-stakeholder", "--from-csv", "../big.csv", timeout=300)  # its speed: tests/bench/whole.py
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out, "added 300 stakeholders from ../big.csv (100 organizations, 200 persons)\n")
        self.assertEqual(len(list((self.p / "stakeholders").glob("*.yaml"))), 300)
        events = self.added()
        self.assertEqual(len(events), 300)
        # One change: each event is the child of the one before it.
        events.reverse()
        for a, b in zip(events, events[1:]):
            self.assertEqual(b["parents"], [a["hash"]])
        self.ok("validate", cwd=self.p)
        self.ok("verify", cwd=self.p)

    def test_exported_csv_reads_back_into_an_identical_project(self):
        self.write("in.csv", gen_stakeholders_csv.generate(40))
        self.ok("add-stakeholder", "--from-csv", "../in.csv", cwd=self.p)
        org = sorted(f.stem for f in (self.p / "stakeholders").glob("*.yaml") if not f.stem.startswith("p-"))[0]
        self.ok("stakeholder", "update", org, "--consent", "given", "--consent-scope",
                "photos, \"quotes\"\nand reports", cwd=self.p)
        exported = self.ok("stakeholders", "--format", "csv", "--with-names", cwd=self.p).out
        (self.tmp / "export.csv").write_text(exported)
        self.ok("init", "q")
        q = self.tmp / "q"
        self.ok("add-stakeholder", "--from-csv", "../export.csv", cwd=q)
        self.assertEqual(self.ok("stakeholders", "--format", "csv", "--with-names", cwd=q).out, exported)
        for f in (self.p / "stakeholders").glob("*.yaml"):
            self.assertEqual((q / "stakeholders" / f.name).read_bytes(), f.read_bytes(), f.name)
        # Without --with-names the export holds no personal data, and still reads back.
        public = self.ok("stakeholders", "--format", "csv", cwd=self.p).out
        self.assertNotIn("@", public)
        (self.tmp / "public.csv").write_text(public)
        self.ok("init", "r")
        self.ok("add-stakeholder", "--from-csv", "../public.csv", cwd=self.tmp / "r")
        self.assertEqual(self.ok("stakeholders", "--format", "csv", cwd=self.tmp / "r").out, public)

    def test_export_after_forget_reads_back_without_the_erased_person(self):
        # The documented pipe of interlink-add-stakeholder(1): an erased person
        # is exported with consent 'erased'; the reader skips that row with a
        # note instead of refusing the whole file.
        self.ok("add-stakeholder", "Comune di Roma", "--sector", "public", cwd=self.p)
        gone = self.ok("-q", "add-stakeholder", "--kind", "person", "--sector", "citizen", "--consent", "given",
                       cwd=self.p).out.strip()
        kept = self.ok("-q", "add-stakeholder", "--kind", "person", "--sector", "citizen", "--consent", "given",
                       cwd=self.p).out.strip()
        self.ok("forget", gone, cwd=self.p)
        exported = self.ok("stakeholders", "--format", "csv", cwd=self.p).out
        line = 2 + sorted(["comune-di-roma", gone, kept]).index(gone)
        self.assertIn(f"{gone},person,,citizen,contributor,,,,", exported.splitlines()[line - 1])
        self.assertIn(",erased,", exported.splitlines()[line - 1])
        self.ok("init", "q")
        q = self.tmp / "q"
        r = self.run_cli("add-stakeholder", "--from-csv", "-", input=exported, cwd=q)
        self.assertEqual((r.code, r.out), (0, "added 2 stakeholders from <stdin> (1 organization, 1 person)\n"), r)
        self.assertEqual(r.err, f"interlink: note: <stdin>:{line}: skipped {gone}: a person erased by forget is "
                                "not registered again\n")
        ids = sorted(f.stem for f in (q / "stakeholders").glob("*.yaml"))
        self.assertEqual(ids, sorted(["comune-di-roma", kept]))
        # A file of erased persons only adds nothing, and says why.
        only = "id,kind,sector,consent\np-aaaaaaaa,person,citizen,erased\n"
        r = self.run_cli("add-stakeholder", "--from-csv", "-", input=only, cwd=q)
        self.assertEqual((r.code, r.err), (0, "interlink: note: <stdin>:2: skipped p-aaaaaaaa: a person erased by "
                                              "forget is not registered again\n"
                                              "interlink: warning: <stdin> holds no stakeholders to add: nothing "
                                              "was added\n"), r)


if __name__ == "__main__":
    unittest.main()
