"""Crash safety (SPEC §5): writers killed with SIGKILL at random instants
until 110 of them died mid-way, single adds and bulk CSV adds alike. After every kill no
stakeholder file exists without its event; the next commands repair what was
left (`validate` accepts the project, every event has its file), PRAGMA
integrity_check is ok and `verify` passes."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

from helpers import BIN, ScratchTest
from ledger_recipe import check_ledger, make_project, rows

KILLS = 110
BULK_ROWS = 40


class LedgerCrashTest(ScratchTest):
    def spawn(self, args):
        return subprocess.Popen([BIN, "-C", str(self.p), "-q", *args], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def command(self, i):
        if i % 2:
            return ["add-stakeholder", f"Single {i}", "--sector", "public", "--id", f"s{i}"]
        csv = self.tmp / f"bulk{i}.csv"
        csv.write_text("id,name,sector\n" + "".join(f"b{i}-r{j},Bulk {i} row {j},public\n" for j in range(BULK_ROWS)))
        return ["add-stakeholder", "--from-csv", str(csv)]

    def timed(self, args):
        start = time.monotonic()
        r = self.spawn(args)
        r.wait(timeout=120)
        self.assertEqual(r.returncode, 0, args)
        return time.monotonic() - start

    def event_subjects(self):
        con = sqlite3.connect(f"file:{self.p / 'ledger.db'}?mode=ro", uri=True)
        try:
            return {r[0] for r in con.execute("SELECT subject FROM events WHERE kind = 'stakeholder.added'")}
        finally:
            con.close()

    def file_ids(self):
        return {f.stem for f in (self.p / "stakeholders").glob("*.yaml")}

    def durations(self, n):
        """The median time of each kind of command (single, bulk), measured now:
        the project grows as the test goes, and so do they."""
        single = sorted(self.timed(self.command(-1 - 2 * (n * 3 + k))) for k in range(3))
        bulk = sorted(self.timed(self.command(-2 - 2 * (n * 3 + k))) for k in range(3))
        return {1: single[1], 0: bulk[1]}

    def test_sigkill_at_random_instants(self):
        rng = random.Random(int(os.environ.get("INTERLINK_CRASH_SEED", "20260101")))
        self.p = make_project(self)
        # Kill until KILLS writers have died mid-way (a writer that finished
        # before its instant does not count), within a bound of attempts.
        killed, i = 0, 0
        while killed < KILLS and i < KILLS * 4:
            if i % 40 == 0:
                durations = self.durations(i // 40)
            proc = self.spawn(self.command(i))
            time.sleep(rng.uniform(0, durations[i % 2]))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait(timeout=120)
            # The first command after the kill reads (read-only) and verifies,
            # rolling back a hot journal if the kill left one.
            v = subprocess.run([BIN, "-C", str(self.p), "verify"], env=self.env, capture_output=True, text=True)
            self.assertEqual(v.returncode, 0, f"kill {i}: {v.stdout}{v.stderr}")
            # Never a file without its event (files are written after the commit).
            self.assertLessEqual(self.file_ids(), self.event_subjects(), f"kill {i}")
            if i % 10 == 9:
                self.check_repaired(f"kill {i}")
            i += 1
        print(f"{killed} of {i} writers killed mid-way", file=sys.stderr)
        self.assertGreaterEqual(killed, KILLS, f"only {killed} of {i} writers were killed mid-way")
        self.check_repaired("end")

    def check_repaired(self, when):
        # validate never writes (issue 11): the next command that records a
        # change finishes an interrupted one first; then the project is whole.
        self.repairs = getattr(self, "repairs", 0) + 1
        fix = subprocess.run([BIN, "-C", str(self.p), "-q", "add-stakeholder", f"Repair {self.repairs}", "--sector",
                              "public", "--id", f"repair-{self.repairs}"], env=self.env, capture_output=True, text=True)
        self.assertEqual(fix.returncode, 0, f"{when}: {fix.stdout}{fix.stderr}")
        val = subprocess.run([BIN, "-C", str(self.p), "validate"], env=self.env, capture_output=True, text=True)
        self.assertEqual(val.returncode, 0, f"{when}: {val.stdout}{val.stderr}")
        con = sqlite3.connect(str(self.p / "ledger.db"))
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", when)
        self.assertEqual(con.execute("SELECT count(*) FROM staged").fetchone()[0], 0, when)
        con.close()
        self.assertEqual(self.file_ids(), self.event_subjects(), when)
        problems, _ = check_ledger(self.p / "ledger.db")
        self.assertEqual(problems, [], when)
        self.assertGreater(len(rows(self.p / "ledger.db")), 1)


if __name__ == "__main__":
    unittest.main()
