"""run-phase: every gate kind met and unmet with its exact line, refusals
that write nothing, --force with its recorded reason, --reopen iterations,
--check, and --auto on planned dates."""
import json
import shutil
import unittest

from helpers import snapshot
from process_support import ProcessTest


class RunPhaseTest(ProcessTest):
    def test_a_phase_starts_only_after_the_phases_it_requires(self):
        before = snapshot(self.p)
        r = self.cli("run-phase", "two")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "start two: not allowed\n"
                                "  not met  required phase 'one' is pending, not done\n"
                                "  not met  stakeholders: have 0, need 3\n"
                                "  not met  stakeholders of sector 'public': have 0, need 2\n"
                                "  not met  stakeholders with role 'evaluator': have 0, need 1\n"
                                "  met      persons who gave consent: have 0, need all 0\n")
        self.assertEqual(r.err, "interlink: error: phase 'two' cannot start: 4 conditions not met\n"
                                "hint: to go ahead anyway, record the override and why: --force --reason TEXT\n")
        self.assertEqual(snapshot(self.p), before, "a refused transition must write nothing")

    def test_every_entry_condition_at_its_boundary(self):
        self.finish_one()
        # One public stakeholder (org-a) so far: one short of each minimum.
        self.add("Org B", "private", "evaluator")
        self.add("Ada", "citizen", kind="person", consent="pending")
        r = self.cli("run-phase", "two", "--check")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "start two: not allowed\n"
                                "  met      required phase 'one' is done\n"
                                "  met      stakeholders: have 3, need 3\n"
                                "  not met  stakeholders of sector 'public': have 1, need 2\n"
                                "  met      stakeholders with role 'evaluator': have 1, need 1\n"
                                "  not met  persons who gave consent: have 0, need all 1\n")
        self.add("Org C", "public")
        ids = [s["id"] for s in
               json.loads(self.cli("stakeholders", "--kind", "person", "--format", "json").out)["stakeholders"]]
        self.ok("stakeholder", "update", ids[0], "--consent", "given", cwd=self.p)
        r = self.cli("run-phase", "two", "--check")
        self.assertEqual((r.code, r.out.splitlines()[0]), (0, "start two: allowed"), r)
        self.assertNotIn("not met", r.out)

    def test_removed_and_erased_stakeholders_do_not_count(self):
        self.finish_one()
        self.add("Org B", "private", "evaluator")
        self.add("Org C", "public")
        self.ok("run-phase", "two", "--check")
        self.ok("stakeholder", "remove", "org-c", "--reason", "left the project", cwd=self.p)
        r = self.cli("run-phase", "two", "--check")
        self.assertEqual(r.code, 1, r)
        self.assertIn("  not met  stakeholders of sector 'public': have 1, need 2\n", r.out)
        self.assertIn("  not met  stakeholders: have 2, need 3\n", r.out)

    def test_exit_gate_counts_tasks_decisions_and_feedback_of_this_iteration(self):
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.ok("task", "done", "t1")
        self.ok("feedback", "add", "only one", "--from", "org-a")
        self.ok("decide", "Rejected idea", "--for", "0", "--against", "1")
        r = self.cli("run-phase", "one", "--complete")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "complete one: not allowed\n"
                                "  not met  required tasks done: have 1, need 2\n"
                                "  not met  approved decisions in iteration 1: have 0, need 1\n"
                                "  not met  feedback items in iteration 1: have 1, need 2\n")
        self.ok("task", "done", "t2")
        self.ok("feedback", "add", "two now", "--from", "org-a")
        self.ok("decide", "Approved idea", "--for", "1", "--against", "0")
        r = self.ok("run-phase", "one", "--complete")
        self.assertEqual(r.out, "completed phase 'one' (iteration 1)\n")

    def test_skipped_tasks_do_not_count_but_optional_ones_never_did(self):
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.ok("task", "done", "t1")
        self.ok("task", "skip", "t2", "--reason", "not needed here")
        r = self.cli("run-phase", "one", "--complete", "--check")
        self.assertIn("  met      required tasks done: have 1, need 1\n", r.out)

    def test_force_records_the_unmet_conditions_and_the_reason(self):
        r = self.cli("run-phase", "two", "--force")
        self.assertEqual((r.code, r.err.splitlines()[0]), (2, "interlink: error: --force needs --reason TEXT: the "
                                                              "override and its reason are recorded"), r)
        r = self.ok("run-phase", "two", "--force", "--reason", "Minister's order")
        self.assertTrue(r.out.startswith("started phase 'two' (iteration 1), overriding 4 unmet conditions:\n"), r)
        events = [json.loads(line) for line in self.ok("log", "-n", "2", "--format", "json").out.splitlines()]
        self.assertEqual([e["kind"] for e in events], ["phase.started", "gate.overridden"])
        self.assertEqual(events[1]["payload"], {
            "transition": "start", "iteration": 1, "reason": "Minister's order",
            "unmet": [{"condition": "requires one", "have": 0, "need": 1},
                      {"condition": "stakeholders", "have": 0, "need": 3},
                      {"condition": "sector public", "have": 0, "need": 2},
                      {"condition": "role evaluator", "have": 0, "need": 1}]})
        self.assertEqual(events[0]["parents"], [events[1]["hash"]])

    def test_impossible_transitions_cannot_be_forced(self):
        r = self.cli("run-phase", "one", "--complete", "--force", "--reason", "x")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err, "interlink: error: phase 'one' is pending, not active: only an active phase can be "
                                "completed\n")
        r = self.cli("run-phase", "onw")
        self.assertEqual((r.code, r.err.splitlines()[0]), (1, "interlink: error: unknown phase 'onw' (did you mean "
                                                              "'one'?)"), r)

    def test_reopen_starts_a_new_iteration_that_counts_afresh(self):
        self.finish_one()
        r = self.ok("run-phase", "one", "--reopen")
        self.assertEqual(r.out, "reopened phase 'one' (iteration 2)\n")
        r = self.cli("run-phase", "one", "--complete", "--check")
        self.assertEqual(r.out, "complete one: not allowed\n"
                                "  not met  required tasks done: have 0, need 2\n"
                                "  not met  approved decisions in iteration 2: have 0, need 1\n"
                                "  not met  feedback items in iteration 2: have 0, need 2\n")
        status = json.loads(self.ok("status", "--format", "json").out)
        self.assertEqual([(p["id"], p["status"], p["iteration"]) for p in status["phases"]],
                         [("one", "active", 2), ("two", "pending", 0)])
        self.assertEqual(self.cli("run-phase", "one", "--reopen").code, 1)

    def test_feedback_and_decisions_for_a_done_phase_count_toward_its_reopening(self):
        # Phase one with an entry gate that asks for feedback and a decision.
        plan = self.p / "interlink.yaml"
        exit_line = "    exit: {tasks: required, decisions: 1, feedback: 2}\n"
        plan.write_text(plan.read_text().replace(exit_line, "    entry: {decisions: 1, feedback: 1}\n" + exit_line))
        self.add("Org A", "public", "coordinator")
        # Before the first start they count toward iteration 1.
        self.ok("feedback", "add", "before we start", "--from", "org-a", "--phase", "one")
        self.ok("decide", "Start phase one", "--phase", "one", "--for", "1", "--against", "0")
        self.assertEqual(self.ok("run-phase", "one").out, "started phase 'one' (iteration 1)\n")
        self.ok("task", "done", "t1")
        self.ok("task", "done", "t2")
        self.ok("feedback", "add", "during iteration 1", "--from", "org-a")
        self.ok("run-phase", "one", "--complete")
        # Done in iteration 1: what is recorded now counts toward iteration 2,
        # the one a reopening starts, not toward the finished iteration 1.
        r = self.cli("run-phase", "one", "--reopen")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "reopen one: not allowed\n"
                                "  not met  approved decisions in iteration 2: have 0, need 1\n"
                                "  not met  feedback items in iteration 2: have 0, need 1\n")
        self.ok("feedback", "add", "please look again", "--from", "org-a", "--phase", "one")
        r = self.ok("decide", "Reopen phase one", "--phase", "one", "--for", "1", "--against", "0")
        self.assertEqual(self.ok("run-phase", "one", "--reopen").out, "reopened phase 'one' (iteration 2)\n")
        items = json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"]
        self.assertEqual([(f["text"], f["iteration"]) for f in items],
                         [("before we start", 1), ("during iteration 1", 1), ("please look again", 2)])
        decisions = json.loads(self.ok("decisions", "--format", "json").out)["decisions"]
        self.assertEqual([(d["title"], d["iteration"]) for d in decisions],
                         [("Start phase one", 1), ("Reopen phase one", 2)])
        # While the phase is active they count in its current iteration, for
        # its exit gate too.
        self.ok("feedback", "add", "during iteration 2", "--from", "org-a")
        r = self.cli("run-phase", "one", "--complete", "--check")
        self.assertEqual(r.out, "complete one: not allowed\n"
                                "  not met  required tasks done: have 0, need 2\n"
                                "  met      approved decisions in iteration 2: have 1, need 1\n"
                                "  met      feedback items in iteration 2: have 2, need 2\n")

    def test_check_writes_nothing_and_exits_by_the_verdict(self):
        before = snapshot(self.p)
        self.assertEqual(self.cli("run-phase", "one", "--check").code, 0)
        self.assertEqual(self.cli("run-phase", "two", "--check").code, 1)
        self.assertEqual(snapshot(self.p), before)

    def test_check_in_json_answers_an_impossible_transition_too(self):
        # A script reads .allowed: an impossible transition printed nothing
        # on standard output, and jq failed on it.
        r = self.cli("run-phase", "one", "--complete", "--check", "--format", "json")
        self.assertEqual((r.code, r.err), (1, ""), r)
        j = json.loads(r.out)
        self.assertEqual((j["allowed"], j["recorded"], j["impossible"]),
                         (False, False, "phase 'one' is pending, not active: only an active phase can be completed"))
        # In text, and without --check, it is refused as before.
        r = self.cli("run-phase", "one", "--complete", "--check")
        self.assertEqual((r.code, r.out, r.err), (1, "", "interlink: error: phase 'one' is pending, not active: only "
                                                         "an active phase can be completed\n"))


