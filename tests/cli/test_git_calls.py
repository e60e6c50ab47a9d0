"""interlink asks git only where git can answer (issue 10).

The private store's check ("does git ignore .interlink/private.db?") ran
`git rev-parse` and then `git check-ignore` on every `validate` and every
write of a person: outside a repository that was a process start for
nothing (~2 ms of a 7 ms `validate` on examples/pspm), inside one a second
process. A `git` first on PATH that logs its arguments, then runs the real
one, counts the calls; the answers must stay right, through a link into a
repository too."""
import os
import shutil
import stat
import subprocess
import unittest

from helpers import ScratchTest

NOT_IGNORED = ".interlink/private.db: error: git does not ignore the private store"


class GitCallsTest(ScratchTest):
    def setUp(self):
        super().setUp()
        real = shutil.which("git", path=self.env.get("PATH"))
        if not real:
            self.skipTest("git is not installed")
        self.calls = self.tmp / "git-calls"
        bindir = self.tmp / "bin"
        bindir.mkdir()
        wrapper = bindir / "git"
        wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{self.calls}"\nexec "{real}" "$@"\n')
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        self.env["PATH"] = f"{bindir}{os.pathsep}{self.env.get('PATH', '')}"
        self.p = self.copy_example("pspm", self.tmp / "work" / "pspm")

    def git_calls(self):
        """The subcommands git was run with since the last call (hardening options left out)."""
        if not self.calls.exists():
            return []
        lines = self.calls.read_text().splitlines()
        self.calls.unlink()
        return [next(w for w in line.split() if w in ("check-ignore", "rev-parse", "config", "log", "status",
                                                       "init", "add", "commit")) for line in lines]

    def inside_a_work_tree(self, path):
        r = subprocess.run(["git", "-C", str(path), "rev-parse", "--is-inside-work-tree"], env=self.env,
                           capture_output=True, text=True)
        self.git_calls()
        return r.stdout.strip() == "true"

    def test_outside_a_repository_git_is_not_run(self):
        if self.inside_a_work_tree(self.p):
            self.skipTest("the scratch folder is inside a git work tree")
        self.ok("-C", str(self.p), "-q", "add-stakeholder", "Maria Rossi", "--kind", "person", "--sector",
                "citizen", "--consent", "given", "--email", "m@example.org")
        self.ok("-C", str(self.p), "validate")
        self.assertEqual(self.git_calls(), [])

    def test_inside_a_repository_one_call_answers(self):
        self.git("init", "-q", cwd=self.tmp / "work")
        self.git_calls()
        # A person's contact data: the store is made, and git ignores it.
        self.ok("-C", str(self.p), "-q", "add-stakeholder", "Maria Rossi", "--kind", "person", "--sector",
                "citizen", "--consent", "given", "--email", "m@example.org")
        self.assertEqual(self.git_calls(), ["check-ignore"])
        self.ok("-C", str(self.p), "validate")
        # check-ignore for the store; rev-parse for the paths git would refuse (validate-git-paths).
        self.assertEqual(sorted(self.git_calls()), ["check-ignore", "rev-parse"])
        # The answer is git's: a tracked private store is found.
        self.git("add", "-f", "pspm/.interlink/private.db", cwd=self.tmp / "work")
        self.git_calls()
        r = self.run_cli("-C", str(self.p), "validate")
        self.assertEqual(r.code, 1, r)
        self.assertIn(NOT_IGNORED, r.out)

    def test_a_link_into_a_repository_is_inside_it(self):
        self.git("init", "-q", cwd=self.tmp / "work")
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "link").symlink_to(self.p)
        if self.inside_a_work_tree(elsewhere):
            self.skipTest("the scratch folder is inside a git work tree")
        # -C LINK works as `cd LINK` does, the private store included.
        self.ok("-C", str(elsewhere / "link"), "-q", "add-stakeholder", "Maria Rossi", "--kind", "person",
                "--sector", "citizen", "--consent", "given", "--email", "m@example.org")
        r = self.ok("-C", str(elsewhere / "link"), "stakeholders", "--with-names")
        self.assertIn("m@example.org", r.out)
        self.git("add", "-f", "pspm/.interlink/private.db", cwd=self.tmp / "work")
        r = self.run_cli("validate", cwd=elsewhere / "link")
        self.assertEqual(r.code, 1, r)
        self.assertIn(NOT_IGNORED, r.out)
        r = self.run_cli("-C", str(elsewhere / "link"), "validate")
        self.assertEqual(r.code, 1, r)
        self.assertIn(NOT_IGNORED, r.out)
        # A folder named through a link is taken as `cd` takes it (SQLite
        # refuses a link anywhere on a database's path).
        r = self.ok("verify", "link/ledger.db", cwd=elsewhere)
        self.assertTrue(r.out.startswith("link/ledger.db: ok: "), r.out)
        r = self.ok("portfolio", "link", "--format", "csv", cwd=elsewhere)
        self.assertNotIn("annot be read", r.out)
        self.assertIn("Participatory Strategic Planning Module", r.out)

    def test_git_dir_in_the_environment_is_asked(self):
        repo = self.tmp / "repo"
        subprocess.run(["git", "init", "-q", str(repo)], env=self.env, check=True)
        (self.p / ".interlink").mkdir(exist_ok=True)
        (self.p / ".interlink" / "private.db").write_bytes(b"")
        env = dict(self.env, GIT_DIR=str(repo / ".git"), GIT_WORK_TREE=str(self.tmp / "work"))
        subprocess.run(["git", "add", "-f", "pspm/.interlink/private.db"], cwd=self.tmp / "work", env=env,
                       check=True)
        self.git_calls()
        r = self.run_cli("-C", str(self.p), "validate", env=env)
        self.assertEqual(r.code, 1, r)
        self.assertIn(NOT_IGNORED, r.out)
        self.assertEqual(sorted(self.git_calls()), ["check-ignore", "rev-parse"])


if __name__ == "__main__":
    unittest.main()
