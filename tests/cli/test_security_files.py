"""Attacks by a crafted project folder (issue 11, items 1-3): a ledger.db whose
staged rows would write any file, a symlinked .interlink that would send
personal data into tracked files, symlinks under stakeholders/ that would echo
any file into CI logs or make interlink write outside the project.

Each test plays the attack as a partner's merge request would, and asserts the
exact refusal and that nothing was written where it must not be.
"""
import hashlib
import os
import sqlite3
import subprocess
import unittest
from pathlib import Path

from helpers import ProjectTest, snapshot


def git_init_with_driver(p, env):
    """A git repository around project p, set up as 'interlink git-setup'
    leaves a clone (the merge driver defined): without it, every write would
    first warn that this clone cannot merge ledger.db."""
    subprocess.run(["git", "init", "-q", str(p)], check=True, env=env)
    subprocess.run(["git", "-C", str(p), "config", "merge.interlink-ledger.driver", "true"], check=True, env=env)

LINK = ("is a symbolic link: interlink does not follow links inside a project, since a link in a shared "
        "project could point at any file")


def stage(db, path, content, event=None, sha=None):
    """Adds a staged row as an attacker (or a killed command) would leave it."""
    con = sqlite3.connect(str(db), isolation_level=None)
    if event is None:
        event = con.execute("SELECT hash FROM heads").fetchone()[0]
    if sha is None:
        sha = hashlib.sha256(content).hexdigest() if content is not None else "removed"
    con.execute("INSERT INTO staged(path, content, event, sha256) VALUES (?, ?, ?, ?)", (path, content, event, sha))
    con.close()


class StagedRowsTest(ProjectTest):
    """Item 1: staged rows are bound to their event and content, name only
    interlink's own files, and are applied only by commands that write."""

    def setUp(self):
        super().setUp()
        self.db = self.p / "ledger.db"

    def git_init(self):
        git_init_with_driver(self.p, self.env)

    def test_a_staged_git_config_is_reported_and_never_written(self):
        self.git_init()
        config = (self.p / ".git" / "config").read_bytes()
        con = sqlite3.connect(str(self.db), isolation_level=None)
        con.execute("INSERT INTO staged(path, content) VALUES ('.git/config', "
                    "CAST('[core]' || char(10) || '\tfsmonitor = \"echo PWNED\"' AS BLOB))")
        con.close()
        before = snapshot(self.p)
        problem = ("the staged file '.git/config' is not one interlink writes (only interlink.yaml and "
                   "stakeholders/<id>.yaml): the ledger was crafted to write elsewhere")
        r = self.cli("validate")
        self.assertEqual((r.code, r.out), (1, f"ledger.db: error: {problem} [ledger-verify]\n1 error, 0 warnings\n"))
        r = self.cli("verify")
        self.assertEqual((r.code, r.out), (1, f"./ledger.db: FAILED: {problem}\n"))
        # Every kind of command: checks, reads, dry runs, writes.
        for args in (["log"], ["stakeholders"], ["forget", "nobody", "--dry-run"],
                     ["add-stakeholder", "Comune di Roma", "--sector", "public", "--dry-run"]):
            self.cli(*args)
        r = self.cli("add-stakeholder", "Comune di Roma", "--sector", "public")
        self.assertEqual(r.code, 3, r)
        self.assertEqual(r.err, f"interlink: error: ./ledger.db: {problem}; nothing was written\n"
                                "hint: restore ledger.db from a copy you trust, then run 'interlink verify'\n")
        self.assertEqual((self.p / ".git" / "config").read_bytes(), config)
        self.assertEqual(snapshot(self.p), before)

    def test_ledger_dump_shows_staged_rows(self):
        stage(self.db, ".gitignore", b"!.interlink/\n", event="0" * 64, sha="x")
        r = self.ok("ledger", "dump", str(self.db))
        self.assertEqual(r.out.splitlines()[-1], "staged .gitignore x event 000000000000 !.interlink/\\n")

    def test_a_row_bound_to_no_event_of_the_ledger_or_changed_is_reported(self):
        stage(self.db, "stakeholders/x.yaml", b"id: x\n", event="0" * 64)
        r = self.cli("verify")
        self.assertEqual((r.code, r.out), (1, "./ledger.db: FAILED: the staged file 'stakeholders/x.yaml' belongs to "
                                              "event 0000000000, which the ledger does not hold\n"))
        con = sqlite3.connect(str(self.db), isolation_level=None)
        con.execute("DELETE FROM staged")
        con.close()
        stage(self.db, "stakeholders/x.yaml", b"id: x\n", sha=hashlib.sha256(b"id: y\n").hexdigest())
        r = self.cli("verify")
        self.assertEqual((r.code, r.out), (1, "./ledger.db: FAILED: the staged file 'stakeholders/x.yaml' does not "
                                              "match the hash it was staged with (it was changed)\n"))
        self.assertEqual(self.cli("add-stakeholder", "Comune di Roma", "--sector", "public").code, 3)
        self.assertFalse((self.p / "stakeholders" / "x.yaml").exists())

    def test_checks_never_apply_a_sound_staged_row(self):
        stage(self.db, "stakeholders/x.yaml", b"id: x\nkind: organization\nname: X\nsector: public\n")
        before = snapshot(self.p)
        r = self.cli("validate", "--format", "json")
        self.assertEqual(r.code, 1, r)
        self.assertIn('"rule":"interrupted-change"', r.out.replace(" ", ""))
        self.assertEqual(self.cli("verify").code, 0)
        for args in (["log"], ["stakeholders"], ["forget", "x", "--dry-run"],
                     ["stakeholder", "remove", "x", "--reason", "gone", "--dry-run"]):
            self.cli(*args)
            self.assertEqual(snapshot(self.p), before, args)
        # A command that writes applies it first.
        self.ok("add-stakeholder", "Comune di Roma", "--sector", "public", cwd=self.p)
        self.assertTrue((self.p / "stakeholders" / "x.yaml").is_file())

    def test_a_staged_row_is_never_written_through_a_symlinked_folder(self):
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        for f in (self.p / "stakeholders").glob("*"):
            f.unlink()
        (self.p / "stakeholders").rmdir()
        os.symlink(elsewhere, self.p / "stakeholders")
        stage(self.db, "stakeholders/bashrc.yaml", b"echo pwned\n")
        r = self.cli("add-stakeholder", "Comune di Roma", "--sector", "public")
        self.assertEqual(r.code, 3, r)
        self.assertEqual(r.err, f"interlink: error: stakeholders: {LINK}\n"
                                "hint: replace the link by the file or folder itself\n")
        self.assertEqual(list(elsewhere.iterdir()), [])


