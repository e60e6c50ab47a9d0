"""forget and git history (SPEC §6): a person's bands and tags committed
before live on in git history; forget says so, and `forget --history`
prints (never runs) git-filter-repo commands which, once run, leave no byte
of the person's bands or tags in any object reachable from any ref, while
the other persons' bands, the ledger and the plan stay as they were."""
import json
import os
import subprocess
import unittest

from helpers import ScratchTest, snapshot

# Distinctive values, so that a match can only be a leak.
BANDS = {"age_band": "band-age-7391", "gender": "band-gender-zeta", "area": "band-area-quintessa"}
TAG = "tag-marmalade"
OTHER = {"age_band": "band-age-other", "gender": "band-gender-other", "area": "band-area-other"}


class ForgetHistoryTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.repo = self.tmp / "repo"
        self.repo.mkdir()
        self.git("init", "-q", "-b", "main", cwd=self.repo)
        self.ok("init", "plan", cwd=self.repo)
        self.p = self.repo / "plan"
        self.pid = self.add_person("Ottavia", BANDS, TAG)
        self.other = self.add_person("Bartholomew", OTHER, "tag-other")
        self.commit("two persons")
        r = self.run_cli("stakeholder", "update", self.pid, "--area", "band-area-second", cwd=self.p)
        self.assertEqual(r.code, 0, r)
        self.commit("a second version of the file")
        self.git("tag", "v1", cwd=self.repo)
        self.git("checkout", "-q", "-b", "side", cwd=self.repo)
        (self.repo / "notes.txt").write_text("a commit on another branch\n")
        self.commit("side branch")
        self.git("checkout", "-q", "main", cwd=self.repo)

    def add_person(self, name, bands, tag):
        args = ["add-stakeholder", name, "--kind", "person", "--sector", "citizen", "--consent", "given",
                "--tag", tag]
        for band, value in bands.items():
            args += ["--" + band.replace("_", "-"), value]
        self.ok(*args, cwd=self.p)
        people = json.loads(self.run_cli("stakeholders", "--format", "json", "--with-names", cwd=self.p).out)
        return next(s["id"] for s in people["stakeholders"] if s.get("name") == name)

    def commit(self, message):
        self.git("add", "-A", cwd=self.repo)
        self.git("commit", "-q", "-m", message, cwd=self.repo)

    def reachable_bytes(self):
        """The content of every object reachable from any ref, concatenated."""
        objs = self.git("rev-list", "--objects", "--all", cwd=self.repo).stdout.split("\n")
        ids = "\n".join(line.split(" ")[0] for line in objs if line) + "\n"
        return subprocess.run(["git", "cat-file", "--batch"], cwd=self.repo, env=self.env, input=ids.encode(),
                              capture_output=True, check=True).stdout

    def secrets(self):
        return [*BANDS.values(), "band-area-second", TAG]

    def test_forget_says_history_holds_the_bands(self):
        r = self.run_cli("forget", self.pid, cwd=self.p)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.err, f"interlink: warning: earlier versions of stakeholders/{self.pid}.yaml committed "
                                "to git still hold what was erased; commit this change, then run "
                                f"'interlink forget {self.pid} --history' for the commands that rewrite the history\n")

    def test_history_refuses_before_forget_and_before_the_commit(self):
        r = self.run_cli("forget", self.pid, "--history", cwd=self.p)
        self.assertEqual(r.code, 1, r)
        self.assertIn(f"plan/stakeholders/{self.pid}.yaml still holds {self.pid}'s bands or tags", r.err)
        self.ok("forget", self.pid, cwd=self.p)
        before = snapshot(self.repo)
        r = self.run_cli("forget", self.pid, "--history", cwd=self.p)
        self.assertEqual(r.code, 1, r)
        self.assertIn("the work tree has changes that are not committed", r.err)
        self.assertEqual(snapshot(self.repo), before)

    def test_the_printed_commands_leave_no_byte_of_the_bands_in_any_reachable_object(self):
        self.ok("forget", self.pid, cwd=self.p)
        self.commit("forget a person")
        history = self.reachable_bytes()
        for s in self.secrets():
            self.assertIn(s.encode(), history, s)  # else the test proves nothing
        # A tracked file whose time changed but not its bytes: git status
        # would refresh the index and write .git/index, unless told not to.
        os.utime(self.p / "interlink.yaml", (1700000000, 1700000000))
        before = snapshot(self.repo)
        r = self.run_cli("forget", self.pid, "--history", cwd=self.p)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(snapshot(self.repo), before)  # printing only, .git included
        lines = r.out.splitlines()
        self.assertEqual(lines[0], f"# Rewrites git history so that no commit holds what forget erased of {self.pid}: "
                                   "the 2 earlier")
        commands = [line for line in lines if not line.startswith("#")]
        self.assertEqual(len(commands), 2)
        self.assertTrue(commands[1].startswith("git filter-repo --force --blob-callback "), commands)
        run = subprocess.run(["sh", "-ec", "\n".join(commands)], cwd=self.tmp, env=self.env,
                             capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        history = self.reachable_bytes()
        for s in self.secrets():
            with self.subTest(secret=s):
                self.assertNotIn(s.encode(), history)
        for s in [*OTHER.values(), "tag-other"]:
            self.assertIn(s.encode(), history, s)  # the other person is untouched
        # Every branch and tag was rewritten; the project is whole and clean.
        for ref in ("main", "side", "v1"):
            self.git("cat-file", "-e", f"{ref}:plan/stakeholders/{self.pid}.yaml", cwd=self.repo)
        self.assertEqual(self.git("status", "--porcelain", cwd=self.repo).stdout, "")
        self.ok("verify", "--since-rev", self.git("rev-list", "--max-parents=0", "HEAD", cwd=self.repo).stdout.strip(),
                cwd=self.p)
        self.ok("validate", cwd=self.p)
        again = self.run_cli("forget", self.pid, "--history", cwd=self.p)
        self.assertEqual(again.out, f"# Nothing to rewrite: no commit holds a version of plan/stakeholders/"
                                    f"{self.pid}.yaml other than today's.\n")

    def test_outside_git_there_is_no_history(self):
        self.ok("init", "alone", cwd=self.tmp)
        r = self.run_cli("forget", "x", "--history", cwd=self.tmp / "alone")
        self.assertEqual(r.code, 1, r)
        self.assertIn("not in a git work tree", r.err)


if __name__ == "__main__":
    unittest.main()
