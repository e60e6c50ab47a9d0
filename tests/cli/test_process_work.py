"""Tasks, feedback, decisions and traceability through the real binary:
the rules of each move, evidence hashed and checked, personal data refused,
every decision rule at its boundaries, "you said, we did"."""
import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import time
import unittest

from helpers import BIN, snapshot
from report_support import append_events
from process_support import ProcessTest


class TaskTest(ProcessTest):
    def setUp(self):
        super().setUp()
        self.add("Org A", "public", "coordinator")

    def test_tasks_move_only_in_an_active_phase_with_their_requirements_done(self):
        r = self.cli("task", "start", "t1")
        self.assertEqual((r.code, r.err), (1, "interlink: error: task 't1' belongs to phase 'one', which is pending: "
                                               "tasks move only while their phase is active\n"))
        self.ok("run-phase", "one")
        r = self.cli("task", "start", "t2")
        self.assertEqual((r.code, r.err), (1, "interlink: error: task 't2' requires 't1' (pending) to be done or "
                                               "skipped first\n"))
        self.assertEqual(self.ok("task", "start", "t1").out, "task 't1' started (phase 'one', iteration 1)\n")
        self.ok("task", "done", "t1")
        r = self.cli("task", "done", "t1")
        self.assertEqual(r.err, "interlink: error: task 't1' is already done; reopen it first with 'interlink task "
                                "reopen t1'\n")
        self.ok("task", "reopen", "t1")
        r = self.cli("task", "skip", "t1")
        self.assertEqual(r.code, 2, r)
        self.ok("task", "skip", "t1", "--reason", "done elsewhere")
        self.ok("task", "start", "t2")
        r = self.cli("task", "done", "t9")
        self.assertEqual(r.err.splitlines()[0], "interlink: error: unknown task 't9' (did you mean 't1'?)")
        rows = json.loads(self.ok("tasks", "--format", "json").out)["tasks"]
        self.assertEqual([(t["id"], t["status"]) for t in rows],
                         [("t1", "skipped"), ("t2", "active"), ("t3", "pending"), ("t4", "pending")])
        # Every row has every key, "" or [] where none applies (a pending task
        # had no "started", one without a note no "note").
        # The keys tasks(1) documents, all of them in every row.
        keys = ("accountable", "addresses", "by", "due", "evidence", "finished", "id", "name", "note", "objective",
                "optional", "overdue", "phase", "reason", "responsible", "started", "status")
        self.assertEqual({tuple(sorted(t)) for t in rows}, {keys})
        self.assertEqual((rows[0]["reason"], rows[2]["started"], rows[2]["evidence"], rows[2]["addresses"]),
                         ("done elsewhere", "", [], []))

    def test_overdue_tasks(self):
        self.ok("run-phase", "one")
        r = self.ok("tasks", "--overdue", "--today", "2026-01-16", "--format", "csv")
        self.assertEqual(r.out, "id,phase,objective,status,due,optional,overdue,responsible,accountable,name\n"
                                "t2,one,o1,pending,2026-01-15,no,yes,,,Second task\n")
        self.assertEqual(self.ok("tasks", "--overdue", "--today", "2026-01-15", "--format", "csv").out.count("\n"), 1)

    def test_evidence_is_hashed_and_checked_by_validate(self):
        self.ok("run-phase", "one")
        (self.p / "evidence").mkdir()
        doc = self.p / "evidence" / "minutes.txt"
        doc.write_text("minutes of the first meeting\n")
        outside = self.tmp / "outside.txt"
        outside.write_text("x")
        before = snapshot(self.p)
        r = self.cli("task", "done", "t1", "--evidence", str(outside))
        self.assertEqual(r.code, 1, r)
        self.assertIn("the file is outside the project folder", r.err)
        r = self.cli("task", "done", "t1", "--evidence", "evidence/nope.pdf")
        self.assertEqual((r.code, r.err.splitlines()[0]), (1, "interlink: error: --evidence evidence/nope.pdf: no such "
                                                              "file"))
        r = self.cli("task", "done", "t1", "--evidence", "https://example.org/minutes of May.pdf")
        self.assertEqual((r.code, r.err), (1, "interlink: error: --evidence: the URL 'https://example.org/minutes of "
                                              "May.pdf' holds a blank\nhint: write each blank in a URL as %20\n"))
        self.assertEqual(snapshot(self.p), before)
        self.ok("task", "done", "t1", "--evidence", "evidence/minutes.txt", "--evidence", "https://example.org/x")
        event = json.loads(self.ok("log", "-n", "1", "--format", "json").out)
        digest = hashlib.sha256(doc.read_bytes()).hexdigest()
        self.assertEqual(event["payload"]["evidence"],
                         [{"path": "evidence/minutes.txt", "size": 29, "sha256": digest},
                          {"url": "https://example.org/x"}])
        self.assertEqual(self.cli("validate").code, 0)
        doc.write_text("minutes, edited afterwards\n")
        r = self.cli("validate", "--format", "json")
        self.assertEqual(r.code, 1, r)
        found = [(f["rule"], f["file"]) for f in json.loads(r.out)["findings"]]
        self.assertEqual(found, [("evidence-changed", "evidence/minutes.txt")])
        doc.unlink()
        found = [(f["rule"], f["file"]) for f in json.loads(self.cli("validate", "--format", "json").out)["findings"]]
        self.assertEqual(found, [("evidence-missing", "evidence/minutes.txt")])


