"""The example projects: they validate and verify clean, hold what the issue
asks of them, and are exactly what examples/regenerate.sh makes from
examples/src/ with this binary (so a change of the file formats that forgets
to regenerate them fails here)."""
import shutil
import subprocess
import unittest
from pathlib import Path

from helpers import BIN, EXAMPLES, ScratchTest


def tracked_files(folder):
    """Every file of a project folder except the private store, with its bytes."""
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".interlink" not in p.relative_to(folder).parts}


class ExamplesTest(ScratchTest):
    def test_each_example_validates_and_verifies(self):
        for name in ("pspm", "municipal"):
            with self.subTest(example=name):
                project = self.copy_example(name)
                r = self.ok("-C", str(project), "validate")
                self.assertEqual(r.out.strip().splitlines()[-1], "0 errors, 0 warnings")
                self.ok("-C", str(project), "verify")

    def test_pspm_has_many_administrations_and_organisations(self):
        stakeholders = list((EXAMPLES / "pspm" / "stakeholders").glob("*.yaml"))
        self.assertGreaterEqual(len(stakeholders), 30)
        sectors = {}
        kinds = set()
        for f in stakeholders:
            text = f.read_text()
            sector = next(l.split(": ")[1] for l in text.splitlines() if l.startswith("sector: "))
            sectors[sector] = sectors.get(sector, 0) + 1
            kinds.add(next(l.split(": ")[1] for l in text.splitlines() if l.startswith("kind: ")))
            if "kind: person" in text:
                self.assertNotIn("name:", text, f)
        self.assertEqual(kinds, {"organization", "group", "person"})
        self.assertEqual(set(sectors), {"public", "private", "nonprofit", "academia", "citizen"})
        self.assertGreaterEqual(sectors["public"], 15)

    def test_examples_are_what_regenerate_makes(self):
        copy = self.tmp / "examples"
        shutil.copytree(EXAMPLES / "src", copy / "src")
        shutil.copy(EXAMPLES / "regenerate.sh", copy / "regenerate.sh")
        r = subprocess.run(["sh", str(copy / "regenerate.sh"), BIN], capture_output=True, text=True, env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        for name in ("pspm", "municipal"):
            with self.subTest(example=name):
                self.assertEqual(tracked_files(copy / name), tracked_files(EXAMPLES / name),
                                 "examples/ is stale: run examples/regenerate.sh and commit the result")


if __name__ == "__main__":
    unittest.main()
