"""End-to-end tests of -o FILE, shared by report, validate and portfolio
(fs::write_output): a regular file is replaced whole, and a file that is not
one (a named pipe, a link to one, a device) is written into and left what it
was. Replacing it by rename made `report -o /dev/null`, run as root by the
benchmark, turn the machine's /dev/null into a regular file."""
import os
import stat
import threading
import unittest

from helpers import ScratchTest
from report_support import make_pspm


class PipeReader(threading.Thread):
    """Reads a named pipe to its end, as a consumer of -o /dev/stdout or a fifo would."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.data = path, b""

    def run(self):
        with open(self.path, "rb") as f:
            self.data = f.read()


class OutputFileTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_pspm(self)

    def commands(self):
        # (what, argv, a line its output must hold)
        return [("report", ["report", "--format", "md"], "# "),
                ("validate", ["validate", "--format", "json"], '"errors"'),
                ("portfolio", ["portfolio", str(self.p)], "| ")]

    def written_through(self, target, argv):
        """Runs argv with -o target while a reader drains the pipe; returns what it read."""
        reader = PipeReader(self.fifo)
        reader.start()
        r = self.run_cli(*argv, "-o", str(target), cwd=self.p, timeout=60)
        # Checked before waiting: a pipe replaced by a file has no writer, and its reader would wait.
        self.assertTrue(stat.S_ISFIFO(os.stat(self.fifo).st_mode), "the pipe was replaced")
        reader.join(30)
        self.assertFalse(reader.is_alive(), "the command never closed the pipe")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out, "")
        return reader.data.decode()

    def test_a_named_pipe_is_written_into_and_stays_a_pipe(self):
        self.fifo = self.tmp / "out.fifo"
        os.mkfifo(self.fifo)
        link = self.tmp / "out.link"
        link.symlink_to(self.fifo)
        for what, argv, marker in self.commands():
            for target in (self.fifo, link):
                with self.subTest(what=what, target=target.name):
                    text = self.written_through(target, argv)
                    self.assertIn(marker, text)
                    self.assertTrue(stat.S_ISFIFO(os.stat(self.fifo).st_mode), "the pipe was replaced")
                    self.assertTrue(link.is_symlink(), "the link was replaced")
        # Nothing left beside them: no temporary file of a replacement.
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("out")),
                         ["out.fifo", "out.link"])

    def test_a_regular_file_is_replaced_whole(self):
        out = self.tmp / "out.txt"
        out.write_text("old text that is longer than what replaces it " * 1000)
        for what, argv, marker in self.commands():
            with self.subTest(what=what):
                self.ok(*argv, "-o", str(out), cwd=self.p)
                text = out.read_text()
                self.assertIn(marker, text)
                self.assertNotIn("old text", text)
                self.assertTrue(stat.S_ISREG(os.lstat(out).st_mode))
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("out")), ["out.txt"])

    def test_a_link_to_a_file_stays_a_link_and_its_file_is_replaced(self):
        # As -o /dev/stdout does when the output goes to a file: the link
        # (/dev/stdout, as root) was replaced by a regular file.
        out = self.tmp / "out.txt"
        out.write_text("old")
        link = self.tmp / "out.link"
        link.symlink_to(out)
        for what, argv, marker in self.commands():
            with self.subTest(what=what):
                self.ok(*argv, "-o", str(link), cwd=self.p)
                self.assertTrue(link.is_symlink(), "the link was replaced")
                self.assertIn(marker, out.read_text())
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("out")),
                         ["out.link", "out.txt"])

    def test_a_missing_folder_is_refused_not_made(self):
        # A typo in a CI path (-o reprots/x.sarif) passed, and the artifact
        # step found nothing; as root, -o /nonexistent/x made /nonexistent.
        for what, argv, _ in self.commands():
            with self.subTest(what=what):
                r = self.run_cli(*argv, "-o", str(self.tmp / "no" / "such" / "out.txt"), cwd=self.p)
                self.assertEqual((r.code, r.out), (4, ""), r)
                self.assertEqual(r.err, f"interlink: error: cannot write {self.tmp}/no/such/out.txt: the folder "
                                        f"{self.tmp}/no/such does not exist\nhint: create it first, or name one in "
                                        "a folder that exists\n")
                self.assertFalse((self.tmp / "no").exists())

    def test_csv_goes_into_a_folder_made_as_mkdir_would(self):
        # Several sections: DIR is made, never its parents.
        r = self.run_cli("report", "--format", "csv", "-o", str(self.tmp / "a" / "b" / ""), cwd=self.p)
        self.assertEqual(r.code, 4, r)
        self.assertFalse((self.tmp / "a").exists())
        out = self.tmp / "out"
        self.ok("report", "--format", "csv", "-o", f"{out}/", cwd=self.p)
        self.assertIn("overview.csv", [p.name for p in out.iterdir()])
        # One section and a folder (one that exists, or a name ending in
        # '/'): the section's file in it ("cannot replace out/", exit 4, and
        # the folder left behind).
        (out / "overview.csv").unlink()
        self.ok("report", "--format", "csv", "--section", "overview", "-o", str(out), cwd=self.p)
        self.ok("report", "--format", "csv", "--section", "decisions", "-o", f"{self.tmp}/fresh/", cwd=self.p)
        self.assertTrue((out / "overview.csv").read_text().startswith("key,value\n"))
        self.assertEqual([p.name for p in (self.tmp / "fresh").iterdir()], ["decisions.csv"])


if __name__ == "__main__":
    unittest.main()