class PrivateStoreTest(ProjectTest):
    """Item 2: the private store is never a link, and git must ignore it."""

    def add_person(self):
        return self.cli("add-stakeholder", "Maria Rossi", "--kind", "person", "--sector", "citizen",
                        "--email", "maria@example.org")

    def test_a_symlinked_interlink_folder_is_refused(self):
        reports = self.p / "reports"
        reports.mkdir()
        os.symlink("reports", self.p / ".interlink")
        r = self.add_person()
        self.assertEqual(r.code, 3, r)
        self.assertTrue(r.err.startswith(f"interlink: error: .interlink: {LINK}\n"), r.err)
        self.assertEqual(list(reports.iterdir()), [])
        r = self.cli("validate")
        self.assertEqual((r.code, r.out), (1, f".interlink: error: {LINK}; replace the link by the file or folder "
                                              "itself [private-store]\n1 error, 0 warnings\n"))

    def test_a_symlinked_private_db_is_refused(self):
        (self.p / ".interlink").mkdir()
        os.symlink("../tracked.db", self.p / ".interlink" / "private.db")
        r = self.add_person()
        self.assertEqual(r.code, 3, r)
        self.assertIn(f".interlink/private.db: {LINK}", r.err)
        self.assertFalse((self.p / "tracked.db").exists())

    def test_a_private_store_that_git_tracks_is_refused_before_a_byte_is_written(self):
        git_init_with_driver(self.p, self.env)
        (self.p / ".interlink").mkdir()
        (self.p / ".interlink" / "private.db").write_bytes(b"")
        self.git("add", "-f", ".interlink/private.db", cwd=self.p)
        r = self.add_person()
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err, "interlink: error: .interlink/private.db is not ignored by git (it is tracked, or a "
                                ".gitignore un-ignores it): the personal data written to it would go into the next "
                                "commit; nothing was written\nhint: run 'git rm --cached .interlink/private.db' and "
                                "keep '.interlink' in .gitignore\n")
        self.assertEqual((self.p / ".interlink" / "private.db").read_bytes(), b"")
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r)
        self.assertIn(".interlink/private.db: error: git does not ignore the private store", r.out)


