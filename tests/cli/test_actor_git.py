"""Without --actor or INTERLINK_ACTOR, the actor recorded is git's user.name
as `git config user.name` prints it where the command runs — read from git's
files directly (lib/util/git_config), or from git itself where the files use
what that reader does not follow (issue 10)."""
import json
import os
import subprocess

from helpers import ScratchTest


class ActorFromGitTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.env.pop("INTERLINK_ACTOR", None)
        self.p = self.copy_example("pspm")

    def actor_of_last_event(self):
        r = self.ok("-C", str(self.p), "log", "-n", "1", "--format", "json")
        return json.loads(r.out)["actor"]

    def git_says(self):
        return subprocess.run(["git", "config", "user.name"], cwd=self.tmp, env=self.env, capture_output=True,
                              text=True).stdout.strip()

    def add(self, n):
        self.ok("-C", str(self.p), "-q", "add-stakeholder", f"Organisation {n}", "--sector", "public",
                cwd=self.tmp)

    def test_global_then_repository_config(self):
        (self.tmp / ".gitconfig").write_text("[user]\n\temail = g@example.org\n\tname = Global Person\n")
        self.add(1)
        self.assertEqual(self.actor_of_last_event(), "Global Person")
        self.assertEqual(self.git_says(), "Global Person")
        subprocess.run(["git", "init", "-q", str(self.tmp)], env=self.env, check=True)
        subprocess.run(["git", "config", "user.name", "Repo Person"], cwd=self.tmp, env=self.env, check=True)
        self.add(2)
        self.assertEqual(self.actor_of_last_event(), "Repo Person")
        self.assertEqual(self.git_says(), "Repo Person")

    def test_an_include_is_left_to_git(self):
        (self.tmp / "more.gitconfig").write_text("[user]\n\tname = Included Person\n")
        (self.tmp / ".gitconfig").write_text(f"[user]\n\tname = First\n[include]\n\tpath = {self.tmp}/more.gitconfig\n")
        self.add(3)
        self.assertEqual(self.actor_of_last_event(), "Included Person")
        self.assertEqual(self.git_says(), "Included Person")


if __name__ == "__main__":
    import unittest
    unittest.main()
