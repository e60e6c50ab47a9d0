"""Files that `validate` calls invalid are never acted upon (SPEC §3: a
malformed file is exit 3; a refused command changes nothing).

A loader reads past a value with an error, so that validate can list every
finding, and leaves the value out: a gate's `min: six` would be no minimum
at all, a stakeholder file without `id` a stakeholder all the same. So the
commands that move the process (run-phase in every form, task, decide)
refuse a plan with an error, and the stakeholder files they count when one
has an error, naming the first; feedback add refuses when the file of the
stakeholder it names has one. The commands that show the project go on,
with one warning line, and never count a stakeholder file with an error."""
import json
import re
import shutil
import unittest

from helpers import snapshot
from process_support import ProcessTest

HINT = "hint: the process does not move on a file with errors: 'interlink validate' lists every finding\n"
WARNING_TAIL = "; what is shown may be wrong (run 'interlink validate')\n"


def refusal(where_and_message):
    # The hint gives no count: validate's checks across the plan may find
    # more errors than reading the file does.
    return f"interlink: error: {where_and_message}\n" + HINT


class InvalidFilesTest(ProcessTest):
    def edit_plan(self, old, new):
        plan = self.p / "interlink.yaml"
        text = plan.read_text()
        self.assertEqual(text.count(old), 1, old)
        plan.write_text(text.replace(old, new))

    def assertRefused(self, args, err):
        """Exit 3 with exactly this error, and not a byte written."""
        before = snapshot(self.p)
        r = self.cli(*args)
        self.assertEqual((r.code, r.err), (3, err), r)
        self.assertEqual(r.out, "", r)
        self.assertEqual(snapshot(self.p), before, f"a refused {args} must write nothing")


class InvalidPlanTest(InvalidFilesTest):
    def test_a_gate_value_with_an_error_refuses_every_transition_and_force_does_not_bypass_it(self):
        # Read past its error, `min: six` would be no condition: phase one
        # would start with none of its six stakeholders.
        self.edit_plan("    end: 2026-01-20\n",
                       "    end: 2026-01-20\n    entry: {stakeholders: {min: six, sectors: {citizen: -3}}}\n")
        err = refusal("interlink.yaml:16:33: 'min' must be a whole number, not 'six'")
        for args in (["run-phase", "one"], ["run-phase", "one", "--check"],
                     ["run-phase", "one", "--force", "--reason", "we know"],
                     ["run-phase", "--auto", "--today", "2026-01-06"],
                     ["run-phase", "--auto", "--today", "2026-01-06", "--check"]):
            with self.subTest(args=args):
                self.assertRefused(args, err)
        self.assertEqual(self.event_kinds(), ["project.created"])

    def test_a_requirement_naming_nothing_refuses_the_moves_and_reads_keep_working(self):
        # The loader cannot see it; the task it guards was shown as waiting
        # for "'t0' (pending)", a task that does not exist, and a forced start
        # of phase two went past "requires: [on]".
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.edit_plan("requires: [t1], due", "requires: [t0], due")
        err = refusal("interlink.yaml:22:51: task 't2' requires task 't0', which does not exist "
                      "(did you mean 't1'?)")
        for args in (["task", "start", "t2"], ["task", "done", "t1"], ["task", "done", "t2", "--dry-run"],
                     ["run-phase", "one", "--complete", "--check"],
                     ["decide", "Go", "--for", "1", "--against", "0"]):
            with self.subTest(args=args):
                self.assertRefused(args, err)
        self.edit_plan("requires: [t0], due", "requires: [t1], due")
        self.edit_plan("    requires: [one]\n", "    requires: [on]\n")
        self.assertRefused(["run-phase", "two", "--force", "--reason", "we know"],
                           refusal("interlink.yaml:26:15: phase 'two' requires phase 'on', which does not exist "
                                   "(did you mean 'one'?)"))
        self.assertEqual(self.cli("status").code, 0)
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r)
        self.assertIn("interlink.yaml:26:15: error: phase 'two' requires phase 'on', which does not exist", r.out)

    def test_an_exit_gate_value_with_an_error_refuses_complete_reopen_task_and_decide(self):
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.ok("task", "done", "t1")
        # A typo that would drop "required tasks done" from the exit gate.
        self.edit_plan("exit: {tasks: required, decisions: 1, feedback: 2}", "exit: {tasks: requried}")
        r = self.cli("run-phase", "one", "--complete")
        self.assertEqual(r.code, 3, r)
        first = r.err.splitlines()[0]
        self.assertRegex(first, r"^interlink: error: interlink\.yaml:16:19: .*'requried'")
        err = refusal(first[len("interlink: error: "):])
        self.assertEqual(r.err, err)
        for args in (["run-phase", "one", "--complete"], ["run-phase", "one", "--complete", "--check"],
                     ["task", "done", "t2"], ["task", "start", "t3"], ["task", "reopen", "t1"],
                     ["task", "skip", "t2", "--reason", "r"], ["task", "done", "t2", "--dry-run"],
                     ["decide", "Go", "--for", "1", "--against", "0"],
                     ["decide", "Go", "--for", "1", "--against", "0", "--eligible", "3"],
                     ["decide", "Go", "--for", "1", "--against", "0", "--dry-run"]):
            with self.subTest(args=args):
                self.assertRefused(args, err)
        # Once fixed, the phase completes as the plan says; then a broken plan refuses --reopen.
        self.edit_plan("exit: {tasks: requried}", "exit: {tasks: required}")
        self.ok("task", "done", "t2")
        self.ok("run-phase", "one", "--complete")
        self.edit_plan("    end: 2026-01-20\n", "    end: 2026-01-20\n    entry: {feedback: 4294967296}\n")
        self.assertRefused(["run-phase", "one", "--reopen"],
                           refusal("interlink.yaml:16:23: 'feedback' must be between 0 and 1000000, not 4294967296"))

    def test_an_out_of_range_minimum_refuses(self):
        self.edit_plan("stakeholders: {min: 3,", "stakeholders: {min: 4294967296,")
        self.assertRefused(["run-phase", "one"],
                           refusal("interlink.yaml:29:33: 'min' must be between 0 and 1000000, not 4294967296"))

    def test_warnings_do_not_refuse(self):
        self.edit_plan("language: en\n", "language: en\ncolour: blue\n")
        r = self.ok("run-phase", "one")
        self.assertEqual((r.out, r.err), ("started phase 'one' (iteration 1)\n", ""))

    def test_feedback_is_recorded_whatever_the_plan_s_errors(self):
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.edit_plan("stakeholders: {min: 3,", "stakeholders: {min: three,")
        self.ok("feedback", "add", "heard at the workshop", "--from", "org-a")
        self.assertEqual(self.event_kinds()[0], "feedback.recorded")  # newest first

    def test_commands_that_show_the_project_go_on_with_one_warning(self):
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.ok("feedback", "add", "heard", "--from", "org-a")
        self.edit_plan("stakeholders: {min: 3,", "stakeholders: {min: three,")
        warning = "interlink: warning: 1 error in interlink.yaml" + WARNING_TAIL
        for args in (["status"], ["tasks"], ["report"], ["report", "--format", "json"], ["trace"],
                     ["decisions", "--phase", "one"], ["feedback", "list"], ["stakeholders"],
                     ["stakeholders", "--summary"], ["-q", "status", "--format", "json"]):
            with self.subTest(args=args):
                r = self.cli(*args)
                self.assertEqual((r.code, r.err), (0, warning), r)
                self.assertNotEqual(r.out, "")
        r = self.run_cli("portfolio", "p", "--format", "json")
        self.assertEqual((r.code, r.err), (0, "interlink: warning: p: 1 error in interlink.yaml" + WARNING_TAIL), r)


