"""validate inside a git work tree names files relative to the work tree's
root in every format, wherever it runs from (the root with -C, the project
folder, a subfolder of it, a sibling folder, an absolute -C): GitHub
annotations, SARIF and GitLab's JUnit resolve paths against the root."""
import json
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from helpers import ScratchTest
from validate_support import BaseProject

WANT = "plans/pspm/stakeholders/council.yaml"


def paths(fmt, out):
    """The file paths a report names, read the way a CI service reads it."""
    if fmt == "json":
        return {f["file"] for f in json.loads(out)["findings"]}
    if fmt == "sarif":
        return {urllib.parse.unquote(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                for res in json.loads(out)["runs"][0]["results"]}
    if fmt == "junit":
        return {tc.get("file") or tc.get("classname") for tc in ET.fromstring(out).iter("testcase") if len(tc)}
    if fmt == "github":
        return {line.split("file=", 1)[1].split(",", 1)[0] for line in out.splitlines() if "file=" in line}
    return {line.split(":", 1)[0] for line in out.splitlines() if ": error: " in line}


class ValidateGitPathsTest(ScratchTest):
    @classmethod
    def setUpClass(cls):
        cls.base = BaseProject()

    @classmethod
    def tearDownClass(cls):
        cls.base.remove()

    def setUp(self):
        super().setUp()
        self.repo = self.tmp / "repo"
        self.p = self.base.copy(self.repo / "plans" / "pspm")
        (self.p / "stakeholders" / "council.yaml").write_text(
            "id: council\nkind: organization\nname: City council\nsector: pubic\n")
        (self.repo / "docs").mkdir()
        self.git("init", "-q", cwd=self.repo)

    def test_every_format_names_files_from_the_work_tree_root_from_anywhere(self):
        places = [(self.repo, ["-C", "plans/pspm"]), (self.p, []), (self.p / "stakeholders", []),
                  (self.repo / "docs", ["-C", "../plans/pspm"]), (self.tmp, ["-C", str(self.p)])]
        for fmt in ("text", "json", "junit", "sarif", "github"):
            for cwd, args in places:
                with self.subTest(format=fmt, cwd=str(cwd.relative_to(self.tmp)), args=args):
                    r = self.run_cli(*args, "validate", "--format", fmt, cwd=cwd)
                    self.assertEqual(r.code, 1, r)
                    self.assertEqual(paths(fmt, r.out), {WANT})

    def test_the_text_line_is_exact(self):
        r = self.run_cli("validate", cwd=self.p / "stakeholders")
        self.assertIn(f"{WANT}:4:9: error: ", r.out)


if __name__ == "__main__":
    unittest.main()
