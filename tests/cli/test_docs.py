"""The documentation agrees with the binary: every command has a man page,
every page renders without warnings, and every option --help shows is
documented in the command's page."""
import re
import subprocess
import unittest

from helpers import SOURCE, run

MAN = SOURCE / "man"


def subcommands(help_text):
    out, on = [], False
    for line in help_text.splitlines():
        if line.strip().lower().startswith("subcommands:"):
            on = True
            continue
        if on:
            m = re.match(r"^  ([a-z][a-z-]*)\b", line)
            if m:
                out.append(m.group(1))
            elif not line.strip():
                break
    return out


def long_options(help_text):
    return sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_text)) - {"--help"})


class DocsTest(unittest.TestCase):
    def test_every_page_renders_without_warnings(self):
        pages = sorted(MAN.glob("*.[15]"))
        self.assertGreater(len(pages), 3)
        for page in pages:
            with self.subTest(page=page.name):
                r = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True, text=True)
                self.assertEqual((r.returncode, r.stderr), (0, ""))

    def test_every_command_has_a_page_that_documents_its_options(self):
        top = run(["--help"])
        self.assertEqual(top.code, 0)
        cmds = subcommands(top.out)
        self.assertIn("init", cmds)
        main_page = (MAN / "interlink.1").read_text()
        for opt in long_options(top.out):
            self.assertTrue(opt.replace("-", r"\-") in main_page, f"interlink.1 lacks {opt}")
        for cmd in cmds:
            with self.subTest(command=cmd):
                page = MAN / f"interlink-{cmd}.1"
                self.assertTrue(page.exists(), f"no man page for {cmd}")
                self.assertTrue(cmd.replace("-", r"\-") in main_page, f"interlink.1 does not list {cmd}")
                text = page.read_text()
                h = run([cmd, "--help"])
                self.assertEqual(h.code, 0, h)
                opts = long_options(h.out)
                # Subcommands of a command (ledger dump/merge …) have options too.
                for sub in subcommands(h.out):
                    opts += long_options(run([cmd, sub, "--help"]).out)
                for opt in sorted(set(opts)):
                    self.assertTrue(opt.replace("-", r"\-") in text, f"interlink-{cmd}.1 lacks {opt}")

    def test_every_format_option_refuses_an_unknown_value_the_same_way(self):
        """Each command that takes --format lists its choices in --help, and a
        near miss is refused before anything runs, with the same message."""
        seen = 0
        for cmd in subcommands(run(["--help"]).out):
            h = run([cmd, "--help"])
            paths = [[cmd]] + [[cmd, sub] for sub in subcommands(h.out)]
            for path in paths:
                m = re.search(r"--format FORMAT +.*\(([a-z, ]+)\)$", run([*path, "--help"]).out, re.M)
                if not m:
                    continue
                seen += 1
                choices = m.group(1)
                with self.subTest(command=" ".join(path)):
                    r = run([*path, "--format", "jsn"])
                    self.assertEqual(r.code, 2, r)
                    self.assertEqual(r.err.splitlines()[0],
                                     "interlink: error: --format: unknown format 'jsn' (did you mean 'json'?); "
                                     f"expected one of: {choices}")
        self.assertGreaterEqual(seen, 8)

    def test_version_and_help_exit_zero(self):
        version = run(["--version"]).out
        self.assertRegex(version, r"^interlink \d+\.\d+\.\d+ \(git ([0-9a-f]{12}(\+dirty)?|unknown)\)\n$")
        # The fast path of a bare --version (cmd/app.cpp) prints what CLI11's flag prints.
        self.assertEqual(run(["--quiet", "--version"]).out, version)
        self.assertEqual(run(["--help"]).code, 0)

    def test_each_command_is_built_alone_under_its_own_name(self):
        """cmd/app.cpp builds only the command named on the command line, found
        by its name in kCommands: each name there must be the one its register
        function adds, also after global options, or the command is unknown."""
        for cmd in subcommands(run(["--help"]).out):
            with self.subTest(cmd=cmd):
                for argv in ([cmd, "--help"], ["-q", "-C", ".", "--color", "never", cmd, "--help"],
                             ["--actor=x", cmd, "--help"]):
                    r = run(argv)
                    self.assertEqual(r.code, 0, (argv, r))
                    self.assertIn(f"Usage: interlink {cmd} ", r.out.replace("\n", " "), argv)
        # The same words in other places still reach the right command, and
        # a command that is not the first word leaves every command built.
        r = run(["-C", "status", "log", "--help"])
        self.assertIn("Usage: interlink log ", r.out)
        r = run(["--actor", "log", "stakeholders", "--help"])
        self.assertIn("Usage: interlink stakeholders ", r.out)
        # completion walks every command: its script names them all.
        script = run(["completion", "bash"]).out
        for cmd in subcommands(run(["--help"]).out):
            self.assertIn(cmd, script)

    def test_bad_command_lines_exit_2(self):
        r = run(["no-such-command"])
        self.assertEqual(r.code, 2, r)
        self.assertTrue(r.err.startswith("interlink: error: "), r.err)
        r = run(["--no-such-flag"])
        self.assertEqual(r.code, 2, r)

    def test_a_mistake_points_at_the_help_that_explains_it(self):
        cases = [
            ([], "interlink: error: no command given\n"
                 "hint: run 'interlink --help' or 'interlink COMMAND --help'\n"),
            (["valdate"], "interlink: error: unknown command 'valdate' (did you mean 'validate'?)\n"
                          "hint: run 'interlink --help' or 'interlink COMMAND --help'\n"),
            (["-C", "x", "stakeholdrs"], "interlink: error: unknown command 'stakeholdrs' (did you mean "
                                         "'stakeholders'?)\nhint: run 'interlink --help' or 'interlink COMMAND "
                                         "--help'\n"),
            (["log", "-n", "many"], None),
            (["log", "-n", "-1"], None),
            (["ledger", "dump"], "interlink: error: FILE is required\nhint: run 'interlink ledger dump --help'\n"),
        ]
        for args, err in cases:
            with self.subTest(args=args):
                r = run(args)
                self.assertEqual(r.code, 2, r)
                if err is None:
                    self.assertEqual(r.err, f"interlink: error: --max-count: '{args[-1]}' is not a whole number of "
                                            "events, 0 or more\nhint: run 'interlink log --help'\n")
                else:
                    self.assertEqual(r.err, err)


if __name__ == "__main__":
    unittest.main()
