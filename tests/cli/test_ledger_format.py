"""The ledger's format, checked from outside: an independent Python
implementation of the hash recipe recomputes every hash and link of a ledger
written by the binary; the man page's ten-line verifier runs as printed;
`log --format json` can be re-hashed; log filters; `ledger dump`."""
import json
import re
import subprocess
import sys
import unittest

from helpers import SOURCE, ScratchTest
from ledger_recipe import add_stakeholder, check_ledger, event_hash, make_project, rows


class LedgerFormatTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_project(self)
        for name in ("Comune di Roma", "Società \"Ünïcode\" ☃", "Tab\tand\\backslash"):
            self.assertEqual(add_stakeholder(self, self.p, name).code, 0)
        self.db = self.p / "ledger.db"

    def test_python_recomputes_every_hash_and_link(self):
        problems, heads = check_ledger(self.db)
        self.assertEqual(problems, [])
        self.assertEqual(len(heads), 1)
        evs = rows(self.db)
        self.assertEqual(len(evs), 4)
        self.assertEqual(evs[0][5], "project.created")
        self.assertEqual(evs[0][2], "[]")
        for (_, prev, *_), (_, h, parents, *_) in zip(evs, evs[1:]):
            self.assertEqual(json.loads(parents), [prev], "each event's parent is the head before it")
        self.assertTrue(all(r[3] == "2026-01-01T00:00:00Z" for r in evs), "time from SOURCE_DATE_EPOCH")

    def test_man_page_verifier_runs_as_printed(self):
        page = (SOURCE / "man" / "interlink-ledger.5").read_text()
        m = re.search(r"\.SH EXAMPLE.*?\.EX\n(.*?)\.EE", page, re.S)
        self.assertIsNotNone(m, "interlink-ledger(5) has an EXAMPLE with .EX/.EE")
        script = m.group(1).replace("\\e", "\\").replace("\\-", "-").replace("\\(aq", "'")
        self.assertLessEqual(len(script.strip().splitlines()), 14)
        r = subprocess.run([sys.executable, "-c", script, str(self.db)], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("4 events ok", r.stdout)

    def test_log_json_lines_rehash(self):
        out = self.ok("-C", str(self.p), "log", "--format", "json").out.splitlines()
        self.assertEqual(len(out), 4)
        events = [json.loads(line) for line in out]
        self.assertEqual(events[-1]["kind"], "project.created", "newest first")
        for e in events:
            self.assertEqual(set(e), {"hash", "parents", "time", "actor", "kind", "subject", "payload"})
            self.assertEqual(event_hash(e["parents"], e["time"], e["actor"], e["kind"], e["subject"], e["payload"]),
                             e["hash"])

    def test_log_filters_and_text(self):
        log = lambda *a: self.ok("-C", str(self.p), "log", *a).out.splitlines()
        self.assertEqual(len(log("-n", "2")), 2)
        self.assertEqual(len(log("--kind", "stakeholder.added")), 3)
        self.assertEqual(len(log("--kind", "stakeholder.")), 3)
        self.assertEqual(len(log("--kind", "project.created")), 1)
        self.assertEqual(len(log("--subject", "comune-di-roma")), 1)
        # -n with a filter: the newest N matches (read through the filter's
        # index, then the N rows fetched), as the unbounded list starts.
        self.assertEqual(log("--kind", "stakeholder.", "-n", "2"), log("--kind", "stakeholder.")[:2])
        self.assertEqual(log("--kind", "stakeholder.added", "-n", "1"), log("--kind", "stakeholder.added")[:1])
        self.assertEqual(len(log("--since", "2026-01-01")), 4)
        self.assertEqual(log("--since", "2026-01-02"), [])
        self.assertEqual(log("--since", "2026-01-01T00:00:01Z"), [])
        first = log("-n", "1")[0]
        self.assertRegex(first, r"^[0-9a-f]{10} 2026-01-01T00:00:00Z tester stakeholder\.added \S+ \{")
        r = self.run_cli("-C", str(self.p), "log", "--since", "last week")
        self.assertEqual(r.code, 2, r)
        r = self.run_cli("-C", str(self.p), "log", "-n", "-1")
        self.assertEqual(r.code, 2, r)

    def test_log_of_a_kind_the_ledger_does_not_hold_says_so(self):
        r = self.run_cli("-C", str(self.p), "log", "--kind", "stakeholder.addd")
        self.assertEqual((r.code, r.out, r.err), (0, "", "interlink: warning: no event of kind 'stakeholder.addd' in "
                                                         "this ledger (did you mean 'stakeholder.added'?)\n"))
        r = self.run_cli("-C", str(self.p), "log", "--kind", "task.", "-q")
        self.assertEqual((r.code, r.out, r.err), (0, "", ""))
        # A known kind with no match in the other filters is not a mistake: no warning.
        r = self.run_cli("-C", str(self.p), "log", "--kind", "stakeholder.added", "--since", "2999-01-01")
        self.assertEqual((r.code, r.out, r.err), (0, "", ""))

    def test_dump_one_line_per_event(self):
        out = self.ok("ledger", "dump", str(self.db)).out.splitlines()
        self.assertEqual(len(out), 4)
        hashes = [r[1] for r in rows(self.db)]
        for line, h in zip(out, hashes):
            self.assertTrue(line.startswith(h[:12] + " 2026-01-01T00:00:00Z tester "), line)
        self.assertIn(" project.created ", out[0])

    def test_verify_text_and_json(self):
        r = self.ok("-C", str(self.p), "verify")
        self.assertRegex(r.out, r"ledger\.db: ok: 4 events, 1 head, root [0-9a-f]{10}\n")
        j = json.loads(self.ok("-C", str(self.p), "verify", "--format", "json").out)
        self.assertEqual((j["ok"], j["events"], j["problem"]), (True, 4, ""))
        self.assertEqual(j["root"], rows(self.db)[0][1])
        self.ok("verify", str(self.db))


if __name__ == "__main__":
    unittest.main()
