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


# What --help lists for each command: parsing it must find exactly these, so
# that a help layout the regexes miss cannot pass unchecked.
OPTIONS = {("log",): ["--kind", "--subject", "--since", "--max-count", "--format"],
           ("verify",): ["--base", "--since-rev", "--thorough", "--format"], ("ledger", "dump"): [], ("ledger", "merge"): [],
           ("git-setup",): []}
POSITIONALS = {("log",): [], ("verify",): ["LEDGER"], ("ledger", "dump"): ["FILE"],
               ("ledger", "merge"): ["BASE", "OURS", "THEIRS"], ("git-setup",): []}


def synopsis(page):
    """The SYNOPSIS section of a page, as words."""
    text = words(page)
    return text[text.index(".SH SYNOPSIS"):text.index(".SH DESCRIPTION")]


class LedgerDocsTest(ScratchTest):
    def test_help_agrees_with_the_man_pages(self):
        for cmd, page in PAGES.items():
            with self.subTest(command=" ".join(cmd)):
                help_text = self.ok(*cmd, "--help").out
                doc = words(page)
                options = [o for o in re.findall(r"^\s+(?:-\w,)?(--[a-z-]+)", help_text, re.M) if o != "--help"]
                self.assertEqual(options, OPTIONS[cmd])
                for option in options:
                    self.assertIn(option, doc, f"{option} is not in {page}")
                    self.assertIn(option, synopsis(page), f"{option} is not in the synopsis of {page}")
                positionals = re.findall(r"^[ \t]+([A-Z]+)\s", help_text, re.M)
                self.assertEqual(positionals, POSITIONALS[cmd])
                for positional in positionals:
                    self.assertIn(positional, synopsis(page), f"{positional} is not in the synopsis of {page}")
                # A one-line summary, then the usage line naming the command.
                first, usage = help_text.splitlines()[:2]
                self.assertRegex(first, r"^[A-Z][^\n]{10,}[^.]$")
                self.assertTrue(usage.startswith(f"Usage: interlink {' '.join(cmd)} [OPTIONS]"), usage)
                # The page's NAME line names the command.
                self.assertIn(f"\n{'-'.join(('interlink',) + cmd[:1])} - ", doc)

    def test_pages_render_without_warnings(self):
        for page in sorted(set(PAGES.values()) | {"interlink-ledger.5"}):
            r = subprocess.run(["groff", "-man", "-ww", "-z", str(SOURCE / "man" / page)], capture_output=True, text=True)
            self.assertEqual((r.returncode, r.stderr), (0, ""), page)


if __name__ == "__main__":
    unittest.main()
