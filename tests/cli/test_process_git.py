"""Two clones record tasks, feedback and decisions on two branches; git
merges their ledgers with interlink's driver without a conflict, and the
state is the same whichever side merged into which. Conflicting transitions
are kept deterministically and reported by validate."""
import json
import shutil
import unittest

from process_support import ProcessTest


class MergeTest(ProcessTest):
    def setUp(self):
        super().setUp()
        self.git("init", "-q", "-b", "main", cwd=self.p)
        self.ok("git-setup")
        self.add("Org A", "public", "coordinator")
        self.add("Org B", "public", "co-producer")
        self.ok("run-phase", "one")
        self.git("add", "-A", cwd=self.p)
        self.git("commit", "-qm", "start", cwd=self.p)

    def clone(self, name):
        dest = self.tmp / name
        self.git("clone", "-q", str(self.p), str(dest), cwd=self.tmp)
        self.ok("git-setup", cwd=dest)
        return dest

    def status(self, where):
        return json.loads(self.ok("status", "--format", "json", "--today", "2026-01-10", cwd=where).out)

    def merged(self, into, other_branch):
        self.git("fetch", "-q", "origin", cwd=into)
        self.git("merge", "-q", "--no-edit", f"origin/{other_branch}", cwd=into)
        self.assertEqual(self.ok("verify", cwd=into).code, 0)
        return into

    def test_two_branches_merge_the_same_either_way(self):
        a = self.clone("a")
        self.git("checkout", "-q", "-b", "side-a", cwd=a)
        self.ok("task", "done", "t1", cwd=a)
        self.ok("feedback", "add", "from branch a", "--from", "org-a", cwd=a)
        self.git("commit", "-qam", "a", cwd=a)
        b = self.clone("b")
        self.git("checkout", "-q", "-b", "side-b", cwd=b)
        self.ok("feedback", "add", "from branch b", "--from", "org-b", cwd=b)
        self.ok("decide", "Go on", "--for", "2", "--against", "0", cwd=b)
        self.git("commit", "-qam", "b", cwd=b)
        self.git("push", "-q", "origin", "side-a", cwd=a)
        self.git("push", "-q", "origin", "side-b", cwd=b)
        ab = self.merged(a, "side-b")
        ba = self.merged(b, "side-a")
        sa, sb = self.status(ab), self.status(ba)
        self.assertEqual(sa, sb)
        self.assertEqual(sa["feedback"]["total"], 2)
        one = sa["phases"][0]
        self.assertEqual((one["progress"]["done"], one["progress"]["total"]), (1, 2))
        for where in (ab, ba):
            self.assertEqual(self.ok("trace", "--format", "json", cwd=where).out,
                             self.ok("trace", "--format", "json", cwd=ab).out)
            self.assertEqual(self.run_cli("validate", cwd=where).code, 0)

    def test_conflicting_transitions_resolve_the_same_and_are_reported(self):
        a = self.clone("a")
        self.git("checkout", "-q", "-b", "side-a", cwd=a)
        self.ok("task", "done", "t1", cwd=a)
        self.git("commit", "-qam", "a", cwd=a)
        b = self.clone("b")
        self.git("checkout", "-q", "-b", "side-b", cwd=b)
        env = dict(self.env, SOURCE_DATE_EPOCH="1767225700")
        self.run_cli("task", "skip", "t1", "--reason", "not needed", cwd=b, env=env)
        self.git("commit", "-qam", "b", cwd=b)
        self.git("push", "-q", "origin", "side-a", cwd=a)
        self.git("push", "-q", "origin", "side-b", cwd=b)
        ab = self.merged(a, "side-b")
        ba = self.merged(b, "side-a")
        rows = [json.loads(self.ok("tasks", "--format", "json", cwd=w).out)["tasks"][0] for w in (ab, ba)]
        self.assertEqual([r["status"] for r in rows], ["skipped", "skipped"], "the later transition wins")
        for where in (ab, ba):
            r = self.run_cli("validate", "--format", "json", cwd=where)
            found = [(f["rule"], f["severity"]) for f in json.loads(r.out)["findings"]]
            self.assertEqual(found, [("conflicting-transition", "warning")])
            msg = json.loads(r.out)["findings"][0]["message"]
            self.assertTrue(msg.startswith("'t1' was moved on two branches that did not see each other: task.done by "
                                           "event "), msg)


if __name__ == "__main__":
    unittest.main()
