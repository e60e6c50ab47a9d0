"""A command killed while it commits to the private store (.interlink/private.db,
SQLite with a rollback journal) leaves a hot journal, private.db-journal. Every
command that screens text for names opens the store read-only first, and a
read-only connection cannot roll a journal back: it failed with "attempt to
write a readonly database", exit 4, and no interlink command cleared it.

Now the next command that opens the store rolls the write back; validate,
which never writes, reports it; a user who may not write the store is told
what happened and how to recover."""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

from helpers import BIN, SANITIZED, ScratchTest, snapshot

ID = "p-abc12345"
MAGIC = bytes.fromhex("d9d505f920a163d7")  # a journal header that SQLite will play back

# A process that opens the store, changes every row and is killed inside its
# transaction: the journal it leaves is hot, as a killed interlink's is.
# (synchronous=OFF writes the journal's header at once; interlink's FULL
# writes it just before the first page reaches the file, a narrower instant
# that test_a_real_kill_mid_commit_is_rolled_back_by_the_next_command hits.)
KILLED_WRITER = """
import os, signal, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode=DELETE")
con.execute("PRAGMA synchronous=OFF")
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE contacts SET email = 'half-written@example.org'")
os.kill(os.getpid(), signal.SIGKILL)
"""


class PrivateStoreCrashTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")
        self.store = self.p / ".interlink" / "private.db"
        self.journal = self.p / ".interlink" / "private.db-journal"
        self.ok("-C", str(self.p), "add-stakeholder", "Seed Person", "--kind", "person", "--sector", "citizen",
                "--email", "seed@example.org", "--consent", "given", "--id", ID)

    def cli(self, *args, **kw):
        return self.run_cli("-C", str(self.p), *args, **kw)

    def leave_hot_journal(self):
        r = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(self.store)])
        self.assertEqual(r.returncode, -signal.SIGKILL)
        self.assertEqual(self.journal.read_bytes()[:8], MAGIC)

    def emails(self):
        con = sqlite3.connect(f"file:{self.store}?mode=ro", uri=True)
        try:
            return [r[0] for r in con.execute("SELECT email FROM contacts ORDER BY id")]
        finally:
            con.close()

    def test_every_command_that_writes_rolls_the_interrupted_write_back(self):
        commands = {
            "feedback add": ["feedback", "add", "the form is too long", "--from", "mef-planning"],
            "decide": ["decide", "Shorter form", "--for", "3", "--against", "0"],
            "add-stakeholder": ["add-stakeholder", "Other Person", "--kind", "person", "--sector", "citizen",
                                "--email", "other@example.org", "--consent", "given"],
            "stakeholder update": ["stakeholder", "update", ID, "--phone", "+39 06 1234"],
        }
        for what, args in commands.items():
            with self.subTest(what):
                self.leave_hot_journal()
                r = self.cli(*args)
                self.assertEqual(r.code, 0, r)
                self.assertFalse(self.journal.exists())
                # Rolled back: the killed write's change is gone.
                self.assertNotIn("half-written@example.org", self.emails())
                self.assertIn("seed@example.org", self.emails())
        self.assertEqual(self.cli("validate").code, 0)

    def test_a_read_only_command_rolls_it_back_too(self):
        self.leave_hot_journal()
        r = self.cli("stakeholders", "--with-names")
        self.assertEqual(r.code, 0, r)
        self.assertIn("Seed Person", r.out)
        self.assertFalse(self.journal.exists())

    def test_validate_reports_it_and_never_writes(self):
        self.leave_hot_journal()
        before = snapshot(self.p)
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r)
        self.assertIn(".interlink/private.db: error: a write to the private store was cut short (a command was "
                      "killed while it committed) and is not rolled back yet (private.db-journal is left); "
                      "validate never writes: the next interlink command that reads the store, run where "
                      ".interlink/ is writable, rolls it back [interrupted-store-write]\n", r.out)
        self.assertNotIn("readonly", r.out + r.err)
        self.assertEqual(snapshot(self.p), before)
        self.ok("-C", str(self.p), "stakeholders", "--with-names")
        self.assertEqual(self.cli("validate").code, 0)

    def test_a_user_who_may_not_write_the_store_is_told_how_to_recover(self):
        # Root writes any file, so the commands run as nobody (setpriv) when
        # the tests run as root, else as the user itself.
        self.leave_hot_journal()
        self.tmp.chmod(0o755)
        binary = self.tmp / "interlink"  # a copy the user can reach, wherever the build is
        shutil.copy2(BIN, binary)
        for path in [self.p, *self.p.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (self.p / ".interlink").chmod(0o555)
        self.store.chmod(0o444)
        user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        env = {**self.env, "HOME": str(self.tmp / "nohome")}
        for args in (["feedback", "add", "hi", "--from", "mef-planning"], ["stakeholders", "--with-names"]):
            r = subprocess.run([*user, str(binary), "-C", str(self.p), *args], capture_output=True, text=True,
                               env=env, timeout=60)
            self.assertEqual(r.returncode, 3, r)
            self.assertEqual(
                r.stderr,
                f"interlink: error: {self.store}: a write to the private store was cut short (a command was killed "
                "while it committed, leaving private.db-journal), and this user cannot roll it back: private.db is "
                "not writable by this user (Permission denied)\n"
                "hint: run any interlink command that reads the store, such as 'interlink stakeholders "
                "--with-names', as a user who may write .interlink/ and the files in it: it rolls the write back\n")
        self.assertEqual(self.journal.read_bytes()[:8], MAGIC)
        # Its owner can.
        (self.p / ".interlink").chmod(0o700)
        self.store.chmod(0o600)
        self.ok("-C", str(self.p), "feedback", "add", "hi", "--from", "mef-planning")
        self.assertFalse(self.journal.exists())

    def test_a_real_kill_mid_commit_is_rolled_back_by_the_next_command(self):
        # The tester's loop: persons added and killed at random instants until
        # one leaves a hot journal; then the next command must work.
        rng = random.Random(int(os.environ.get("INTERLINK_CRASH_SEED", "20260105")))
        start = time.monotonic()
        self.ok("-C", str(self.p), "-q", "add-stakeholder", "Timed Person", "--kind", "person", "--sector",
                "citizen", "--email", "timed@example.org")
        took = time.monotonic() - start
        hot = False
        for i in range(150 if SANITIZED else 600):
            proc = subprocess.Popen([BIN, "-C", str(self.p), "-q", "add-stakeholder", f"Person {i}", "--kind",
                                     "person", "--sector", "citizen", "--email", f"p{i}@example.org"],
                                    env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, took))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            if self.journal.exists() and self.journal.read_bytes()[:8] == MAGIC:
                hot = True
                break
        if not hot:
            # Timing, not interlink: the window between the journal's write
            # and its removal is a fraction of a millisecond, and a loaded
            # machine (a sanitizer build beside other jobs) may miss it every
            # time. The deterministic tests above prove the rollback; this one
            # adds a real kill when the timing allows one.
            self.skipTest(f"no kill landed inside the store's commit in {i + 1} tries")
        r = self.cli("feedback", "add", "hi", "--from", "mef-planning")
        self.assertEqual(r.code, 0, r)
        self.assertFalse(self.journal.exists())
        self.ok("-C", str(self.p), "-q", "add-stakeholder", "After Person", "--kind", "person", "--sector",
                "citizen", "--email", "after@example.org")
        self.assertEqual(self.cli("validate").code, 0, self.cli("validate"))


if __name__ == "__main__":
    unittest.main()
