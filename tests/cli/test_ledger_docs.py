"""The ledger's man pages render cleanly and agree with --help: every option
and positional that --help lists is documented in the command's page."""
import re
import subprocess
import unittest

from helpers import SOURCE, ScratchTest

PAGES = {("log",): "interlink-log.1", ("verify",): "interlink-verify.1", ("ledger", "dump"): "interlink-ledger.1",
         ("ledger", "merge"): "interlink-ledger.1", ("git-setup",): "interlink-git-setup.1"}


def words(page):
    text = (SOURCE / "man" / page).read_text()
    return text.replace("\\-", "-").replace("\\fI", "").replace("\\fR", "").replace("\\fB", "")


class LedgerDocsTest(ScratchTest):
    def test_help_agrees_with_the_man_pages(self):
        for cmd, page in PAGES.items():
            help_text = self.ok(*cmd, "--help").out
            doc = words(page)
            for option in re.findall(r"^\s+(?:-\w,)?(--[a-z-]+)", help_text, re.M):
                if option != "--help":
                    self.assertIn(option, doc, f"{' '.join(cmd)}: {option} is not in {page}")
            for positional in re.findall(r"^\s+([A-Z]+)\s", help_text, re.M):
                self.assertIn(positional, doc, f"{' '.join(cmd)}: {positional} is not in {page}")
            first = help_text.splitlines()[0]
            self.assertTrue(first, cmd)

    def test_pages_render_without_warnings(self):
        for page in sorted(set(PAGES.values()) | {"interlink-ledger.5"}):
            r = subprocess.run(["groff", "-man", "-ww", "-z", str(SOURCE / "man" / page)], capture_output=True, text=True)
            self.assertEqual((r.returncode, r.stderr), (0, ""), page)


if __name__ == "__main__":
    unittest.main()
