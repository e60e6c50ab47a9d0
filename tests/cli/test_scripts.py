"""The project's own shell scripts (scripts/, .ci/run): the README's two
commands run them on a fresh machine, so a mistake there fails for every
user. Checked statically, as running them means installing and building."""
import re
import subprocess
import unittest

from helpers import SOURCE


def scripts():
    return sorted((SOURCE / "scripts").glob("*.sh")) + [SOURCE / ".ci" / "run"]


class ScriptsTest(unittest.TestCase):
    def test_no_pipe_into_head_under_errexit_and_pipefail(self):
        # `cmd | head -n 24` under `set -e -o pipefail`: head exits after its
        # lines, cmd's next write gets SIGPIPE (status 141), and the script
        # stops there, but only when the scheduler lets head finish first. It
        # broke scripts/demo.sh on a loaded machine.
        offenders = []
        for path in scripts():
            text = path.read_text()
            strict = re.search(r"^set -[a-z]*e[a-z]* .*pipefail", text, re.M)  # set -euo pipefail, ...
            if not strict:
                continue
            for n, line in enumerate(text.splitlines(), 1):
                code = line.split("#", 1)[0]
                if re.search(r"\|\s*head\b", code) and "|| true" not in code:
                    offenders.append(f"{path.relative_to(SOURCE)}:{n}: {line.strip()}")
        self.assertEqual(offenders, [])

    def test_scripts_are_valid_bash(self):
        for path in scripts():
            r = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, f"{path}: {r.stderr}")


if __name__ == "__main__":
    unittest.main()
