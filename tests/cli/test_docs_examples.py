"""The EXAMPLES of the process commands' man pages run commands the binary
knows: each '$ interlink ...' line names a command (and subcommand) that
exists, and only long options that its --help shows."""
import re
import shlex
import unittest

from helpers import SOURCE, run
from test_docs import subcommands

MAN = SOURCE / "man"
PAGES = ["run-phase", "status", "task", "tasks", "feedback", "decide", "decisions", "trace"]
GLOBAL_WITH_VALUE = {"-C", "--actor", "--color"}
GLOBAL_FLAGS = {"-q", "--quiet"}


def example_commands(page):
    """The '$ interlink ...' lines of the EXAMPLES section, unescaped, with
    their continuation lines joined; shell pipes and lists cut off."""
    text = page.read_text()
    m = re.search(r"^\.SH EXAMPLES\n(.*?)(?=^\.SH )", text, re.M | re.S)
    assert m, f"{page.name} has no EXAMPLES section"
    lines = m.group(1).splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ interlink "):
            cmd = line
            while cmd.endswith("\\e") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-2] + " " + lines[i].strip()
            cmd = cmd[2:].replace("\\-", "-").replace("\\e", "\\")
            out.append(cmd)
        i += 1
    return out


def words_of(cmd):
    words = shlex.split(cmd, posix=True)
    for stop in ("|", ";", "&&", ">"):
        if stop in words:
            words = words[: words.index(stop)]
    # shlex keeps 'X;' glued: cut at a word ending in ';'.
    for k, w in enumerate(words):
        if w.endswith(";"):
            words = words[:k] + [w[:-1]]
            break
    return words[1:]  # drop 'interlink'


class DocsExamplesTest(unittest.TestCase):
    def test_the_examples_of_the_process_pages_use_known_commands_and_options(self):
        known = subcommands(run(["--help"]).out)
        helps = {}

        def help_of(path):
            key = tuple(path)
            if key not in helps:
                r = run([*path, "--help"])
                self.assertEqual(r.code, 0, r)
                helps[key] = r.out
            return helps[key]

        total = 0
        for name in PAGES:
            page = MAN / f"interlink-{name}.1"
            cmds = example_commands(page)
            self.assertTrue(cmds, f"{page.name}: no '$ interlink' line in EXAMPLES")
            for cmd in cmds:
                total += 1
                with self.subTest(page=page.name, command=cmd):
                    words = words_of(cmd)
                    # Global options may come first.
                    while words and (words[0] in GLOBAL_FLAGS or words[0] in GLOBAL_WITH_VALUE):
                        words = words[2:] if words[0] in GLOBAL_WITH_VALUE else words[1:]
                    self.assertTrue(words, cmd)
                    self.assertIn(words[0], known, f"unknown command in: {cmd}")
                    path = [words[0]]
                    subs = subcommands(help_of(path))
                    if subs:
                        self.assertGreater(len(words), 1, cmd)
                        self.assertIn(words[1], subs, f"unknown subcommand in: {cmd}")
                        path.append(words[1])
                    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_of(path) + help_of([])))
                    for w in words[len(path):]:
                        if re.fullmatch(r"--[a-z][a-z-]*", w):
                            self.assertIn(w, options, f"{w} is not an option of 'interlink {' '.join(path)}'")
        self.assertGreaterEqual(total, 20)

    def test_the_examples_name_the_page_of_their_own_command(self):
        for name in PAGES:
            page = MAN / f"interlink-{name}.1"
            first = [words_of(c)[0] for c in example_commands(page)]
            with self.subTest(page=page.name):
                self.assertIn(name, first, f"{page.name}: no example runs 'interlink {name}'")


if __name__ == "__main__":
    unittest.main()
