"""`verify --base REV` and `verify --since-rev REV` in a real git repository:
a branch that only appended passes; one that rewrote, dropped or reordered an
event fails naming the revision and the event; a history rewritten and then
restored is found by --since-rev; reading a revision runs nothing the
repository configures (hooks, filters, textconv, fsmonitor)."""
import subprocess
import unittest

from helpers import ScratchTest
from ledger_recipe import add_stakeholder, drop_last, make_project, rewrite_last, rows, swap_last_two, tamper


def short(h):
    return h[:10]


class VerifyGitTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.repo = self.tmp / "repo"
        self.repo.mkdir()
        self.git("init", "-q", "-b", "main", cwd=self.repo)
        # The project in a subfolder: paths in git are not the project's.
        self.p = make_project(self, "plan", cwd=self.repo)
        self.db = self.p / "ledger.db"
        for name in ("Comune di Roma", "Regione Lazio"):
            self.assertEqual(add_stakeholder(self, self.p, name).code, 0)
        self.commit("plan: first stakeholders")
        self.main_events = rows(self.db)
        self.git("checkout", "-q", "-b", "fork", cwd=self.repo)

    def commit(self, message):
        self.git("add", "-A", cwd=self.repo)
        self.git("commit", "-q", "-m", message, cwd=self.repo)
        return self.git("rev-parse", "HEAD", cwd=self.repo).stdout.strip()

    def verify(self, *args, cwd=None):
        return self.run_cli("verify", *args, cwd=cwd or self.p)

    def test_a_branch_that_only_appended_passes(self):
        self.assertEqual(add_stakeholder(self, self.p, "ISTAT").code, 0)
        self.commit("add ISTAT")
        self.assertEqual(add_stakeholder(self, self.p, "INPS").code, 0)  # and one not yet committed
        r = self.verify("--base", "main", "--since-rev", "main")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out, f"./ledger.db: ok: 5 events, 1 head, root {short(self.main_events[0][1])}, "
                                f"every event of main:plan/ledger.db present, "
                                f"1 committed version since main each extend the one before\n")

    def test_a_rewritten_event_fails_naming_revision_and_event(self):
        old, _ = rewrite_last(self.db, "someone-else")
        self.commit("rewrite")
        self.assertEqual(self.verify().code, 0)  # sound on its own
        r = self.verify("--base", "main")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, f"./ledger.db: FAILED: event {short(old)} of the base main:plan/ledger.db is missing: "
                                "the ledger was rewritten, not extended\n")

    def test_a_dropped_event_fails_naming_revision_and_event(self):
        dropped = drop_last(self.db)
        self.assertEqual(add_stakeholder(self, self.p, "ISTAT").code, 0)
        self.commit("drop one, add one")
        r = self.verify("--base", "main", "--format", "json")
        self.assertEqual(r.code, 1, r)
        self.assertIn(f'"bad_event":"{dropped}"', r.out)
        self.assertIn(f'"problem":"event {short(dropped)} of the base main:plan/ledger.db is missing', r.out)

    def test_a_reordered_event_fails_naming_the_event(self):
        child, parent = swap_last_two(self.db)
        self.commit("reorder")
        r = self.verify("--base", "main")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, f"./ledger.db: FAILED: event {short(child)}: its parent {short(parent)} is missing "
                                "(not earlier in the ledger)\n")

    def test_since_rev_finds_a_rewrite_that_was_restored(self):
        saved = self.db.read_bytes()
        dropped = drop_last(self.db)
        bad = self.commit("drop an event")
        self.db.write_bytes(saved)
        self.assertEqual(add_stakeholder(self, self.p, "ISTAT").code, 0)
        self.commit("put it back")
        self.assertEqual(self.verify("--base", "main").code, 0)  # one comparison misses it
        r = self.verify("--since-rev", "main")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, f'./ledger.db: FAILED: plan/ledger.db at commit {bad[:12]} ("drop an event"): '
                                f"event {short(dropped)} of the base plan/ledger.db at its parent "
                                f"{self.git('rev-parse', 'main', cwd=self.repo).stdout[:12]} is missing: "
                                "the ledger was rewritten, not extended\n")

    def test_since_rev_checks_every_parent_of_a_merge(self):
        self.git("checkout", "-q", "main", cwd=self.repo)
        self.assertEqual(add_stakeholder(self, self.p, "ISTAT").code, 0)
        self.commit("main: ISTAT")
        self.git("checkout", "-q", "fork", cwd=self.repo)
        self.assertEqual(add_stakeholder(self, self.p, "INPS").code, 0)
        self.commit("fork: INPS")
        self.git("merge", "-q", "--no-edit", "main", cwd=self.repo)
        r = self.verify("--since-rev", "main~1", "--base", "main")
        self.assertEqual(r.code, 0, r)
        self.assertIn("3 committed versions since main~1 each extend the one before", r.out)

    def test_since_rev_verifies_the_version_it_starts_from(self):
        """Each version is verified once (verify_git.cpp), as a version or as the base of the
        next: the one --since-rev starts from is a base only, and still verified."""
        self.git("checkout", "-q", "main", cwd=self.repo)
        # A stray head: the events are sound, the heads table is not.
        tamper(self.db, "INSERT INTO heads(hash) SELECT hash FROM events WHERE seq = 1")
        self.commit("main: a stray head")
        # With no commit since: the working file, checked first, is only
        # searched for HEAD's events, and HEAD's version is still verified.
        self.assertEqual(add_stakeholder(self, self.p, "ANCI").code, 0)
        r = self.verify("--since-rev", "main")
        self.assertEqual(r.code, 1, r)
        self.assertTrue(r.out.startswith("./ledger.db: FAILED: the base HEAD:plan/ledger.db does not verify: the heads "
                                         "table names ["), r)
        self.git("checkout", "-q", "--", ".", cwd=self.repo)
        self.git("clean", "-q", "-fd", cwd=self.repo)
        self.git("checkout", "-q", "-B", "fork", cwd=self.repo)
        # A write takes every head as a parent, and leaves one head: sound.
        self.assertEqual(add_stakeholder(self, self.p, "ISTAT").code, 0)
        self.commit("fork: ISTAT")
        self.assertEqual(self.verify().code, 0)
        self.assertEqual(add_stakeholder(self, self.p, "INPS").code, 0)
        self.commit("fork: INPS")
        r = self.verify("--since-rev", "main")
        self.assertEqual(r.code, 1, r)
        main = self.git("rev-parse", "main", cwd=self.repo).stdout[:12]
        self.assertRegex(r.out, r"^\./ledger\.db: FAILED: plan/ledger\.db at commit [0-9a-f]{12} \(\"fork: ISTAT\"\): "
                                rf"the base plan/ledger\.db at its parent {main} does not verify: the heads table "
                                r"names \[")
        # From the sound version after it, the range verifies: the version
        # checked as a base, then as a version, then as the working file's base.
        self.assertEqual(add_stakeholder(self, self.p, "INAIL").code, 0)
        r = self.verify("--since-rev", "fork~1")
        self.assertEqual(r.code, 0, r)
        self.assertIn("1 committed version since fork~1 each extend the one before", r.out)
        # A clean checkout is HEAD's version itself (read in place); one
        # whose last event was rewritten since is not, and fails.
        self.commit("fork: INAIL")
        self.assertEqual(self.verify("--since-rev", "fork~1").code, 0)
        old, _ = rewrite_last(self.db, "someone-else")
        r = self.verify("--since-rev", "fork~1")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, f"./ledger.db: FAILED: event {short(old)} of the base HEAD:plan/ledger.db is missing: "
                                "the ledger was rewritten, not extended\n")

    def test_a_deleted_ledger_fails(self):
        self.git("rm", "-q", "plan/ledger.db", cwd=self.repo)
        bad = self.commit("remove the ledger")
        self.git("checkout", "-q", "main", "--", "plan/ledger.db", cwd=self.repo)
        r = self.verify("--since-rev", "main")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, f'./ledger.db: FAILED: commit {bad[:12]} ("remove the ledger") deleted plan/ledger.db, '
                                f"which its parent {self.git('rev-parse', 'main', cwd=self.repo).stdout[:12]} "
                                "holds\n")

    def test_a_revision_without_the_ledger_has_nothing_to_compare(self):
        tree = subprocess.run(["git", "mktree"], cwd=self.repo, env=self.env, input="", capture_output=True,
                              text=True, check=True).stdout.strip()  # the empty tree
        empty = self.git("commit-tree", tree, "-m", "nothing yet", cwd=self.repo).stdout.strip()
        self.git("tag", "empty", empty, cwd=self.repo)
        r = self.verify("--base", "empty")
        self.assertEqual(r.code, 0, r)
        self.assertTrue(r.out.endswith(", no ledger at empty:plan/ledger.db to compare\n"), r)

    def test_an_unknown_revision_is_a_usage_error(self):
        r = self.verify("--base", "no-such-branch")
        self.assertEqual(r.code, 2, r)
        self.assertIn("interlink: error: 'no-such-branch' names no commit in the git repository of .", r.err)
        r = self.verify("--since-rev", "--upload-pack=touch x")
        self.assertEqual(r.code, 2, r)
        r = self.verify("--since-rev", "-x")
        self.assertEqual(r.code, 2, r)
        self.assertIn("'-x' is not a git revision", r.err)

    def test_a_repository_git_will_not_read_is_named_with_the_way_out(self):
        # As in a CI container whose checkout belongs to another user.
        env = dict(self.env, GIT_TEST_ASSUME_DIFFERENT_OWNER="1")
        r = self.run_cli("verify", "--base", "main", cwd=self.p, env=env)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.err, f"interlink: error: --base main: git cannot read the repository of .: fatal: detected "
                                f"dubious ownership in repository at '{self.repo}'\n"
                                "hint: in a container, the checkout may need: git config --global --add "
                                "safe.directory \"$PWD\"\n")

    def test_outside_git_a_missing_base_is_a_usage_error(self):
        q = make_project(self, "q")
        r = self.verify("--base", "main", cwd=q)
        self.assertEqual(r.code, 2, r)
        self.assertIn("--base main: no such ledger file, and . is not inside a git work tree", r.err)
        # --since-rev takes a revision only: no talk of a ledger file.
        r = self.verify("--since-rev", "main", cwd=q)
        self.assertEqual((r.code, r.err), (2, "interlink: error: --since-rev main: . is not inside a git work tree to "
                                              "read a revision from\nhint: run it inside the repository the ledger is "
                                              "committed in\n"))

    def test_reading_a_revision_runs_nothing_the_repository_configures(self):
        self.assertEqual(add_stakeholder(self, self.p, "ISTAT").code, 0)
        self.commit("add ISTAT")
        marker = self.tmp / "ran"
        hooks = self.tmp / "hooks"
        hooks.mkdir()
        for hook in ("post-checkout", "pre-commit", "reference-transaction", "post-index-change", "fsmonitor"):
            (hooks / hook).write_text(f"#!/bin/sh\necho {hook} >> {marker}\n")
            (hooks / hook).chmod(0o755)
        cmd = f"sh -c 'echo ran >> {marker}; cat'"
        for key, value in (("core.hooksPath", str(hooks)), ("core.fsmonitor", str(hooks / "fsmonitor")),
                           ("filter.evil.smudge", cmd), ("filter.evil.clean", cmd), ("filter.evil.process", cmd),
                           ("diff.evil.textconv", cmd), ("core.pager", cmd)):
            self.git("config", key, value, cwd=self.repo)
        (self.repo / ".gitattributes").write_text("*.db filter=evil diff=evil\n")
        r = self.verify("--base", "main", "--since-rev", "main")
        self.assertEqual(r.code, 0, r)
        self.assertFalse(marker.exists(), marker.read_text() if marker.exists() else "")


if __name__ == "__main__":
    unittest.main()
