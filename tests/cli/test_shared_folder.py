"""A project folder shared by two accounts (a shared drive, a server
checkout, a CI runner whose user differs from the one who ran a command
first). The first account's commands make .interlink/ (caches and the private
store) its own, mode 0700. For the second account:

- its caches are misses, never an error: every command reads the project's
  own files, and validate reports the plan's real findings (it reported only
  ".interlink: cannot open: Permission denied", exit 3, and hid them);
- writes that need no personal data work;
- what needs the private store (a person's contact data, names asked for
  with --with-names) is refused with exit 4 and a message that says whose
  store it is, never exit 3 "the project cannot be read", and never a report
  silently without the names it was asked for.

The accounts are switched with setpriv, so this runs only as root."""
import json
import os
import shutil
import subprocess
import unittest

from helpers import BIN, ScratchTest

FIRST, SECOND = 60001, 60002


@unittest.skipUnless(os.geteuid() == 0, "switching accounts needs root")
class SharedFolderTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.tmp.chmod(0o755)
        self.p = self.copy_example("pspm")
        shutil.rmtree(self.p / ".interlink", ignore_errors=True)
        self.binary = self.tmp / "interlink"  # a copy both accounts can reach
        shutil.copy2(BIN, self.binary)
        for path in [self.p, *self.p.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        self.homes = {}
        for uid in (FIRST, SECOND):
            home = self.tmp / f"home-{uid}"
            home.mkdir()
            os.chown(home, uid, uid)
            self.homes[uid] = home

    def as_user(self, uid, *args):
        r = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", str(self.binary),
                            "-C", str(self.p), *args], capture_output=True, text=True,
                           env={**self.env, "HOME": str(self.homes[uid])}, timeout=60)
        return r.returncode, r.stdout, r.stderr

    def test_the_second_account_reads_the_project_and_is_told_whose_private_store_it_is(self):
        # The first account runs commands that make .interlink/ and the store.
        self.assertEqual(self.as_user(FIRST, "status")[0], 0)
        code, _, err = self.as_user(FIRST, "add-stakeholder", "--kind", "person", "--sector", "citizen", "--email",
                                    "ada@example.org")
        self.assertEqual(code, 0, err)
        self.assertEqual(os.stat(self.p / ".interlink").st_uid, FIRST)
        self.assertEqual(os.stat(self.p / ".interlink").st_mode & 0o777, 0o700)

        for args in (["status"], ["stakeholders"], ["trace"], ["report"], ["tasks"],
                     ["decide", "X", "--for", "1", "--against", "0", "--dry-run"]):
            code, _, err = self.as_user(SECOND, *args)
            self.assertNotIn(".interlink", err, args)
            self.assertIn(code, (0, 1), (args, err))

        # validate reports the plan's own findings, not the cache folder.
        plan = self.p / "interlink.yaml"
        plan.write_text(plan.read_text().replace("quorum: 0.5 ", "quorum: 7 ", 1))
        code, out, err = self.as_user(SECOND, "validate", "--format", "json")
        self.assertEqual(code, 1, err)
        rules = [f["rule"] for f in json.loads(out)["findings"]]
        self.assertIn("out-of-range", rules)
        self.assertNotIn("unreadable", rules)

        # A write that needs no personal data works.
        code, out, err = self.as_user(SECOND, "add-stakeholder", "Acme Ltd", "--sector", "private")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "added organization acme-ltd (Acme Ltd)\n")

        # What needs the store: exit 4, saying whose it is; nothing recorded.
        hint = "hint: the private store belongs to the account that created it: run this command as that account\n"
        code, out, err = self.as_user(SECOND, "add-stakeholder", "--kind", "person", "--sector", "citizen",
                                      "--email", "bo@example.org")
        self.assertEqual((code, out), (4, ""))
        self.assertEqual(err, f"interlink: error: cannot open the private store {self.p}/.interlink/: Permission "
                              f"denied; nothing was changed\n{hint}")
        for args in (["stakeholders", "--with-names"], ["report", "--with-names"]):
            code, out, err = self.as_user(SECOND, *args)
            self.assertEqual((code, out), (4, ""), args)
            self.assertTrue(err.endswith(f"cannot read the private store {self.p}/.interlink/private.db: Permission "
                                         f"denied\n{hint}"), (args, err))


if __name__ == "__main__":
    unittest.main()
