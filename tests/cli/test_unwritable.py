"""Writes that the system refuses (SPEC §3: exit 4; a failed command changes
nothing):

- the file size limit (ulimit -f): SIGXFSZ killed the process silently in the
  middle of a commit; now the write fails and is reported."""
import os
import resource
import shutil
import sqlite3
import subprocess
import unittest

from helpers import BIN, ScratchTest, snapshot
from test_security_files import stage

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []


class FileSizeLimitTest(ScratchTest):
    def test_a_write_past_the_file_size_limit_fails_and_changes_nothing(self):
        p = self.copy_example("pspm")
        db = p / "ledger.db"
        limit = db.stat().st_size  # any growth of the ledger passes it

        def capped():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        # subprocess gives the child SIGXFSZ's default action, as a shell does
        # (restore_signals): the signal killed interlink mid-commit.
        for i in range(50):
            before = db.read_bytes()
            r = subprocess.run([BIN, "-C", str(p), "feedback", "add", f"fill {i}", "--from", "mef-planning"],
                               env=self.env, preexec_fn=capped, capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                break
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(r.stderr, f"interlink: error: {db}: file too large: this process may not write past "
                                   f"{limit} bytes of a file (ulimit -f)\n"
                                   "hint: nothing was changed; raise the limit (ulimit -f) and try again\n")
        self.assertEqual(db.read_bytes(), before)
        self.assertFalse((p / "ledger.db-journal").exists())
        self.ok("-C", str(p), "verify")
        # Without the limit, the same command works.
        self.ok("-C", str(p), "feedback", "add", "fill", "--from", "mef-planning")


if __name__ == "__main__":
    unittest.main()
