"""Standard output that fails (a full disk, /dev/full, a closed descriptor)
is an error, exit 4, never a silent success with the output lost; and a
process started with a standard stream closed does not write into the first
file it opens (cmd/std_streams.hpp)."""
import os
import subprocess
import unittest

from helpers import BIN, ScratchTest


class StdoutFailureTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")

    def run_to(self, args, stdout=None, close=()):
        """Runs interlink with stdout to the given file object, closing the given descriptors in the child."""
        def closing():
            for fd in close:
                os.close(fd)
        proc = subprocess.run([BIN, "-C", str(self.p), *args], env=self.env, stdout=stdout, stderr=subprocess.PIPE,
                              text=True, preexec_fn=closing if close else None, timeout=120)
        return proc.returncode, proc.stderr

    def test_a_full_output_is_exit_4_with_a_message(self):
        for args in (["status"], ["report", "--format", "json"], ["log"], ["tasks"], ["stakeholders"],
                     ["ledger", "dump", str(self.p / "ledger.db")], ["--version"]):
            with self.subTest(args=args), open("/dev/full", "w") as full:
                code, err = self.run_to(args, stdout=full)
                self.assertEqual(code, 4, err)
                self.assertIn("interlink: error: cannot write standard output", err)

    def test_a_closed_output_is_exit_4_only_when_something_was_printed(self):
        code, err = self.run_to(["log"], close=(1,))
        self.assertEqual((code, err.splitlines()[0]), (4, "interlink: error: cannot write standard output: it is closed"))
        # A change under -q that prints nothing (no new id to give): nothing was lost.
        code, err = self.run_to(["-q", "task", "skip", "workshop-participation-functions", "--reason", "Merged"],
                                close=(1,))
        self.assertEqual((code, err), (0, ""))
        # Closed stdin and stderr are no failure of standard output.
        code, _ = self.run_to(["status"], stdout=subprocess.DEVNULL, close=(0, 2))
        self.assertEqual(code, 0)

    def test_a_write_whose_confirmation_is_lost_says_the_change_was_made(self):
        code, err = self.run_to(["add-stakeholder", "Closed Org", "--sector", "public"], close=(1,))
        self.assertEqual(code, 4, err)
        self.assertIn("hint: the change itself was recorded", err)
        # The change is whole: its event, and its file holding only YAML (with
        # stdout closed, the first file opened would have been descriptor 1).
        self.assertEqual((self.p / "stakeholders" / "closed-org.yaml").read_text().splitlines()[0], "id: closed-org")
        self.assertIn("closed-org", self.ok("-C", str(self.p), "log", "-n", "1").out)
        self.assertEqual(self.ok("-C", str(self.p), "validate").code, 0)


if __name__ == "__main__":
    unittest.main()
