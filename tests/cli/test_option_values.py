"""A malformed option value is a bad command line (exit 2, SPEC §3) in every
command, before anything is read or written: values outside an option's
closed list, numbers out of range, dates that are not dates. One table of
every command's value-taking options; the project is left unchanged."""
import unittest

from helpers import ScratchTest, snapshot

CASES = [
    ["--color", "sometimes", "validate"],
    ["init", "new", "--template", "no-such-template"],
    ["add-stakeholder", "X", "--sector", "publik"],
    ["add-stakeholder", "X", "--sector", "public", "--kind", "xx"],
    ["add-stakeholder", "X", "--sector", "public", "--role", "xx"],
    ["add-stakeholder", "X", "--sector", "public", "--consent", "maybe"],
    ["add-stakeholder", "X", "--sector", "public", "--influence", "9"],
    ["add-stakeholder", "X", "--sector", "public", "--interest", "high"],
    ["add-stakeholder", "X", "--sector", "public", "--joined", "2026-13-01"],
    ["add-stakeholder", "X", "--sector", "public", "--format", "xml"],
    ["stakeholders", "--kind", "xx"],
    ["stakeholders", "--sector", "xx"],
    ["stakeholders", "--role", "xx"],
    ["stakeholders", "--format", "yaml"],
    ["stakeholder", "update", "comune-di-roma", "--sector", "xx"],
    ["stakeholder", "update", "comune-di-roma", "--role", "xx"],
    ["stakeholder", "update", "comune-di-roma", "--consent", "xx"],
    ["stakeholder", "update", "comune-di-roma", "--influence", "0"],
    ["validate", "--format", "xml"],
    ["log", "--since", "2026-99-01"],
    ["log", "-n", "-1"],
    ["log", "--format", "xml"],
    ["verify", "--format", "xml"],
    ["verify", "--since-rev", "-x"],
    ["completion", "tcsh"],
    ["feedback", "add", "x", "--from", "comune-di-roma", "--type", "xx"],
    ["feedback", "list", "--sector", "xx"],
    ["decide", "T", "--for", "1", "--against", "0", "--rule", "xx"],
    ["decide", "T", "--for", "-1", "--against", "0"],
    ["decide", "T", "--for", "1", "--against", "0", "--eligible", "0"],
    # Text that must say something: blank is refused, not taken for the default.
    ["init", "new", "--title", ""],
    ["init", "new", "--id", " "],
    ["init", "new", "--organization", ""],
    ["task", "skip", "prepare-engagement-plan", "--reason", " "],
    ["run-phase", "engage", "--force", "--reason", " "],
    ["stakeholder", "remove", "comune-di-roma", "--reason", "\t"],
    ["feedback", "add", "   ", "--from", "comune-di-roma"],
    ["decide", " \n", "--for", "1", "--against", "0", "--phase", "engage"],
]


class OptionValuesTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.ok("init", "p")
        self.p = self.tmp / "p"
        self.ok("add-stakeholder", "Comune di Roma", "--sector", "public", cwd=self.p)

    def test_every_malformed_value_is_exit_2_and_changes_nothing(self):
        before = snapshot(self.tmp)
        for args in CASES:
            with self.subTest(args=" ".join(args)):
                r = self.run_cli(*args, cwd=self.p)
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("interlink: error: "), r)
                self.assertEqual(snapshot(self.tmp), before)

    def test_the_same_wording_for_every_enum_option(self):
        r = self.run_cli("stakeholders", "--kind", "persn", cwd=self.p)
        self.assertEqual(r.err, "interlink: error: --kind: unknown kind 'persn' (did you mean 'person'?); "
                                "expected one of: organization, group, person\n"
                                "hint: run 'interlink stakeholders --help'\n")

    def test_a_blank_text_says_which(self):
        r = self.run_cli("init", "new", "--title", " ", cwd=self.p)
        self.assertEqual(r.err.splitlines()[0], "interlink: error: --title: the title is empty")


if __name__ == "__main__":
    unittest.main()
