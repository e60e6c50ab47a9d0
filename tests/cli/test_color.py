"""Colour is used on a terminal only: not with NO_COLOR, not on a terminal
that says it is dumb (TERM=dumb), always with --color always. Run on a real
pseudo-terminal, since colour depends on isatty()."""
import os
import subprocess
import unittest

from helpers import BIN, ScratchTest


class ColorTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")

    def on_a_terminal(self, *args, **env):
        """Standard output of interlink run on a pseudo-terminal, with env added and NO_COLOR unset."""
        master, slave = os.openpty()
        e = {k: v for k, v in self.env.items() if k != "NO_COLOR"}
        e.update(env)
        try:
            proc = subprocess.run([BIN, "-C", str(self.p), *args], env=e, stdout=slave, stderr=subprocess.PIPE,
                                  timeout=60)
            os.close(slave)
            out = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO once the terminal has nothing more
                    break
                if not chunk:
                    break
                out += chunk
        finally:
            os.close(master)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return out.decode()

    def test_colour_on_a_terminal_but_not_a_dumb_one(self):
        self.assertIn("\x1b[", self.on_a_terminal("log", "-n", "1", TERM="xterm"))
        self.assertNotIn("\x1b[", self.on_a_terminal("log", "-n", "1", TERM="dumb"))
        self.assertNotIn("\x1b[", self.on_a_terminal("log", "-n", "1", TERM="xterm", NO_COLOR="1"))
        self.assertIn("\x1b[", self.on_a_terminal("--color", "always", "log", "-n", "1", TERM="dumb"))


if __name__ == "__main__":
    unittest.main()