class FeedbackTest(ProcessTest):
    def setUp(self):
        super().setUp()
        self.add("Org A", "public", "coordinator")
        self.add("Ada Lovelace", "citizen", kind="person", consent="given", email="ada@example.org")
        self.add("Bob Brown", "citizen", kind="person", consent="pending")
        people = json.loads(self.cli("stakeholders", "--kind", "person", "--format", "json").out)["stakeholders"]
        self.ada, self.bob = sorted((s["id"] for s in people),
                                    key=lambda i: 0 if json.loads(self.cli("stakeholder", "show", i, "--format",
                                                                             "json").out)["consent"]["status"] == "given"
                                    else 1)

    def test_a_mistyped_stakeholder_gets_the_nearest_id_dry_run_or_not(self):
        # A write reads only the files of the ids named; the suggestion must
        # still come from every current stakeholder.
        self.ok("run-phase", "one")
        for extra in ([], ["--dry-run"]):
            r = self.cli("feedback", "add", "a word", "--from", "org-b", *extra)
            self.assertEqual((r.code, r.err.splitlines()[0]),
                             (1, "interlink: error: unknown stakeholder 'org-b' (did you mean 'org-a'?)"), r)

    def test_a_removed_stakeholders_feedback_keeps_the_sector_last_recorded(self):
        # Removing someone must not rewrite where the voices already heard
        # came from: the file is gone, the ledger still says the sector.
        self.ok("run-phase", "one")
        self.add("Org B", "private")
        self.ok("feedback", "add", "From A", "--from", "org-a")
        self.ok("feedback", "add", "From B", "--from", "org-b")
        self.ok("stakeholder", "update", "org-b", "--sector", "nonprofit")
        self.ok("stakeholder", "remove", "org-a", "--reason", "left the project")
        self.ok("stakeholder", "remove", "org-b", "--reason", "left the project")
        for _ in range(2):  # cold, then from the cache
            rows = json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"]
            self.assertEqual(sorted((r["from"], r["sector"]) for r in rows),
                             [("org-a", "public"), ("org-b", "nonprofit")])
            self.assertIn("(nonprofit 1, public 1)", self.ok("status").out)
            report = json.loads(self.ok("report", "--format", "json").out)
            self.assertEqual(sorted((c["key"], c["count"]) for c in report["participation"]["by_sector"]),
                             [("nonprofit", 1), ("public", 1)])
            self.assertEqual(sorted(t["sector"] for t in report["traceability"]), ["nonprofit", "public"])

    def test_the_phase_defaults_to_the_only_active_one(self):
        r = self.cli("feedback", "add", "too early", "--from", "org-a")
        self.assertEqual((r.code, r.err.splitlines()[0]), (1, "interlink: error: no phase is active, so the "
                                                              "feedback's phase cannot be chosen"), r)
        self.ok("run-phase", "one")
        r = self.ok("feedback", "add", "The form is long", "--from", "org-a", "--type", "concern", "--tag", "forms")
        self.assertRegex(r.out, r"^recorded feedback fb-[0-9a-f]{8} from org-a \(phase 'one', concern\)\n$")
        item = json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"][0]
        self.assertEqual((item["phase"], item["type"], item["tags"], item["sector"], item["open"]),
                         ("one", "concern", ["forms"], "public", True))

    def test_personal_data_and_persons_without_consent_are_refused(self):
        self.ok("run-phase", "one")
        before = snapshot(self.p)
        cases = [
            (["write to ada@example.org"], "the feedback text holds an e-mail address"),
            (["call +39 333 123 4567"], "the feedback text holds a phone number"),
            (["as Ada Lovelace said"], "the feedback text holds the name of a registered person"),
        ]
        for args, msg in cases:
            with self.subTest(args=args):
                r = self.cli("feedback", "add", *args, "--from", "org-a")
                self.assertEqual(r.code, 1, r)
                self.assertTrue(r.err.startswith("interlink: error: " + msg), r.err)
        r = self.cli("feedback", "add", "hello", "--from", self.bob)
        self.assertEqual(r.code, 1, r)
        self.assertIn("whose consent is pending, not given", r.err)
        self.assertIn(f"hint: record their consent first: interlink stakeholder update {self.bob} --consent given",
                      r.err)
        self.assertEqual(snapshot(self.p), before)
        self.ok("feedback", "add", "a fine idea, met on 2026-01-12", "--from", self.ada)

    def test_import_is_all_or_nothing_with_every_bad_row(self):
        self.ok("run-phase", "one")
        bad = self.tmp / "survey.csv"
        bad.write_text("\ufefffrom;text;type\r\norg-a;\"Good, and long\r\nanswer\";praise\r\n"
                       "nobody;hi;idea\r\norg-a;x;complaint\r\norg-a;mail me at a@b.org;idea\r\n", encoding="utf-8")
        before = snapshot(self.p)
        r = self.cli("feedback", "import", str(bad))
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.err, f"interlink: error: {bad}:4: unknown stakeholder 'nobody'\n"
                                f"interlink: error: {bad}:5: 'complaint' is not a feedback type; expected one of: "
                                "requirement, idea, concern, question, praise\n"
                                f"interlink: error: {bad}:6: the feedback text holds an e-mail address; it would "
                                "enter the public record, which can never be erased\n"
                                f"interlink: error: {bad}: 3 problems in 3 lines: nothing was recorded\n")
        self.assertEqual(snapshot(self.p), before)
        bad.write_text("from;text;type\norg-a;hi;idea\nnobody;hi;idea\n")
        r = self.cli("feedback", "import", str(bad))
        self.assertEqual((r.code, r.err), (1, f"interlink: error: {bad}:3: unknown stakeholder 'nobody'\n"
                                              f"interlink: error: {bad}: 1 problem in 1 line: nothing was recorded\n"),
                         r)
        # Standard input is named as add-stakeholder --from-csv names it.
        r = self.cli("feedback", "import", "-", input="from,text,type\norg-a,hello,bogus\nnobody,x,idea\n")
        self.assertEqual((r.code, r.err), (2, "interlink: error: <stdin>:2: 'bogus' is not a feedback type; expected "
                                              "one of: requirement, idea, concern, question, praise\n"
                                              "interlink: error: <stdin>:3: unknown stakeholder 'nobody'\n"
                                              "interlink: error: <stdin>: 2 problems in 2 lines: nothing was "
                                              "recorded\n"), r)
        # A file that is no well-formed CSV is refused (1, as add-stakeholder
        # --from-csv refuses one); a row whose text is blank is malformed (2).
        bad.write_text('from,text\norg-a,"unterminated\n')
        r = self.cli("feedback", "import", str(bad))
        self.assertEqual((r.code, r.err.splitlines()[0]),
                         (1, f"interlink: error: {bad}:2: a quoted field is not closed: its closing '\"' is missing"))
        bad.write_text('from,text\norg-a,"  "\n')
        r = self.cli("feedback", "import", str(bad))
        self.assertEqual((r.code, r.err), (2, f"interlink: error: {bad}:2: the feedback text is empty\n"
                                              f"interlink: error: {bad}: 1 problem in 1 line: nothing was recorded\n"),
                         r)
        self.assertEqual(snapshot(self.p), before)
        good = self.tmp / "good.csv"
        good.write_text("from,text,type,tags\norg-a,\"Good, and long\nanswer\",praise,a|b\n"
                        f"{self.ada},Needs Braille,requirement,\n")
        self.assertEqual(self.ok("feedback", "import", str(good)).out, "recorded 2 feedback items\n")
        items = json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"]
        self.assertEqual([(i["text"], i["type"], i["tags"]) for i in items],
                         [("Good, and long\nanswer", "praise", ["a", "b"]), ("Needs Braille", "requirement", [])])

    def test_import_killed_midway_leaves_all_or_nothing(self):
        self.ok("run-phase", "one")
        rows = 3000
        csv = self.tmp / "big.csv"
        csv.write_text("from,text\n" + "".join(f"org-a,item {i}\n" for i in range(rows)))
        outcomes = {"none": 0, "all": 0}
        for k in range(12):
            proc = subprocess.Popen([BIN, "feedback", "import", str(csv), "-q"], cwd=self.p, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.02 + 0.03 * k)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            n = len(json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"])
            total = outcomes["all"] * rows
            self.assertIn(n - total, (0, rows), f"kill {k}: {n - total} of {rows} rows")
            outcomes["all" if n - total == rows else "none"] += 1
        self.assertEqual(self.ok("verify").code, 0)

    def test_ids_accept_any_unique_prefix(self):
        self.ok("run-phase", "one")
        self.ok("feedback", "add", "one idea", "--from", "org-a")
        fid = self.feedback_ids()[0]
        r = self.ok("feedback", "show", fid[:6])
        self.assertIn(f"id:         {fid}\n", r.out)
        r = self.cli("feedback", "show", "fb-zzzz")
        self.assertEqual((r.code, r.err.splitlines()[0]), (1, "interlink: error: no feedback item has the id 'fb-zzzz'"))
        # "fb-" is a prefix of every id: the one item, then ambiguous as soon
        # as there are two (not "no feedback item has the id").
        self.assertIn(f"id:         {fid}\n", self.ok("feedback", "show", "fb-").out)
        self.ok("feedback", "add", "another idea", "--from", "org-a")
        ids = sorted(self.feedback_ids())
        for args in (["feedback", "show", "fb-"], ["trace", "fb-"]):
            with self.subTest(args=args):
                r = self.cli(*args)
                self.assertEqual((r.code, r.err), (1, f"interlink: error: feedback id 'fb-' is ambiguous: it could be "
                                                      f"{ids[0]}, {ids[1]}\nhint: give more digits\n"), r)

    def test_quiet_prints_only_the_new_ids(self):
        # -q (interlink(1)): the id of each item recorded, alone, one a line,
        # as a script needs it; a dry run prints what it would record.
        self.ok("run-phase", "one")
        r = self.ok("-q", "feedback", "add", "one idea", "--from", "org-a")
        self.assertEqual(r.out, f"{self.feedback_ids()[0]}\n")
        csv = self.tmp / "two.csv"
        csv.write_text("from,text\norg-a,second\norg-a,third\n")
        r = self.ok("-q", "feedback", "import", str(csv))
        items = json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"]
        self.assertEqual(r.out, "".join(i["id"] + "\n" for i in items[1:]))
        self.assertEqual([i["text"] for i in items[1:]], ["second", "third"])
        before = snapshot(self.p)
        r = self.ok("-q", "feedback", "add", "maybe", "--from", "org-a", "--dry-run")
        # What would be recorded, not only how many (no id: the real run's hash makes it).
        self.assertRegex(r.out, r"^would record feedback from org-a \(phase '[a-z0-9-]+', idea\)\n$")
        self.assertEqual(snapshot(self.p), before)


class DecisionTest(ProcessTest):
    def setUp(self):
        super().setUp()
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")

    def outcome(self, *args):
        r = self.ok("decide", "D", "--dry-run", "--format", "json", *args)
        p = json.loads(r.out)["payload"]
        return p["outcome"], p["needed"]

    def test_every_rule_at_its_boundaries(self):
        cases = [
            (["--rule", "majority", "--for", "3", "--against", "3", "--eligible", "6"], ("rejected", 3)),
            (["--rule", "majority", "--for", "4", "--against", "3", "--eligible", "7"], ("approved", 4)),
            (["--rule", "supermajority", "--for", "6", "--against", "3", "--eligible", "9"], ("approved", 5)),
            (["--rule", "supermajority", "--for", "5", "--against", "3", "--eligible", "9"], ("rejected", 5)),
            (["--rule", "supermajority", "--for", "2", "--against", "1", "--eligible", "3"], ("approved", 2)),
            (["--rule", "consensus", "--for", "1", "--against", "0", "--abstain", "4", "--eligible", "5"],
             ("approved", 3)),
            (["--rule", "consensus", "--for", "0", "--against", "0", "--abstain", "5", "--eligible", "5"],
             ("rejected", 3)),
            (["--rule", "consensus", "--for", "9", "--against", "1", "--eligible", "10"], ("rejected", 5)),
            (["--rule", "consent", "--for", "0", "--against", "0", "--abstain", "3", "--eligible", "5"],
             ("approved", 3)),
            (["--rule", "consent", "--for", "4", "--against", "1", "--eligible", "5"], ("rejected", 3)),
            # Quorum 0.5 of 10 is 5 votes cast, abstentions included; 4 is not enough.
            (["--for", "3", "--against", "0", "--abstain", "2", "--eligible", "10"], ("approved", 5)),
            (["--for", "3", "--against", "0", "--abstain", "1", "--eligible", "10"], ("no-quorum", 5)),
            # Half of 9 is 4.5: 5 votes are needed.
            (["--for", "4", "--against", "0", "--eligible", "9"], ("no-quorum", 5)),
        ]
        for args, want in cases:
            with self.subTest(args=args):
                self.assertEqual(self.outcome(*args), want)

    def test_votes_above_the_eligible_count_are_refused(self):
        r = self.cli("decide", "D", "--for", "2", "--against", "0")
        self.assertEqual(r.code, 1, r)
        self.assertTrue(r.err.startswith("interlink: error: 2 votes were cast but only 1 voter is eligible\n"), r)
        r = self.cli("decide", "D", "--for", "1", "--against", "0", "--eligible", "3", "--abstain", "3")
        self.assertEqual((r.code, r.err), (1, "interlink: error: 4 votes were cast but only 3 voters are eligible\n"
                                              "hint: check the counts\n"), r)

    def test_counts_are_decimal_from_0_to_a_million(self):
        # CLI11 read 0x10 as 16 and 99999999999999999999 as -1; 4294967296
        # wrapped to 0 when printed, and a negative count gave a 300-digit bound.
        before = snapshot(self.p)
        cases = [("--for", "4294967296", 0), ("--for", "99999999999999999999", 0), ("--for", "0x10", 0),
                 ("--for", "-1", 0), ("--for", "1e3", 0), ("--for", "+5", 0), ("--for", " 5", 0),
                 ("--against", "1000001", 0), ("--abstain", "12.0", 0), ("--eligible", "0", 1),
                 ("--eligible", "4294967296", 1)]
        for option, value, low in cases:
            with self.subTest(option=option, value=value):
                args = {"--for": "0", "--against": "0", option: value}
                r = self.cli("decide", "D", *[x for kv in args.items() for x in kv])
                self.assertEqual((r.code, r.err), (2, f"interlink: error: {option}: '{value}' is not a whole number "
                                                      f"from {low} to 1000000\nhint: run 'interlink decide --help'\n"),
                                 r)
        self.assertEqual(snapshot(self.p), before)
        # At the bound, the arithmetic is exact.
        r = self.ok("decide", "D", "--for", "600000", "--against", "400000", "--eligible", "1000000", "--dry-run")
        self.assertEqual(r.out, "(not recorded) approved: 600000 for, 400000 against, 0 abstaining of 1000000 "
                                "eligible (quorum 0.5 needs 500000); rule majority\n")
        r = self.ok("decide", "D", "--for", "666667", "--against", "333333", "--eligible", "1000000",
                    "--rule", "supermajority", "--dry-run", "--format", "json")
        self.assertEqual(json.loads(r.out)["payload"]["outcome"], "approved")

    def test_a_recorded_count_out_of_range_reads_as_0_and_validate_reports_it(self):
        # A ledger from someone else's clone (canonical JSON holds integers up
        # to 2^64 - 1, and no floats): its counts never wrap around.
        self.ok("decide", "Fine", "--for", "1", "--against", "0")
        [good] = json.loads(self.ok("decisions", "--format", "json").out)["decisions"]
        [h] = append_events(self.p / "ledger.db", [
            ("2026-01-02T00:00:00Z", "decision.recorded", "one",
             {"title": "Overflow", "iteration": 1, "for": 4294967296, "against": "7", "abstain": -3,
              "eligible": 18446744073709551615, "needed": 5000000, "rule": "majority", "quorum": "0.5",
              "outcome": "approved"})])
        rows = json.loads(self.ok("decisions", "--format", "json").out)["decisions"]
        self.assertEqual(rows[0], good)
        self.assertEqual([rows[1][k] for k in ("for", "against", "abstain", "eligible", "needed")], [0, 0, 0, 0, 0])
        report = json.loads(self.ok("report", "--format", "json").out)
        bad = [d for d in report["decisions"] if d["title"] == "Overflow"]
        self.assertEqual([bad[0][k] for k in ("for", "against", "abstain", "eligible")], [0, 0, 0, 0])
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r)
        dc = "dc-" + h[:8]
        self.assertEqual([line for line in r.out.splitlines() if dc in line], [
            f"ledger.db: error: decision {dc} records for 4294967296, outside 0 to 1000000: it is read as 0 "
            "[out-of-range]",
            f"ledger.db: error: decision {dc} records against \"7\", not a whole number: it is read as 0 [wrong-type]",
            f"ledger.db: error: decision {dc} records abstain -3, outside 0 to 1000000: it is read as 0 "
            "[out-of-range]",
            f"ledger.db: error: decision {dc} records eligible 18446744073709551615, outside 0 to 1000000: it is "
            "read as 0 [out-of-range]",
            f"ledger.db: error: decision {dc} records needed 5000000, outside 0 to 1000000: it is read as 0 "
            "[out-of-range]",
        ])

    def test_quiet_prints_only_the_new_id(self):
        r = self.ok("-q", "decide", "D", "--for", "1", "--against", "0")
        [d] = json.loads(self.ok("decisions", "--format", "json").out)["decisions"]
        self.assertEqual(r.out, d["id"] + "\n")
        before = snapshot(self.p)
        r = self.ok("-q", "decide", "D", "--for", "1", "--against", "0", "--dry-run")
        self.assertEqual(r.out, "(not recorded) approved: 1 for, 0 against, 0 abstaining of 1 eligible "
                                "(quorum 0.5 needs 1); rule majority\n")
        self.assertEqual(snapshot(self.p), before)

    def test_eligible_voters_follow_governance_voters(self):
        self.add("Org B", "public", "evaluator")
        self.assertEqual(self.outcome("--for", "1", "--against", "0")[1], 1)
        plan = (self.p / "interlink.yaml").read_text()
        (self.p / "interlink.yaml").write_text(plan.replace("{rule: majority, quorum: 0.5}",
                                                            "{rule: majority, quorum: 0.5, voters: [coordinator, evaluator]}"))
        r = self.ok("decide", "D", "--dry-run", "--format", "json", "--for", "2", "--against", "0")
        self.assertEqual(json.loads(r.out)["payload"]["eligible"], 2)

    def test_decisions_are_listed_and_reviews_come_due(self):
        self.ok("decide", "Adopt the plan", "--for", "1", "--against", "0", "--review", "2026-03-01")
        r = self.ok("decisions", "--format", "csv")
        self.assertRegex(r.out.splitlines()[1], r"^dc-[0-9a-f]{8},2026-01-01T00:00:00Z,one,1,Adopt the plan,1,0,0,1,1,"
                                                r"majority,,0.5,approved,2026-03-01$")
        due = json.loads(self.ok("status", "--today", "2026-03-01", "--format", "json").out)["reviews_due"]
        self.assertEqual([d["title"] for d in due], ["Adopt the plan"])
        self.assertEqual(json.loads(self.ok("status", "--today", "2026-02-28", "--format", "json").out)["reviews_due"],
                         [])


