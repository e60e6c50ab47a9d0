"""Several processes appending at once (SPEC §5): 8 writers each run 200
`add-stakeholder` commands through the CLI at the same time (40 each in the
slower sanitizer build); every command succeeds, all 1,600 events land, none
is lost, and the ledger verifies. And a writer that is not interlink (a
sqlite3 shell) holding the write lock is waited for, not failed on."""
import sqlite3
import threading
import time
import unittest

from helpers import SANITIZED, ScratchTest
from ledger_recipe import check_ledger, make_project, rows

WRITERS, EACH = 8, (40 if SANITIZED else 200)


class LedgerConcurrencyTest(ScratchTest):
    def test_eight_writers_lose_nothing(self):
        p = make_project(self)
        failures = []

        def writer(w):
            for i in range(EACH):
                r = self.run_cli("-C", str(p), "-q", "add-stakeholder", f"Writer {w} Org {i}", "--sector", "public",
                                 "--id", f"w{w}-o{i}")
                if r.code != 0:
                    failures.append((w, i, r))

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures[:3], [])
        evs = rows(p / "ledger.db")
        added = sorted(r[6] for r in evs if r[5] == "stakeholder.added")
        self.assertEqual(len(added), WRITERS * EACH)
        self.assertEqual(set(added), {f"w{w}-o{i}" for w in range(WRITERS) for i in range(EACH)})
        problems, heads = check_ledger(p / "ledger.db")
        self.assertEqual(problems, [])
        self.assertEqual(len(heads), 1, "appends under the lock form one chain")
        self.ok("-C", str(p), "verify")
        self.ok("-C", str(p), "validate")
        self.assertEqual(len(list((p / "stakeholders").glob("*.yaml"))), WRITERS * EACH)

    def test_a_writer_outside_interlink_is_waited_for(self):
        """Another SQLite client (a sqlite3 shell, a script) holding a write
        transaction does not take interlink's flock: interlink must wait for
        it at BEGIN IMMEDIATE. A deferred transaction would read first, and
        SQLite refuses a reader's upgrade to writer at once (SQLITE_BUSY,
        no busy handler), so the command would fail."""
        p = make_project(self)
        other = sqlite3.connect(p / "ledger.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            result = {}
            t = threading.Thread(target=lambda: result.update(r=self.run_cli(
                "-C", str(p), "-q", "add-stakeholder", "Patient Org", "--sector", "public", "--id", "patient")))
            t.start()
            time.sleep(1.5)  # interlink is now waiting, or (deferred) has already failed
        finally:
            other.execute("ROLLBACK")
            other.close()
        t.join()
        self.assertEqual(result["r"].code, 0, result["r"])
        self.assertIn("patient", [r[6] for r in rows(p / "ledger.db") if r[5] == "stakeholder.added"])


if __name__ == "__main__":
    unittest.main()