class DamagedLedgerTest(ProjectTest):
    """A ledger whose payload is not JSON: validate reports the verification's
    problem (exit 1) and replays nothing; report refuses it as unreadable
    (exit 3). validate verifies and replays in one pass (issue 10); a replay
    of the rows verify refused would have turned its finding into exit 3."""

    def test_a_payload_that_is_not_json(self):
        db = self.p / "ledger.db"
        con = sqlite3.connect(str(db), isolation_level=None)
        trigger = con.execute("SELECT sql FROM sqlite_master WHERE name = 'events_no_update'").fetchone()[0]
        con.execute("DROP TRIGGER events_no_update")
        h = con.execute("SELECT hash FROM events WHERE seq = 1").fetchone()[0]
        con.execute("UPDATE events SET payload = '{\"broken' WHERE seq = 1")
        con.execute(trigger)
        con.close()
        r = self.cli("validate")
        self.assertEqual((r.code, r.out),
                         (1, f"ledger.db: error: event {h[:10]}: its payload is not a JSON object [ledger-verify]\n"
                             "1 error, 0 warnings\n"), r)
        r = self.cli("report")
        self.assertEqual(r.code, 3, r)
        self.assertIn(f"event {h[:10]}: its payload is not valid JSON", r.err)


class SymlinkTest(ProjectTest):
    """Item 3: no link below the project root is followed."""

    def test_a_linked_stakeholder_file_is_not_echoed_into_ci_logs(self):
        secret = self.tmp / "secret.txt"
        secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
        os.symlink(secret, self.p / "stakeholders" / "x.yaml")
        r = self.cli("validate", "--format", "github")
        self.assertEqual(r.code, 3, r)
        self.assertEqual(r.out, f"::error file=stakeholders/x.yaml,title=unreadable::{LINK}\n")
        self.assertNotIn("root:", r.out + r.err)

    def test_a_link_to_another_yaml_file_does_not_echo_its_values(self):
        other = self.tmp / "other.yaml"
        other.write_text("id: x\nkind: organization\nname: SECRET VALUE\nsector: public\n")
        os.symlink(other, self.p / "stakeholders" / "x.yaml")
        r = self.cli("stakeholders", "--format", "json")
        self.assertEqual(r.code, 3, r)
        self.assertNotIn("SECRET", r.out + r.err)

    def test_a_symlinked_stakeholders_folder_is_refused_and_reported(self):
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        for f in (self.p / "stakeholders").glob("*"):
            f.unlink()
        (self.p / "stakeholders").rmdir()
        os.symlink(elsewhere, self.p / "stakeholders")
        r = self.cli("add-stakeholder", "Comune di Roma", "--sector", "public")
        self.assertEqual(r.code, 3, r)
        self.assertEqual(list(elsewhere.iterdir()), [])
        self.assertEqual(len(self.ok("log", cwd=self.p).out.splitlines()), 1)  # nothing recorded either
        r = self.cli("validate")
        self.assertEqual((r.code, r.out), (3, f"stakeholders: error: {LINK} [unreadable]\n1 error, 0 warnings\n"))

    def test_a_symlinked_manifest_is_refused(self):
        (self.p / "interlink.yaml").rename(self.tmp / "plan.yaml")
        os.symlink(self.tmp / "plan.yaml", self.p / "interlink.yaml")
        for args in (["validate"], ["add-stakeholder", "Comune di Roma", "--sector", "public"]):
            r = self.cli(*args)
            self.assertEqual(r.code, 3, r)
            self.assertIn(f"interlink.yaml: error: {LINK}" if args == ["validate"] else f"interlink.yaml: {LINK}",
                          r.out + r.err)

    def test_a_stakeholders_file_in_place_of_the_folder_is_refused_before_the_ledger_commit(self):
        # Item 15's sibling: check the layout before recording an event.
        for f in (self.p / "stakeholders").glob("*"):
            f.unlink()
        (self.p / "stakeholders").rmdir()
        (self.p / "stakeholders").write_text("not a folder\n")
        r = self.cli("add-stakeholder", "Comune di Roma", "--sector", "public")
        self.assertEqual((r.code, r.err), (3, "interlink: error: stakeholders: is not a folder\nhint: interlink "
                                              "keeps this path as a folder; move the file away\n"))
        self.assertEqual(len(self.ok("log", cwd=self.p).out.splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
