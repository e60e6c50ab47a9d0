"""The ready-made CI jobs of examples/ci/ run as written: their validate and
verify steps are read from the YAML files and run with bash, as GitHub
Actions and GitLab CI would, in a CI checkout of a fork's merge request
(upstream repository -> fork -> a branch -> a clean clone of upstream that
fetched the branch). A branch that only appended passes; one that rewrote,
dropped or reordered an event fails naming the event."""
import os
import shutil
import subprocess
import unittest
from pathlib import Path

import yaml

from helpers import BIN, SOURCE, ScratchTest
from ledger_recipe import add_stakeholder, drop_last, make_project, rewrite_last, rows, swap_last_two

CI = SOURCE / "examples" / "ci"


def github_steps():
    wf = yaml.safe_load((CI / "github-actions.yml").read_text())
    steps = wf["jobs"]["interlink"]["steps"]
    return {s["id"]: s["run"] for s in steps if s.get("id") in ("validate", "verify")}, wf["env"]


def gitlab_script():
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text())["interlink"]
    return "\n".join(job["script"]), job["variables"]


class CiExamplesTest(ScratchTest):
    def setUp(self):
        super().setUp()
        # upstream: the project on main.
        self.upstream = self.tmp / "upstream"
        self.upstream.mkdir()
        self.git("init", "-q", "-b", "main", cwd=self.upstream)
        p = make_project(self, "plan", cwd=self.upstream)
        for name in ("Comune di Roma", "Regione Lazio"):
            self.assertEqual(add_stakeholder(self, p, name).code, 0)
        self.commit(self.upstream, "plan: first stakeholders")
        self.main_head = self.git("rev-parse", "HEAD", cwd=self.upstream).stdout.strip()
        # the fork, with a branch for the merge request.
        self.fork = self.tmp / "fork"
        self.git("clone", "-q", str(self.upstream), str(self.fork), cwd=self.tmp)
        self.git("checkout", "-q", "-b", "feature", cwd=self.fork)
        self.plan = self.fork / "plan"
        self.db = self.plan / "ledger.db"

    def commit(self, repo, message):
        self.git("add", "-A", cwd=repo)
        self.git("commit", "-q", "-m", message, cwd=repo)

    def checkout_for_ci(self):
        """A CI runner's checkout: upstream cloned, the fork's branch fetched and checked out."""
        self.commit(self.fork, "the change")
        ci = self.tmp / "ci"
        shutil.rmtree(ci, ignore_errors=True)
        self.git("clone", "-q", str(self.upstream), str(ci), cwd=self.tmp)
        self.git("fetch", "-q", str(self.fork), "feature:mr", cwd=ci)
        self.git("checkout", "-q", "mr", cwd=ci)
        return ci

    def run_script(self, script, cwd, env):
        full = dict(self.env, PATH=f"{Path(BIN).parent}{os.pathsep}{os.environ['PATH']}", **env)
        return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=full,
                              capture_output=True, text=True, timeout=300)

    def run_both(self):
        """Runs the GitHub steps and the GitLab script; returns {name: CompletedProcess}."""
        ci = self.checkout_for_ci()
        steps, wf_env = github_steps()
        env = {k: str(v) for k, v in wf_env.items()}
        env.update(INTERLINK_PROJECT="plan", GITHUB_EVENT_NAME="pull_request", GITHUB_BASE_REF="main")
        out = {f"github {k}": self.run_script(v, ci, env) for k, v in steps.items()}
        script, variables = gitlab_script()
        env = {k: str(v) for k, v in variables.items()}
        env.update(INTERLINK_PROJECT="plan", CI_PIPELINE_SOURCE="merge_request_event",
                   CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
        out["gitlab"] = self.run_script(script, ci, env)
        self.assertTrue((ci / "interlink-junit.xml").exists())
        self.assertTrue((ci / "interlink.sarif").exists())
        return out

    def test_a_branch_that_only_appended_passes(self):
        for name in ("ISTAT", "INPS"):
            self.assertEqual(add_stakeholder(self, self.plan, name).code, 0)
        out = self.run_both()
        for name, r in out.items():
            with self.subTest(name):
                self.assertEqual(r.returncode, 0, f"{r.stdout}\n{r.stderr}")
        self.assertEqual(out["github verify"].stdout,
                         f"plan/ledger.db: ok: 5 events, 1 head, root {rows(self.db)[0][1][:10]}, every event of "
                         f"{self.main_head[:12]}:plan/ledger.db present, 1 committed version since {self.main_head[:12]} each "
                         "extend the one before\n")

    def assert_verify_fails(self, expected, validate_code=0):
        out = self.run_both()
        self.assertEqual(out["github validate"].returncode, validate_code, out["github validate"])
        for name in ("github verify", "gitlab"):
            with self.subTest(name):
                r = out[name]
                self.assertEqual(r.returncode, 1, f"{r.stdout}\n{r.stderr}")
                self.assertIn(expected, r.stdout)

    def test_a_rewritten_event_fails_naming_it(self):
        h, _ = rewrite_last(self.db, "mallory")
        self.assert_verify_fails(f"plan/ledger.db: FAILED: event {h[:10]} of the base {self.main_head[:12]}:plan/"
                                 "ledger.db is missing: the ledger was rewritten, not extended\n")

    def test_a_dropped_event_fails_naming_it(self):
        h = drop_last(self.db)
        self.assertEqual(add_stakeholder(self, self.plan, "ISTAT").code, 0)
        self.assert_verify_fails(f"plan/ledger.db: FAILED: event {h[:10]} of the base {self.main_head[:12]}:plan/"
                                 "ledger.db is missing: the ledger was rewritten, not extended\n")

    def test_a_reordered_event_fails_naming_it(self):
        child, parent = swap_last_two(self.db)
        # The working ledger does not verify by itself: validate says so too.
        self.assert_verify_fails(f"plan/ledger.db: FAILED: event {child[:10]}: its parent {parent[:10]} "
                                 "is missing (not earlier in the ledger)\n", validate_code=1)

    def test_a_broken_plan_is_annotated(self):
        (self.plan / "stakeholders" / "council.yaml").write_text(
            "id: council\nkind: organization\nname: City council\nsector: pubic\n")
        out = self.run_both()
        r = out["github validate"]
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("::error file=plan/stakeholders/council.yaml,line=4,col=9,", r.stdout)
        self.assertEqual(out["gitlab"].returncode, 1)
        self.assertEqual(out["github verify"].returncode, 0, out["github verify"])


if __name__ == "__main__":
    unittest.main()