class AutoTest(ProcessTest):
    def test_auto_follows_the_planned_dates_and_is_idempotent(self):
        before = snapshot(self.p)
        r = self.ok("run-phase", "--auto", "--today", "2026-01-04")
        self.assertEqual(r.out, "nothing is due on 2026-01-04\n")
        self.assertEqual(snapshot(self.p), before)
        r = self.ok("run-phase", "--auto", "--today", "2026-01-05")
        self.assertEqual(r.out, "started one (due 2026-01-05)\n")
        r = self.ok("run-phase", "--auto", "--today", "2026-01-05")
        self.assertEqual(r.out, "nothing is due on 2026-01-05\n")
        # On its planned end day a phase is not yet due to complete.
        self.assertEqual(self.ok("run-phase", "--auto", "--today", "2026-01-20").out, "nothing is due on 2026-01-20\n")
        # The end date has passed but the exit gate does not hold: blocked,
        # exit 1, on the day the completion became due (the day after the
        # end date: man interlink-run-phase.1), never the end date itself.
        r = self.cli("run-phase", "--auto", "--today", "2026-01-21")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "blocked: complete one (due 2026-01-21)\n"
                                "  not met  required tasks done: have 0, need 2\n"
                                "  not met  approved decisions in iteration 1: have 0, need 1\n"
                                "  not met  feedback items in iteration 1: have 0, need 2\n"
                                "blocked: start two (due 2026-01-21)\n"
                                "  not met  required phase 'one' is active, not done\n"
                                "  not met  stakeholders: have 0, need 3\n"
                                "  not met  stakeholders of sector 'public': have 0, need 2\n"
                                "  not met  stakeholders with role 'evaluator': have 0, need 1\n"
                                "  met      persons who gave consent: have 0, need all 0\n")
        self.assertEqual(self.event_kinds().count("phase.completed"), 0)
        steps = json.loads(self.cli("run-phase", "--auto", "--today", "2026-01-21", "--format", "json").out)["steps"]
        self.assertEqual([(x["phase"], x["transition"], x["due"]) for x in steps],
                         [("one", "complete", "2026-01-21"), ("two", "start", "2026-01-21")])

    def one_ready_to_complete(self):
        """Phase one started, with what its exit gate asks: tasks done, feedback, a decision."""
        self.add("Org A", "public", "coordinator")
        self.add("Org B", "public", "evaluator")
        self.add("Org C", "private")
        self.ok("run-phase", "one")
        for t in ("t1", "t2"):
            self.ok("task", "done", t)
        self.ok("feedback", "add", "a", "--from", "org-a")
        self.ok("feedback", "add", "b", "--from", "org-b")
        self.ok("decide", "Go", "--for", "1", "--against", "0")

    def test_auto_completes_then_starts_what_the_completion_allows_in_one_commit(self):
        self.one_ready_to_complete()
        r = self.ok("run-phase", "--auto", "--today", "2026-01-22", "--format", "json")
        out = json.loads(r.out)
        self.assertEqual([(s["phase"], s["transition"], s["made"]) for s in out["steps"]],
                         [("one", "complete", True), ("two", "start", True)])
        events = [json.loads(line) for line in self.ok("log", "-n", "2", "--format", "json").out.splitlines()]
        self.assertEqual([(e["kind"], e["subject"]) for e in events],
                         [("phase.started", "two"), ("phase.completed", "one")])
        self.assertEqual(self.ok("run-phase", "--auto", "--today", "2026-01-22").out, "nothing is due on 2026-01-22\n")

    def test_a_phase_completed_on_the_day_it_was_due_is_not_late(self):
        # --auto completes phase one (end 2026-01-20) on 2026-01-21 at the
        # earliest: status must not call that late, and does call a
        # completion a day later late.
        self.one_ready_to_complete()
        late = self.tmp / "late"
        shutil.copytree(self.p, late)
        on_time = dict(self.env, SOURCE_DATE_EPOCH="1768975200")  # 2026-01-21T06:00:00Z
        r = self.ok("run-phase", "--auto", "--today", "2026-01-21", env=on_time)
        self.assertEqual(r.out, "completed one (due 2026-01-21)\nstarted two (due 2026-01-21)\n")
        a_day_late = dict(self.env, SOURCE_DATE_EPOCH="1769061600")  # 2026-01-22T06:00:00Z
        self.ok("run-phase", "--auto", "--today", "2026-01-22", cwd=late, env=a_day_late)
        for folder, end, want in ((self.p, "2026-01-21", ""),
                                  (late, "2026-01-22", "completed after its planned end 2026-01-20")):
            status = json.loads(self.ok("status", "--today", "2026-01-25", "--format", "json", cwd=folder).out)
            one = status["phases"][0]
            self.assertEqual((one["actual"]["end"], one["late"]), (end, want))


if __name__ == "__main__":
    unittest.main()
