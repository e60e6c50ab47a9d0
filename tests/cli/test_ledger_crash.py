"""Crash safety (SPEC §5): writers killed with SIGKILL at random instants,
single adds and bulk CSV adds of 40 rows alike. Every kill is classified by
what it left behind, looked at before anything repairs it:

- before any write: no hot journal, none of the command's events;
- inside the transaction: a hot journal (ledger.db-journal), which the next
  reader rolls back, and then none of the command's events;
- after the commit: all of the command's events, with staged rows whose files
  are not all written yet, or a hot journal of the second transaction (the
  one that writes the files and clears the stage);
- after the change was complete: all its events and files (the process was
  exiting).

The test goes on until at least MIN_INSIDE kills landed inside a transaction
and MIN_AFTER_COMMIT after a commit (within a bound of attempts), and fails
otherwise. After every kill: a bulk add is all there or not there at all,
never a file without its event, `verify` passes; the next commands repair
what was left (`validate` accepts the project, every event has its file),
PRAGMA integrity_check is ok. A writer that finished before its instant must
have exited 0 with all its events and files."""
import collections
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

from helpers import BIN, SANITIZED, ScratchTest
from ledger_recipe import check_ledger, make_project, rows

# Fewer kills in the sanitizer build: its value there is the memory checks of
# the recovery paths, which a few kills of each kind exercise.
MIN_INSIDE = 10 if SANITIZED else 30
MIN_AFTER_COMMIT = 4 if SANITIZED else 10
MIN_KILLS = 40 if SANITIZED else 110
MAX_ATTEMPTS = 300 if SANITIZED else 700
BULK_ROWS = 40

BEFORE, INSIDE, AFTER_COMMIT, COMPLETE = ("before any write", "inside the transaction", "after the commit",
                                          "after the change was complete")


class LedgerCrashTest(ScratchTest):
    def spawn(self, args):
        return subprocess.Popen([BIN, "-C", str(self.p), "-q", *args], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def command(self, i):
        """The command line of writer i and the stakeholder ids it adds."""
        if i % 2:
            return ["add-stakeholder", f"Single {i}", "--sector", "public", "--id", f"s{i}"], {f"s{i}"}
        csv = self.tmp / f"bulk{i}.csv"
        ids = [f"b{i}-r{j}" for j in range(BULK_ROWS)]
        csv.write_text("id,name,sector\n" + "".join(f"{x},Bulk {i} row {j},public\n" for j, x in enumerate(ids)))
        return ["add-stakeholder", "--from-csv", str(csv)], set(ids)

    def timed(self, i):
        args, ids = self.command(i)
        start = time.monotonic()
        r = self.spawn(args)
        r.wait(timeout=120)
        self.assertEqual(r.returncode, 0, args)
        self.assertTrue(ids <= self.event_subjects() and ids <= self.file_ids(), args)
        return time.monotonic() - start

    def query(self, sql):
        con = sqlite3.connect(f"file:{self.p / 'ledger.db'}?mode=ro", uri=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def event_subjects(self):
        return {r[0] for r in self.query("SELECT subject FROM events WHERE kind = 'stakeholder.added'")}

    def staged(self):
        """The ids whose files are staged (written by the next writer)."""
        return {r[0].removeprefix("stakeholders/").removesuffix(".yaml") for r in self.query("SELECT path FROM staged")}

    def file_ids(self):
        return {f.stem for f in (self.p / "stakeholders").glob("*.yaml")}

    def hot_journal(self):
        journal = self.p / "ledger.db-journal"
        return journal.exists() and journal.stat().st_size > 0

    def durations(self, n):
        """The median time of each kind of command (single, bulk), measured now:
        the project grows as the test goes, and so do they."""
        single = sorted(self.timed(-1 - 2 * (n * 3 + k)) for k in range(3))
        bulk = sorted(self.timed(-2 - 2 * (n * 3 + k)) for k in range(3))
        return {1: single[1], 0: bulk[1]}

    def classify(self, ids, journal, when):
        """What the kill of the writer adding ids left behind (journal: whether it
        left a hot journal, now rolled back); fails on any other state."""
        have = ids & self.event_subjects()
        files = ids & self.file_ids()
        self.assertIn(len(have), (0, len(ids)), f"{when}: {len(have)} of {len(ids)} rows added: not all or nothing")
        self.assertLessEqual(files, have, f"{when}: a file without its event")
        if not have:
            self.assertEqual(ids & self.staged(), set(), f"{when}: staged rows without events")
            return INSIDE if journal else BEFORE
        staged = ids & self.staged()
        if journal or staged or files != ids:
            # A hot journal with the events committed: the kill landed in the
            # second transaction, the one that writes the files and clears the stage.
            self.assertEqual(files | staged, ids, f"{when}: files missing and nothing staged to write them")
            return AFTER_COMMIT
        return COMPLETE

    def test_sigkill_at_random_instants(self):
        rng = random.Random(int(os.environ.get("INTERLINK_CRASH_SEED", "20260101")))
        self.p = make_project(self)
        effects = collections.Counter()
        finished = 0
        i = 0
        while i < MAX_ATTEMPTS and (effects[INSIDE] < MIN_INSIDE or effects[AFTER_COMMIT] < MIN_AFTER_COMMIT
                                    or sum(effects.values()) < MIN_KILLS):
            if i % 40 == 0:
                durations = self.durations(i // 40)
            args, ids = self.command(i)
            proc = self.spawn(args)
            time.sleep(rng.uniform(0, durations[i % 2]))
            killed = proc.poll() is None
            if killed:
                proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=120)
            journal = self.hot_journal()  # looked at before anything can roll it back
            # The first command after the kill reads (read-only) and verifies,
            # rolling back a hot journal if the kill left one.
            v = subprocess.run([BIN, "-C", str(self.p), "verify"], env=self.env, capture_output=True, text=True)
            self.assertEqual(v.returncode, 0, f"kill {i}: {v.stdout}{v.stderr}")
            # (A journal may stay: one cut before its header was written is not
            # hot, and only the next writer overwrites it.)
            if killed:
                effects[self.classify(ids, journal, f"kill {i}")] += 1
            else:
                # Not killed: it must have done all it was asked.
                self.assertEqual(proc.returncode, 0, f"writer {i} exited {proc.returncode}")
                self.assertFalse(journal, f"writer {i}")
                self.assertTrue(ids <= self.event_subjects() and ids <= self.file_ids(), f"writer {i}")
                finished += 1
            # Never a file without its event (files are written after the commit).
            self.assertLessEqual(self.file_ids(), self.event_subjects(), f"kill {i}")
            if i % 10 == 9:
                self.check_repaired(f"kill {i}")
            i += 1
        counts = ", ".join(f"{effects[k]} {k}" for k in (BEFORE, INSIDE, AFTER_COMMIT, COMPLETE))
        print(f"{sum(effects.values())} kills in {i} writers ({finished} finished first): {counts}", file=sys.stderr)
        self.assertGreaterEqual(effects[INSIDE], MIN_INSIDE, counts)
        self.assertGreaterEqual(effects[AFTER_COMMIT], MIN_AFTER_COMMIT, counts)
        self.assertGreaterEqual(sum(effects.values()), MIN_KILLS, counts)
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
        # The repair removed the temporary files of the writes it finished.
        self.assertNotIn("[leftover-temp-file]", val.stdout, when)
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
