"""Writes that the system refuses (SPEC §3: exit 4; a failed command changes
nothing):

- a folder the change writes into that the user may not write: refused
  before the ledger commits, not after (the change was recorded and every
  later write failed on its files);
- a change recorded whose files were not written (a kill, a full disk): every
  later write names it and the cause;
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


class UnwritableFolderTest(ScratchTest):
    """Root writes any folder, so the commands run as nobody (setpriv) when the
    tests run as root, else as the user itself."""

    def setUp(self):
        super().setUp()
        self.tmp.chmod(0o755)
        self.p = self.copy_example("pspm")
        self.binary = self.tmp / "interlink"  # a copy the user can reach, wherever the build is
        shutil.copy2(BIN, self.binary)
        self.home = self.tmp / "home"
        self.home.mkdir()
        if NOBODY:
            for path in [self.home, self.p, *self.p.rglob("*")]:
                os.chown(path, 65534, 65534, follow_symlinks=False)
        self.folder = self.p / "stakeholders"

    def tearDown(self):
        self.folder.chmod(0o755)
        super().tearDown()

    def user(self, *args):
        r = subprocess.run([*NOBODY, str(self.binary), "-C", str(self.p), *args], capture_output=True, text=True,
                           env={**self.env, "HOME": str(self.home)}, timeout=60)
        return r.returncode, r.stdout, r.stderr

    def test_a_change_into_a_folder_the_user_may_not_write_is_refused_before_it_is_recorded(self):
        self.folder.chmod(0o555)
        before = snapshot(self.p)
        for args in (["add-stakeholder", "Acme Ltd", "--sector", "private"],
                     ["add-stakeholder", "Ada Person", "--kind", "person", "--sector", "citizen", "--email",
                      "ada@example.org"]):
            code, out, err = self.user(*args)
            self.assertEqual((code, out, err),
                             (4, "", f"interlink: error: cannot write {self.folder}/: Permission denied; nothing was "
                                     "changed\nhint: give this user write access to the folder, or run the command "
                                     "as its owner\n"))
            # Nothing recorded, nothing staged; the person's contact not kept.
            self.assertEqual({k: v for k, v in snapshot(self.p).items() if not k.startswith(".interlink/")},
                             before)
        store = self.p / ".interlink" / "private.db"
        if store.exists():
            self.assertNotIn(b"ada@example.org", store.read_bytes())
        # Later writes are not held up by it.
        code, out, err = self.user("feedback", "add", "hi", "--from", "mef-planning")
        self.assertEqual(code, 0, err)
        self.folder.chmod(0o755)
        self.assertEqual(self.user("add-stakeholder", "Acme Ltd", "--sector", "private")[0], 0)
        self.assertEqual(self.user("validate")[0], 0)

    def test_a_recorded_change_whose_file_cannot_be_written_is_named_by_every_later_write(self):
        # What a change committed and then cut off from its file leaves: the
        # event recorded, its file staged in the ledger and not written.
        self.assertEqual(self.user("add-stakeholder", "Acme Ltd", "--sector", "private")[0], 0)
        path = "stakeholders/acme-ltd.yaml"
        content = (self.p / path).read_bytes()
        (self.p / path).unlink()
        stage(self.p / "ledger.db", path, content)
        con = sqlite3.connect(str(self.p / "ledger.db"))
        event = con.execute("SELECT event FROM staged").fetchone()[0]
        con.close()
        self.folder.chmod(0o555)
        before = snapshot(self.p)
        for args in (["feedback", "add", "hi", "--from", "mef-planning"],
                     ["add-stakeholder", "Beta Ltd", "--sector", "private"]):
            code, out, err = self.user(*args)
            self.assertEqual(code, 4, err)
            self.assertEqual(len(err.splitlines()), 2, err)
            first, hint = err.splitlines()
            self.assertRegex(first, rf"^interlink: error: an earlier change, event {event[:10]} \(stakeholder\.added "
                                    r"'acme-ltd'\), is recorded in the ledger but its file stakeholders/acme-ltd\.yaml "
                                    r"is not written yet, and cannot be: cannot create "
                                    + f"{self.folder}/" + r"\.acme-ltd\.yaml\.tmp-[0-9a-f]{8}: Permission denied$")
            self.assertEqual(hint, "hint: this command changed nothing: fix the cause, then run any interlink command "
                                   "that writes; it writes those files first")
            self.assertEqual(snapshot(self.p), before)
        self.folder.chmod(0o755)
        self.assertEqual(self.user("feedback", "add", "hi", "--from", "mef-planning")[0], 0)
        self.assertEqual((self.p / path).read_bytes(), content)


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
