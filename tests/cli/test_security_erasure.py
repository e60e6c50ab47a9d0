"""Personal data does not outlive its erasure (issue 11, items 8 and 9):
leftover temporary files of killed writes are reported and removed, and a
person whose file was deleted by hand can still be forgotten."""
import json
import sqlite3
import unittest

from helpers import ProjectTest, snapshot
from test_security_files import stage

ID = "p-abc12345"


class ErasureTest(ProjectTest):
    def setUp(self):
        super().setUp()
        self.ok("add-stakeholder", "Giuseppina Esposito", "--kind", "person", "--sector", "citizen", "--email",
                "g@example.org", "--id", ID, "--gender", "female", cwd=self.p)

    def contacts(self):
        con = sqlite3.connect(str(self.p / ".interlink" / "private.db"))
        try:
            return [r[0] for r in con.execute("SELECT id FROM contacts")]
        finally:
            con.close()

    def test_an_erased_person_is_listed_as_erased_and_not_counted(self):
        summary = json.loads(self.ok("stakeholders", "--summary", "--format", "json", cwd=self.p).out)
        self.ok("forget", ID, cwd=self.p)
        self.assertTrue((self.p / "stakeholders" / f"{ID}.yaml").exists(), "the file stays, without the data")
        listed = {s["id"]: s["consent"]["status"] for s in
                  json.loads(self.ok("stakeholders", "--format", "json", cwd=self.p).out)["stakeholders"]}
        self.assertEqual(listed[ID], "erased")
        after = json.loads(self.ok("stakeholders", "--summary", "--format", "json", cwd=self.p).out)
        self.assertEqual(after["total"], summary["total"] - 1)

    def test_an_erasure_recorded_in_another_copy_hides_the_data_here_and_validate_reports_it(self):
        # A colleague's clone has no private store: their forget records the
        # erasure, which reaches this copy by git (here: the ledger and the
        # file copied back); this copy's store still holds the name and email.
        import shutil
        other = self.tmp / "other"
        shutil.copytree(self.p, other, ignore=shutil.ignore_patterns(".interlink"))
        self.ok("forget", ID, cwd=other)
        for rel in ("ledger.db", f"stakeholders/{ID}.yaml"):
            shutil.copy2(other / rel, self.p / rel)
        warning = (f"interlink: warning: the private store holds contact data of '{ID}', whom 'interlink forget' "
                   "erased (the erasure was recorded in another copy of the project, or this store was restored); "
                   f"it is not shown: erase it here with 'interlink forget {ID}'\n")
        for args in (["stakeholders", "--with-names"], ["stakeholders", "--with-names", "--format", "csv"],
                     ["stakeholder", "show", ID, "--with-names"], ["report", "--with-names", "--format", "json"]):
            with self.subTest(args=args):
                r = self.ok(*args, cwd=self.p)
                self.assertNotIn("Esposito", r.out)
                self.assertNotIn("g@example.org", r.out)
                self.assertEqual(r.err, warning)
        r = self.run_cli("validate", "--format", "json", cwd=self.p)
        self.assertEqual(r.code, 1, r)
        found = [(f["rule"], f["file"]) for f in json.loads(r.out)["findings"]]
        self.assertEqual(found, [("erased-data-held", ".interlink/private.db")])
        # forget here erases it, and says so; then nothing is held.
        out = self.ok("forget", ID, cwd=self.p).out
        self.assertIn("name, email", out)
        self.assertEqual(self.contacts(), [])
        self.assertEqual(self.run_cli("validate", cwd=self.p).code, 0)

    def test_a_merge_that_puts_bands_back_into_an_erased_persons_file_is_an_error(self):
        self.ok("forget", ID, cwd=self.p)
        path = self.p / "stakeholders" / f"{ID}.yaml"
        # The side of a merge conflict that still had them ("ours").
        path.write_text(path.read_text() + "gender: female\narea: north\n")
        r = self.run_cli("validate", "--format", "json", cwd=self.p)
        self.assertEqual(r.code, 1, r)
        [f] = json.loads(r.out)["findings"]
        self.assertEqual((f["rule"], f["file"]), ("erased-data-held", f"stakeholders/{ID}.yaml"))
        self.assertTrue(f["message"].startswith(f"holds gender, area of '{ID}', whom 'interlink forget' erased"), f)
        self.ok("forget", ID, cwd=self.p)
        self.assertNotIn("gender", path.read_text())
        self.assertEqual(self.run_cli("validate", cwd=self.p).code, 0)

    def test_an_erased_persons_data_cannot_be_recorded_again_through_update(self):
        self.ok("forget", ID, cwd=self.p)
        before = snapshot(self.p)
        for args in (["--name", "Giuseppina Esposito", "--email", "g@example.org"], ["--area", "Via Roma 12"],
                     ["--consent", "withdrawn"], ["--interest", "2"]):
            with self.subTest(args=args):
                r = self.cli("stakeholder", "update", ID, *args)
                self.assertEqual((r.code, r.err.splitlines()[0]),
                                 (1, f"interlink: error: stakeholder '{ID}' was erased at their request: nothing "
                                     "about them is recorded any more"), r)
                self.assertEqual(snapshot(self.p), before)
        self.assertEqual(self.contacts(), [])

    def test_show_and_add_say_the_person_was_erased(self):
        self.ok("stakeholder", "update", ID, "--consent", "given", cwd=self.p)
        self.ok("forget", ID, cwd=self.p)
        # show agrees with the list: the consent once given no longer holds.
        shown = self.ok("stakeholder", "show", ID, cwd=self.p).out
        self.assertIn("consent:\n  status: erased\n", shown)
        self.assertNotIn("given", shown)
        j = json.loads(self.ok("stakeholder", "show", ID, "--format", "json", cwd=self.p).out)
        self.assertEqual(j["consent"], {"status": "erased"})
        # Registering the id again: the hint is one that can work.
        r = self.cli("add-stakeholder", "--kind", "person", "--sector", "citizen", "--id", ID)
        self.assertEqual((r.code, r.err),
                         (1, f"interlink: error: stakeholder '{ID}' already exists, erased at their request\n"
                             "hint: their id stays with what was recorded: should they take part again, register "
                             "them anew without --id, with their consent\n"), r)
        r = self.cli("add-stakeholder", "--from-csv", "-", input=f"id,kind,sector\n{ID},person,citizen\n")
        self.assertEqual(r.err.splitlines()[0],
                         f"interlink: error: <stdin>:2: stakeholder '{ID}' already exists, erased at their request")

    def test_a_person_whose_file_was_deleted_by_hand_can_be_forgotten(self):
        (self.p / "stakeholders" / f"{ID}.yaml").unlink()
        r = self.cli("validate")
        self.assertIn(f".interlink/private.db: warning: the private store holds contact data of '{ID}', which has no "
                      f"file in stakeholders/; erase it with 'interlink forget {ID}', or restore the file from git "
                      "[orphaned-private-record]", r.out)
        r = self.cli("stakeholders", "--with-names")
        self.assertIn(f"interlink: warning: the private store holds contact data of '{ID}', which has no file in "
                      f"stakeholders/; erase it with 'interlink forget {ID}'", r.err)
        r = self.cli("forget", ID)
        self.assertEqual((r.code, r.out), (0, f"forgot {ID}: erased name, email; the erasure is recorded in the "
                                              "ledger\n"), r)
        self.assertEqual(self.contacts(), [])
        self.assertFalse((self.p / "stakeholders" / f"{ID}.yaml").exists())
        self.assertIn("stakeholder.erased", self.ok("log", "-n", "1", cwd=self.p).out)

    def test_leftover_temporary_files_are_reported_and_removed_by_the_next_write(self):
        leftover = self.p / "stakeholders" / f".{ID}.yaml.tmp-0123abcd"
        leftover.write_text(f"id: {ID}\nkind: person\nsector: citizen\ngender: female\narea: rural\n")
        r = self.cli("validate")
        self.assertEqual(r.code, 0, r)
        self.assertIn(f"stakeholders/.{ID}.yaml.tmp-0123abcd: warning: a temporary file left by an interrupted write "
                      "(it may hold a person's data); the command that finishes that write removes it, as does "
                      "'interlink forget'; otherwise delete it [leftover-temp-file]", r.out)
        self.assertTrue(leftover.exists())  # validate never writes
        self.ok("forget", ID, cwd=self.p)
        self.assertFalse(leftover.exists())
        self.assertEqual(sorted(p.name for p in (self.p / "stakeholders").iterdir()), [".gitkeep", f"{ID}.yaml"])
        self.assertNotIn("female", (self.p / "stakeholders" / f"{ID}.yaml").read_text())

    def test_the_writer_that_finishes_a_killed_write_removes_its_temporary_files(self):
        # What an update of the person killed while writing its files leaves:
        # the change staged in the ledger, bound to its event, and a temporary
        # file of the stakeholder's with the bands in it.
        path = f"stakeholders/{ID}.yaml"
        stage(self.p / "ledger.db", path, (self.p / path).read_bytes())
        leftover = self.p / "stakeholders" / f".{ID}.yaml.tmp-0123abcd"
        leftover.write_text(f"id: {ID}\nkind: person\nsector: citizen\ngender: male\narea: rural\n")
        # Not a file of the staged change: no writer lists stakeholders/ for it
        # (the 1m bench project has 10,000 entries there), forget does.
        stray = self.p / "stakeholders" / ".p-xyz12345.yaml.tmp-89abcdef"
        stray.write_text("id: p-xyz12345\n")
        # Any command that writes finishes the change first, here one that
        # touches no stakeholder.
        self.ok("run-phase", "engage", cwd=self.p)
        self.assertFalse(leftover.exists())
        self.assertTrue(stray.exists())
        con = sqlite3.connect(str(self.p / "ledger.db"))
        self.assertEqual(con.execute("SELECT count(*) FROM staged").fetchone()[0], 0)
        con.close()
        self.ok("forget", ID, cwd=self.p)
        self.assertEqual(sorted(p.name for p in (self.p / "stakeholders").iterdir()), [".gitkeep", f"{ID}.yaml"])


if __name__ == "__main__":
    unittest.main()