class TraceTest(ProcessTest):
    def test_you_said_we_did(self):
        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        self.ok("feedback", "add", "Simplify the form", "--from", "org-a", "--type", "requirement")
        self.ok("feedback", "add", "Add a help line", "--from", "org-a")
        first, second = self.feedback_ids()
        self.ok("task", "done", "t1", "--addresses", first[:7])
        self.ok("decide", "No help line", "--for", "0", "--against", "1", "--addresses", second)
        opened = json.loads(self.ok("feedback", "list", "--open", "--format", "json").out)["feedback"]
        self.assertEqual([i["id"] for i in opened], [second])
        r = self.ok("trace")
        self.assertEqual(r.out.splitlines()[0], f"{first} answered from org-a (public) in one: \"Simplify the form\"")
        self.assertEqual(r.out.splitlines()[1], "    <- task t1 done 2026-01-01 by tester")
        self.assertEqual(r.out.splitlines()[2], f"{second} OPEN     from org-a (public) in one: \"Add a help line\"")
        self.assertTrue(r.out.splitlines()[3].startswith("    (named by decision dc-"), r.out)
        self.ok("decide", "A help line after all", "--for", "1", "--against", "0", "--addresses", second)
        self.assertEqual(json.loads(self.ok("feedback", "list", "--open", "--format", "json").out)["feedback"], [])
        r = self.cli("task", "done", "t2", "--addresses", "fb-ffffffff")
        self.assertEqual(r.code, 1, r)

    def test_the_lists_in_json_are_written_as_one_document(self):
        # feedback list and trace write their JSON item by item
        # (views.hpp's print_*_json): the bytes must still be those of one
        # document indented by 2, with its keys in order, empty or not.
        def laid_out(out):
            return json.dumps(json.loads(out), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

        self.add("Org A", "public", "coordinator")
        self.ok("run-phase", "one")
        for args in (["feedback", "list"], ["trace"]):
            out = self.ok(*args, "--format", "json").out
            self.assertEqual(out, laid_out(out))
            self.assertIn("[]", out)
        self.ok("feedback", "add", "Più semplice, per favore: \"meno passi\"", "--from", "org-a")
        self.ok("feedback", "add", "Add a help line", "--from", "org-a", "--tag", "help", "--tag", "phone")
        first, second = self.feedback_ids()
        self.ok("task", "done", "t1", "--addresses", first)
        self.ok("decide", "Later", "--for", "0", "--against", "1", "--addresses", second)
        for args in (["feedback", "list"], ["trace"], ["feedback", "list", "--open"]):
            with self.subTest(args=args):
                out = self.ok(*args, "--format", "json").out
                self.assertEqual(out, laid_out(out))
                self.assertEqual(len(next(v for k, v in json.loads(out).items() if k != "format_version")),
                                 1 if "--open" in args else 2)
        # And the CSV of interlink-csv(5), also written row by row.
        rows = list(csv.reader(io.StringIO(self.ok("feedback", "list", "--format", "csv").out)))
        self.assertEqual(rows[0], ["id", "time", "from", "sector", "phase", "iteration", "type", "status", "text",
                                   "tags"])
        self.assertEqual([(r[0], r[2], r[3], r[4], r[5], r[7], r[8], r[9]) for r in rows[1:]],
                         [(first, "org-a", "public", "one", "1", "answered",
                           "Più semplice, per favore: \"meno passi\"", ""),
                          (second, "org-a", "public", "one", "1", "open", "Add a help line", "help;phone")])
        rows = list(csv.reader(io.StringIO(self.ok("feedback", "list", "--open", "--format", "csv").out)))
        self.assertEqual([r[0] for r in rows[1:]], [second])

    def test_one_item_shows_what_the_whole_trace_shows(self):
        # `feedback show ID` and `trace ID` read the item alone
        # (process/trace_one.hpp), and must show exactly what the lists show
        # of it: answers by tasks and decisions, pending decisions, in time
        # order, even when two decisions naming it share a second.
        at = iter(range(1767225600, 1767225600 + 100))  # 2026-01-01, one second apart

        def at_next(*args, same=False):
            env = dict(self.env, SOURCE_DATE_EPOCH=str(last[0] if same else next(at)))
            last[0] = int(env["SOURCE_DATE_EPOCH"])
            return self.ok(*args, env=env)

        last = [0]
        self.add("Org A", "public", "coordinator")
        at_next("run-phase", "one")
        for text in ("Simplify the form", "Add a help line", "Open on Saturdays", "Fewer steps"):
            at_next("feedback", "add", text, "--from", "org-a")
        a, b, c, d = self.feedback_ids()
        at_next("decide", "No Saturdays", "--for", "0", "--against", "1", "--addresses", c, b)
        at_next("task", "done", "t1", "--addresses", a, b)
        at_next("decide", "A help line", "--for", "1", "--against", "0", "--addresses", b)
        at_next("decide", "Later", "--for", "0", "--against", "1", "--addresses", b)
        at_next("decide", "Fewer steps, yes", "--for", "1", "--against", "0", "--addresses", d)
        at_next("decide", "Fewer steps, again", "--for", "1", "--against", "0", "--addresses", d, same=True)
        listed = {i["id"]: i for i in json.loads(self.ok("feedback", "list", "--format", "json").out)["feedback"]}
        traced = {i["id"]: i for i in json.loads(self.ok("trace", "--format", "json").out)["trace"]}
        self.assertEqual(len(listed[b]["answered_by"]), 2, listed[b])
        self.assertEqual(len(listed[b]["pending"]), 2, listed[b])
        for fid in (a, b, c, d):
            with self.subTest(fid=fid):
                self.assertEqual(json.loads(self.ok("feedback", "show", fid, "--format", "json").out), listed[fid])
                self.assertEqual(json.loads(self.ok("trace", fid, "--format", "json").out)["trace"], [traced[fid]])
                self.assertEqual(json.loads(self.ok("feedback", "show", fid[:7], "--format", "json").out)["id"], fid)
        # The text forms too, and --open on an answered item.
        whole = self.ok("trace").out
        self.assertIn(self.ok("trace", b).out, whole)
        self.assertEqual(self.ok("trace", b, "--open").out, "no feedback matches\n")


if __name__ == "__main__":
    unittest.main()
