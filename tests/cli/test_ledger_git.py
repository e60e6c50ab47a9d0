"""The ledger in real git (SPEC §5): git-setup registers the drivers; two
branches each append events; `git merge` succeeds without a conflict; the
result verifies and holds both sides' events; the next event joins both heads;
`git diff` and `git log -p` show readable event lines; ledgers of two
different projects are not merged."""
import json
import shutil
import subprocess
import unittest

from helpers import BIN, ScratchTest
from ledger_recipe import add_stakeholder, check_ledger, make_project, rows


class LedgerGitTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.repo = self.tmp / "repo"
        self.repo.mkdir()
        self.git("init", "-q", "-b", "main", cwd=self.repo)
        self.git("config", "user.name", "Tester", cwd=self.repo)
        self.git("config", "user.email", "tester@example.org", cwd=self.repo)
        self.p = make_project(self, ".", cwd=self.repo)
        self.db = self.repo / "ledger.db"

    def config(self, key):
        return self.git("config", "--local", "--get", key, cwd=self.repo).stdout.strip()

    def commit_all(self, message):
        self.git("add", "-A", cwd=self.repo)
        self.git("commit", "-q", "-m", message, cwd=self.repo)

    def test_git_setup_registers_the_drivers(self):
        r = self.ok("git-setup", cwd=self.repo)
        self.assertIn("registered", r.out)
        self.assertEqual(self.config("diff.interlink-ledger.textconv"), f"{BIN} ledger dump")
        self.assertEqual(self.config("diff.interlink-ledger.cachetextconv"), "true")
        self.assertEqual(self.config("merge.interlink-ledger.driver"), f"{BIN} ledger merge %O %A %B")
        self.assertTrue(self.config("merge.interlink-ledger.name"))
        self.assertIn("ledger.db diff=interlink-ledger merge=interlink-ledger", (self.repo / ".gitattributes").read_text())

    def test_a_clone_without_the_merge_driver_is_told_when_it_records(self):
        # A colleague's clone: .gitattributes routes ledger.db to the driver,
        # which only 'git-setup' defines in the clone's own config.
        clone = self.tmp / "clone"
        self.commit_all("start")
        self.git("clone", "-q", str(self.repo), str(clone), cwd=self.tmp)
        reminder = ("interlink: warning: this clone has no merge driver for ledger.db: run 'interlink git-setup' "
                    "once, or git's next merge of ledger.db will conflict (and keeping one side drops the other's "
                    "events)\n")
        r = self.ok("add-stakeholder", "Org C", "--sector", "public", cwd=clone)
        self.assertEqual(r.err, reminder)
        # A dry run records nothing, so it is not told (nor are the other dry runs that ask who acts).
        self.ok("-q", "add-stakeholder", "Maria Rossi", "--kind", "person", "--sector", "citizen", "--consent",
                "given", "--id", "p-7", cwd=clone)
        for args in (["add-stakeholder", "Org D", "--sector", "public", "--dry-run"],
                     ["stakeholder", "update", "org-c", "--sector", "private", "--dry-run"],
                     ["stakeholder", "remove", "org-c", "--reason", "r", "--dry-run"], ["forget", "p-7", "--dry-run"]):
            self.assertEqual(self.ok(*args, cwd=clone).err, "", args)
        # Reading and checking commands say nothing (a CI job never merges).
        for args in (["status"], ["validate"], ["log", "-n", "1"]):
            self.assertNotIn("merge driver", self.run_cli(*args, cwd=clone).err, args)
        self.ok("git-setup", cwd=clone)
        self.assertEqual(self.ok("add-stakeholder", "Org E", "--sector", "public", cwd=clone).err, "")
        # The repository where init registered it never hears of it.
        self.ok("git-setup", cwd=self.repo)
        self.assertEqual(self.ok("add-stakeholder", "Org F", "--sector", "public", cwd=self.repo).err, "")

    def test_a_gitattributes_that_is_a_fifo_does_not_make_a_write_wait(self):
        # A crafted repository: reading it as a file would wait for a writer.
        import os
        (self.repo / ".gitattributes").unlink()
        os.mkfifo(self.repo / ".gitattributes")
        r = self.run_cli("add-stakeholder", "Org F", "--sector", "public", cwd=self.repo, timeout=20)
        self.assertEqual(r.code, 0, r)

    def test_git_setup_outside_a_repository_is_refused(self):
        p = make_project(self, "loose")
        r = self.run_cli("-C", str(p), "git-setup")
        self.assertEqual(r.code, 1, r)
        self.assertIn("not inside a git work tree", r.err)

    def test_two_branches_merge_without_conflict(self):
        self.ok("git-setup", cwd=self.repo)
        self.commit_all("init")
        self.git("checkout", "-q", "-b", "ana", cwd=self.repo)
        self.assertEqual(add_stakeholder(self, self.repo, "Comune di Roma").code, 0)
        self.assertEqual(add_stakeholder(self, self.repo, "Regione Lazio").code, 0)
        self.commit_all("ana's stakeholders")
        self.git("checkout", "-q", "main", cwd=self.repo)
        self.assertEqual(add_stakeholder(self, self.repo, "Università di Bologna").code, 0)
        self.commit_all("main's stakeholder")

        m = subprocess.run(["git", "merge", "--no-edit", "ana"], cwd=self.repo, env=self.env,
                           capture_output=True, text=True)
        self.assertEqual(m.returncode, 0, m.stdout + m.stderr)
        self.assertNotIn("CONFLICT", m.stdout)
        self.assertEqual(self.git("status", "--porcelain", cwd=self.repo).stdout, "")

        problems, heads = check_ledger(self.db)
        self.assertEqual(problems, [])
        self.assertEqual(len(heads), 2, "a fork until the next event")
        v = json.loads(self.ok("-C", str(self.repo), "verify", "--format", "json").out)
        self.assertTrue(v["ok"], v)
        subjects = {r[6] for r in rows(self.db)}
        self.assertTrue({"comune-di-roma", "regione-lazio", "universita-di-bologna"} <= subjects, subjects)
        self.ok("-C", str(self.repo), "validate")

        # The next event joins both heads.
        self.assertEqual(add_stakeholder(self, self.repo, "Comune di Napoli").code, 0)
        newest = json.loads(self.ok("-C", str(self.repo), "log", "-n", "1", "--format", "json").out)
        self.assertEqual(newest["parents"], heads)
        problems, after = check_ledger(self.db)
        self.assertEqual((problems, after), ([], [newest["hash"]]))

        # git diff and git log -p show event lines through the textconv.
        diff = self.git("diff", cwd=self.repo).stdout
        self.assertRegex(diff, r"\n\+[0-9a-f]{12} 2026-01-01T00:00:00Z tester stakeholder\.added comune-di-napoli ")
        self.assertNotIn("Binary files", diff)
        self.commit_all("napoli")
        log = self.git("log", "-p", "-n", "4", "--", "ledger.db", cwd=self.repo).stdout
        for subject in ("comune-di-napoli", "universita-di-bologna"):
            self.assertRegex(log, r"\n\+[0-9a-f]{12} \S+ tester stakeholder\.added " + subject)
        # The old copy from before the merge is a prefix of the new one.
        old = self.tmp / "old.db"
        old.write_bytes(self.git_bytes("show", "HEAD~3:ledger.db"))
        self.ok("-C", str(self.repo), "verify", "--base", str(old))

    def git_bytes(self, *args):
        return subprocess.run(["git", *args], cwd=self.repo, env=self.env, capture_output=True, check=True).stdout

    def test_ledgers_of_different_projects_are_not_merged(self):
        other = make_project(self, "other", project_id="other-project")
        base = self.tmp / "empty"
        base.write_bytes(b"")
        ours = self.tmp / "ours.db"
        shutil.copyfile(self.db, ours)
        before = ours.read_bytes()
        r = self.run_cli("ledger", "merge", str(base), str(ours), str(other / "ledger.db"))
        self.assertEqual(r.code, 1, r)
        self.assertIn("two different projects", r.err)
        self.assertIn("'other-project'", r.err)
        self.assertEqual(ours.read_bytes(), before)

    def test_different_projects_conflict_in_git(self):
        self.ok("git-setup", cwd=self.repo)
        self.commit_all("init")
        self.git("checkout", "-q", "-b", "other", cwd=self.repo)
        other = make_project(self, "elsewhere", project_id="elsewhere")
        shutil.copyfile(other / "ledger.db", self.db)
        self.commit_all("replace the ledger with another project's")
        self.git("checkout", "-q", "main", cwd=self.repo)
        self.assertEqual(add_stakeholder(self, self.repo, "Comune di Roma").code, 0)
        self.commit_all("main")
        m = subprocess.run(["git", "merge", "--no-edit", "other"], cwd=self.repo, env=self.env,
                           capture_output=True, text=True)
        self.assertNotEqual(m.returncode, 0)
        self.assertIn("two different projects", m.stdout + m.stderr)


if __name__ == "__main__":
    unittest.main()
