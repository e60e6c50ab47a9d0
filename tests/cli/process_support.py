"""Shared set-up of the process tests: a project with the small plan of
data/process/interlink.yaml, whose gates hold every kind of condition, and
helpers to move it along through the real binary."""
import json
import shutil

from helpers import SOURCE, ProjectTest

PLAN = SOURCE / "tests" / "cli" / "data" / "process" / "interlink.yaml"


class ProcessTest(ProjectTest):
    def setUp(self):
        super().setUp()
        shutil.copy(PLAN, self.p / "interlink.yaml")
        # init made project 'p'; the plan above has the same id.

    def ok(self, *args, cwd=None, **kw):
        """As ScratchTest.ok, run inside the project."""
        return super().ok(*args, cwd=cwd or getattr(self, "p", None), **kw)

    def add(self, name, sector, role="contributor", **kw):
        args = ["add-stakeholder", name, "--sector", sector, "--role", role, "-q"]
        for k, v in kw.items():
            args += [f"--{k.replace('_', '-')}", v]
        self.ok(*args, cwd=self.p)

    def event_kinds(self):
        return [json.loads(line)["kind"] for line in self.ok("log", "--format", "json", cwd=self.p).out.splitlines()]

    def feedback_ids(self):
        return [f["id"] for f in json.loads(self.ok("feedback", "list", "--format", "json", cwd=self.p).out)["feedback"]]

    def finish_one(self):
        """Phase one done with its exit gate met: both tasks, a decision, two feedback items."""
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one", cwd=self.p)
        self.ok("task", "done", "t1", cwd=self.p)
        self.ok("task", "done", "t2", cwd=self.p)
        self.ok("feedback", "add", "first", "--from", "org-a", cwd=self.p)
        self.ok("feedback", "add", "second", "--from", "org-a", cwd=self.p)
        self.ok("decide", "Go on", "--for", "1", "--against", "0", cwd=self.p)
        self.ok("run-phase", "one", "--complete", cwd=self.p)
