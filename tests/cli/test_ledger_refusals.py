"""Refusals of SPEC §5: a file that is not an interlink ledger, or one of a
newer format, is refused with exit 3 and a clear message; a write lock not
obtained within the busy timeout gives exit 4 and changes nothing."""
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import unittest

from helpers import ScratchTest
from ledger_recipe import add_stakeholder, make_project, rows


def snapshot(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class LedgerRefusalTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_project(self)
        self.db = self.p / "ledger.db"

    def assert_unreadable(self, args, *phrases):
        r = self.run_cli(*args)
        self.assertEqual(r.code, 3, r)
        self.assertTrue(r.err.startswith("interlink: error: "), r)
        for phrase in phrases:
            self.assertIn(phrase, r.err)
        return r

    def test_an_actor_that_would_forge_a_line_is_refused(self):
        before = snapshot(self.p)
        for actor in ["mallory\nabcdef123456 2026-01-01T00:00:00Z admin stakeholder.removed x {}", "\x1b[2Jroot"]:
            with self.subTest(actor=actor):
                r = self.run_cli("-C", str(self.p), "--actor", actor, "add-stakeholder", "Act Org", "--sector",
                                 "public")
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("interlink: error: the actor's name '"), r)
                self.assertNotIn("\x1b", r.err)
                self.assertEqual(snapshot(self.p), before)
        env = dict(self.env, INTERLINK_ACTOR="eve\nadmin")
        self.assertEqual(self.run_cli("-C", str(self.p), "add-stakeholder", "Act Org", "--sector", "public",
                                      env=env).code, 2)
        self.assertEqual(snapshot(self.p), before)

    def test_a_busy_timeout_that_is_not_a_number_is_refused(self):
        before = snapshot(self.p)
        r = self.run_cli("-C", str(self.p), "add-stakeholder", "X", "--sector", "public",
                         env=dict(self.env, INTERLINK_BUSY_TIMEOUT_MS="10s"))
        self.assertEqual((r.code, r.err.splitlines()[0]),
                         (2, "interlink: error: INTERLINK_BUSY_TIMEOUT_MS='10s' is not a whole number of "
                             "milliseconds from 0 to 3600000"))
        self.assertEqual(snapshot(self.p), before)

    def test_not_sqlite(self):
        self.db.write_text("id,name\n1,this is a CSV file, not a ledger, and long enough for a header\n")
        for args in (["verify", str(self.db)], ["-C", str(self.p), "log"], ["ledger", "dump", str(self.db)],
                     ["-C", str(self.p), "verify"]):
            self.assert_unreadable(args, "not an interlink ledger", "not a SQLite database")

    def test_foreign_sqlite(self):
        other = self.tmp / "other.db"
        con = sqlite3.connect(str(other))
        con.execute("CREATE TABLE events(x)")
        con.commit()
        con.close()
        self.assert_unreadable(["verify", str(other)], "not an interlink ledger", "application_id")

    def hot_journal_of(self, db):
        """The hot journal a process killed in the middle of a change to db leaves (db is made first)."""
        script = (
            "import os, signal, sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA journal_mode=DELETE'); c.execute('CREATE TABLE t(x BLOB)'); c.execute('BEGIN')\n"
            "for _ in range(60): c.execute('INSERT INTO t VALUES (randomblob(3000))')\n"
            "c.execute('COMMIT'); c.execute('PRAGMA cache_size=2'); c.execute('BEGIN')\n"
            "c.execute('UPDATE t SET x = randomblob(3000)')\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
        subprocess.run([sys.executable, "-c", script, str(db)], check=False)
        journal = db.with_name(db.name + "-journal")
        self.assertTrue(journal.exists() and journal.stat().st_size > 0, "the kill left no hot journal")
        return journal

    def test_another_databases_journal_is_refused_and_the_ledger_left_whole(self):
        # SQLite rolls a hot journal back into whatever file it lies beside:
        # another database's would overwrite the ledger's pages, even under
        # a command that only reads.
        journal = self.hot_journal_of(self.tmp / "other.db")
        shutil.copy(journal, self.p / "ledger.db-journal")
        before = snapshot(self.p)
        for args in (["-C", str(self.p), "verify"], ["-C", str(self.p), "log", "-n", "1"],
                     ["-C", str(self.p), "status"]):
            r = self.assert_unreadable(args, "ledger.db-journal", "not the journal of the ledger beside it")
            self.assertIn("hint: move ledger.db-journal out of the project folder", r.err)
        r = self.run_cli("-C", str(self.p), "validate")  # a finding, on standard output
        self.assertEqual(r.code, 3, r)
        self.assertIn("not the journal of the ledger beside it", r.out)
        self.assertEqual(snapshot(self.p), before, "nothing was rolled back, nothing written")
        (self.p / "ledger.db-journal").unlink()
        self.assertEqual(self.run_cli("-C", str(self.p), "verify").code, 0)

    def test_a_journal_path_that_is_no_file_is_refused_by_name(self):
        # A folder or a symbolic link where SQLite keeps the journal made every
        # write fail with "disk I/O error" or "unable to open database file";
        # a link must never lead a write (or a rollback) out of the project.
        victim = self.tmp / "victim"
        victim.write_text("precious\n")
        journal = self.p / "ledger.db-journal"
        for make, what in ((lambda: journal.mkdir(), "a folder"),
                           (lambda: journal.symlink_to(victim), "a symbolic link"),
                           (lambda: journal.symlink_to(self.tmp / "nowhere"), "a symbolic link")):
            make()
            before = snapshot(self.p)
            for args in (["-C", str(self.p), "add-stakeholder", "Journal Org", "--sector", "public"],
                         ["-C", str(self.p), "status"], ["-C", str(self.p), "verify"]):
                with self.subTest(what=what, args=args[2]):
                    r = self.assert_unreadable(args, "ledger.db-journal: this is " + what, "rollback journal")
                    self.assertIn("hint: move ledger.db-journal out of the project folder", r.err)
            self.assertEqual(snapshot(self.p), before)
            self.assertEqual(victim.read_text(), "precious\n")
            journal.rmdir() if what == "a folder" else journal.unlink()
        self.assertEqual(self.run_cli("-C", str(self.p), "add-stakeholder", "Journal Org", "--sector",
                                      "public").code, 0)

    def test_another_projects_ledger_is_one_validate_error(self):
        # It verifies as a chain; a git fast-forward brings one in without the
        # merge driver. validate names the mismatch, and only it.
        other = self.copy_example("pspm")
        shutil.copy(other / "ledger.db", self.db)
        project_id = next(line.split(":", 1)[1].strip() for line in (self.p / "interlink.yaml").read_text().splitlines()
                          if line.startswith("id:"))
        r = self.run_cli("-C", str(self.p), "validate")
        self.assertEqual(r.code, 1, r)
        first, total = r.out.splitlines()
        self.assertTrue(first.endswith(
            f"ledger.db: error: the ledger was made for project 'pspm', but interlink.yaml is project "
            f"'{project_id}': what it records belongs to the other project; restore this project's ledger.db from "
            "git [ledger-consistency]"), first)
        self.assertEqual(total, "1 error, 0 warnings")

    def test_newer_format(self):
        con = sqlite3.connect(str(self.db))
        con.execute("PRAGMA user_version = 2")
        con.close()
        r = self.assert_unreadable(["-C", str(self.p), "log"], "format version 2", "newer")
        self.assertIn("hint: upgrade interlink", r.err)
        self.assert_unreadable(["verify", str(self.db)], "newer")

    def test_missing_ledger(self):
        self.db.unlink()
        # A project that lost its record: init refuses a folder with a plan,
        # so the hint is the way back, not init.
        r = self.assert_unreadable(["-C", str(self.p), "log"], "no ledger")
        self.assertIn("hint: the project's ledger is missing: restore it from git or a backup", r.err)
        self.assertNotIn("init", r.err)
        # A file named that does not exist, outside any project.
        r = self.assert_unreadable(["verify", str(self.tmp / "nothere.db")], "no ledger")
        self.assertIn("hint: name a project's ledger.db", r.err)

    def test_validate_names_an_interrupted_change_and_never_finishes_it(self):
        # A killed add left its files staged, bound to its event and content.
        self.assertEqual(add_stakeholder(self, self.p, "Comune di Roma").code, 0)
        path = "stakeholders/comune-di-roma.yaml"
        content = (self.p / path).read_bytes()
        (self.p / path).unlink()
        con = sqlite3.connect(str(self.db), isolation_level=None)
        head = con.execute("SELECT hash FROM heads").fetchone()[0]
        con.execute("INSERT INTO staged(path, content, event, sha256) VALUES (?, ?, ?, ?)",
                    (path, content, head, hashlib.sha256(content).hexdigest()))
        con.close()
        before = snapshot(self.p)
        r = self.run_cli("-C", str(self.p), "validate", "--format", "json")
        findings = json.loads(r.out)["findings"]
        self.assertEqual(r.code, 1, r)
        self.assertEqual([(f["rule"], f["file"]) for f in findings if f["severity"] == "error"],
                         [("interrupted-change", "p/ledger.db")])
        self.assertIn("(1 file not yet written); validate never writes", findings[0]["message"])
        # validate is a check: it wrote nothing, not even the staged file.
        self.assertEqual(snapshot(self.p), before)
        # The next command that writes finishes the change first.
        self.assertEqual(add_stakeholder(self, self.p, "Comune di Milano").code, 0)
        self.assertEqual((self.p / path).read_bytes(), content)
        self.ok("-C", str(self.p), "validate")

    def test_busy_lock_exits_4_and_changes_nothing(self):
        before = snapshot(self.p)
        holder = sqlite3.connect(str(self.db), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            env = dict(self.env, INTERLINK_BUSY_TIMEOUT_MS="300")
            r = add_stakeholder(self, self.p, "Comune di Roma", env=env)
            self.assertEqual(r.code, 4, r)
            self.assertIn("locked by another interlink process", r.err)
            # Readers are not blocked by a writer that has not committed yet.
            self.ok("-C", str(self.p), "log", env=env)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(snapshot(self.p), before)
        self.assertEqual(len(rows(self.db)), 1)
        self.assertEqual(add_stakeholder(self, self.p, "Comune di Roma").code, 0)


if __name__ == "__main__":
    unittest.main()