class InvalidStakeholderTest(InvalidFilesTest):
    def setUp(self):
        super().setUp()
        self.finish_one()  # org-a, public coordinator; phase two needs 3, 2 public, 1 evaluator

    def phantoms(self):
        """Three files that would meet phase two's entry gate, each with an error."""
        (self.p / "stakeholders/s1.yaml").write_text("sector: public\nrole: evaluator\n")  # no id, kind, name
        (self.p / "stakeholders/s2.yaml").write_text("")  # empty
        (self.p / "stakeholders/s3.yaml").write_text(
            "id: s3\nkind: organization\nname: S3\nsector: public\nrole: evaluatr\n")

    def test_files_with_errors_are_not_counted_and_refuse_the_transition(self):
        self.add("Org B", "public", "evaluator")
        self.phantoms()
        err = refusal("stakeholders/s1.yaml:1:1: stakeholder: 'id' is required")
        for args in (["run-phase", "two"], ["run-phase", "two", "--check"],
                     ["run-phase", "two", "--force", "--reason", "we know"],
                     ["run-phase", "--auto", "--today", "2026-01-22"]):
            with self.subTest(args=args):
                self.assertRefused(args, err)
        # Shown, they are left out of every number, which adds up.
        warning = "interlink: warning: 5 errors in 3 stakeholder files (not counted)" + WARNING_TAIL
        r = self.cli("stakeholders", "--summary", "--format", "json")
        self.assertEqual((r.code, r.err), (0, warning), r)
        summary = json.loads(r.out)
        self.assertEqual(summary["total"], 2)
        self.assertEqual(sum(s["count"] for s in summary["sectors"]), 2)
        self.assertEqual(sum(summary["roles"].values()), 2)
        r = self.cli("stakeholders", "--format", "json")
        self.assertEqual([s["id"] for s in json.loads(r.out)["stakeholders"]], ["org-a", "org-b"])
        r = self.cli("status", "--format", "json")
        self.assertEqual((r.code, r.err), (0, warning), r)
        self.assertIn("stakeholders: have 2, need 3", r.out)
        # Fixed, the gate is evaluated on the files as they are.
        (self.p / "stakeholders/s3.yaml").write_text("id: s3\nkind: organization\nname: S3\nsector: public\n")
        for name in ("s1", "s2"):
            (self.p / f"stakeholders/{name}.yaml").unlink()
        r = self.ok("run-phase", "two")
        self.assertEqual((r.out, r.err), ("started phase 'two' (iteration 1)\n", ""))

    def test_one_item_reads_its_sender_s_file_alone(self):
        # `feedback show ID` and `trace ID` read the sender's file only
        # (Handle::stakeholders_named): its sector when it has no error, the
        # ledger's when it has one, and a warning only for the files read.
        fid = self.feedback_ids()[0]

        def shown(*args):
            r = self.cli(*args, "--format", "json")
            self.assertEqual(r.code, 0, r)
            item = json.loads(r.out)
            return (item["trace"][0] if "trace" in item else item)["sector"], r.err

        show, trace = ("feedback", "show", fid), ("trace", fid)
        self.phantoms()  # three other files with errors: not read, not warned of
        for args in (show, trace):
            with self.subTest(args=args):
                self.assertEqual(shown(*args), ("public", ""))
        sender = self.p / "stakeholders/org-a.yaml"
        text = sender.read_text()
        self.assertEqual(text.count("sector: public"), 1, text)
        sender.write_text(text.replace("sector: public", "sector: academia"))  # the file, not the ledger
        for args in (show, trace):
            with self.subTest(args=args, file="academia"):
                self.assertEqual(shown(*args), ("academia", ""))
        sender.write_text(text.replace("sector: public", "sector: publc"))  # an error: the ledger's
        warning = "interlink: warning: 1 error in 1 stakeholder file (not counted)" + WARNING_TAIL
        for args in (show, trace):
            with self.subTest(args=args, file="publc"):
                self.assertEqual(shown(*args), ("public", warning))
        # The list reads every file: the three others are warned of too.
        r = self.cli("feedback", "list", "--format", "json")
        self.assertEqual((r.code, r.err), (0, "interlink: warning: 6 errors in 4 stakeholder files (not counted)"
                                           + WARNING_TAIL), r)

    def test_an_id_that_is_not_the_file_s_name_is_no_voter(self):
        self.ok("run-phase", "one", "--reopen")
        (self.p / "stakeholders/x.yaml").write_text(
            "id: y\nkind: organization\nname: Y\nsector: public\nrole: co-producer\n")
        # One eligible voter (org-a): two votes would count a second one.
        self.assertRefused(["decide", "Two votes", "--for", "2", "--against", "0"],
                           refusal("stakeholders/x.yaml:1:5: stakeholder 'y' must be in the file "
                                   "stakeholders/y.yaml"))
        self.assertRefused(["decide", "Two votes", "--for", "2", "--against", "0", "--dry-run"],
                           refusal("stakeholders/x.yaml:1:5: stakeholder 'y' must be in the file "
                                   "stakeholders/y.yaml"))
        # Told the number of voters, decide reads no stakeholder file.
        r = self.ok("decide", "Two votes", "--for", "2", "--against", "0", "--eligible", "3")
        self.assertIn("approved", r.out)

    def test_a_command_that_reads_no_stakeholder_file_is_not_refused_for_one(self):
        self.ok("run-phase", "one", "--reopen")
        self.phantoms()
        r = self.ok("task", "start", "t1")
        self.assertEqual(r.err, "")
        r = self.ok("feedback", "add", "again", "--from", "org-a")
        self.assertEqual(r.err, "")

    def test_feedback_from_a_stakeholder_whose_file_has_an_error_is_refused(self):
        self.ok("run-phase", "one", "--reopen")
        self.add("Ada", "citizen", kind="person", consent="pending")
        person = next(f for f in (self.p / "stakeholders").iterdir() if f.name.startswith("p-"))
        pid = person.stem
        # Read past its error, `kind: persn` is an organization, which needs no consent.
        text = person.read_text()
        self.assertIn("kind: person\n", text)
        person.write_text(text.replace("kind: person\n", "kind: persn\n"))
        for args in (["feedback", "add", "my words", "--from", pid],
                     ["feedback", "add", "my words", "--from", pid, "--dry-run"]):
            with self.subTest(args=args):
                self.assertRefused(args, refusal(f"stakeholders/{pid}.yaml:1:1: stakeholder: 'name' is required"))
        self.assertNotIn("my words", self.cli("feedback", "list").out)


class BrokenStakeholderFileTest(InvalidFilesTest):
    def test_validate_does_not_call_a_file_it_cannot_parse_missing_nor_its_id_dangling(self):
        v2 = self.copy_example("pspm", self.tmp / "v2")
        (v2 / "stakeholders/agid.yaml").write_text('id: agid\nname: "AgID\n')  # a quote left open
        r = self.run_cli("validate", "--format", "json", cwd=v2)
        self.assertEqual(r.code, 3, r)
        errors = [f for f in json.loads(r.out)["findings"] if f["severity"] == "error"]
        self.assertEqual([(f["rule"], f["file"]) for f in errors], [("unreadable", "stakeholders/agid.yaml")])


if __name__ == "__main__":
    unittest.main()
