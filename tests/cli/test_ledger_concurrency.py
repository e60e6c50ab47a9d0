"""Several processes appending at once (SPEC §5): 8 writers each run 200
`add-stakeholder` commands through the CLI at the same time (40 each in the
slower sanitizer build); every command succeeds, all 1,600 events land, none
is lost, and the ledger verifies."""
import threading
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


if __name__ == "__main__":
    unittest.main()
