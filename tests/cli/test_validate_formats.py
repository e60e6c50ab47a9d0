"""validate as a CI gate, end to end: each --format on broken projects is
checked by a parser or schema (JSON keys of SPEC §8, JUnit XML through
xml.etree, SARIF 2.1.0 through jsonschema, GitHub workflow-command syntax),
and all formats agree on the same findings; exit codes 0/1/2/3, --strict,
-o, paths under -C, colour, determinism."""
import json
import re
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from helpers import SOURCE, ScratchTest
from validate_support import BaseProject

SARIF_SCHEMA = json.loads((SOURCE / "tests" / "cli" / "data" / "sarif-2.1.0-subset.schema.json").read_text())
FORMATS = ["text", "json", "junit", "sarif", "github"]
# Workflow command: ::error|warning with file, line, col, title properties (escaped) and the message.
GITHUB_LINE = re.compile(r"^::(error|warning) (file=[^,:\r\n]+,)?(line=[1-9]\d*,)?(col=[1-9]\d*,)?title=[a-z][a-z-]*::(.*)$")
TEXT_LINE = re.compile(r"^(.+?): (error|warning): (.*) \[([a-z][a-z-]*)\]$")
SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings?$")
ODD_FILE = "città, a:b.yaml"  # a comma, a colon, a space and a non-ASCII letter in one path


def gh_unescape(s):
    return s.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


class ValidateFormatsTest(ScratchTest):
    @classmethod
    def setUpClass(cls):
        cls.base = BaseProject()

    @classmethod
    def tearDownClass(cls):
        cls.base.remove()

    # A project with errors and warnings in several files, and messages and
    # paths that need escaping in every format.
    def broken(self, name="broken"):
        p = self.base.copy(self.tmp / name)
        manifest = (p / "interlink.yaml").read_text()
        manifest = manifest.replace("requires: [map-stakeholders]", "requires: [map-stakehlders]", 1)
        manifest += '"odd <key> & \\"quotes\\"\\nnext line": 1\n'
        (p / "interlink.yaml").write_text(manifest)
        (p / "stakeholders" / "council.yaml").write_text(
            "id: council\nkind: organization\nname: City council\nsector: pubic\n")
        (p / "stakeholders" / ODD_FILE).write_text("id: citta\nkind: group\nname: Residents\nsector: citizen\n")
        return p

    def validate(self, project, *args):
        return self.run_cli("-C", str(project), "validate", *args)

    def findings(self, project, *args):
        r = self.validate(project, "--format", "json", *args)
        return r, json.loads(r.out)

    # --- json

    def test_json_has_the_spec_keys_in_order_and_consistent_counts(self):
        r, j = self.findings(self.broken())
        self.assertEqual(r.code, 1, r)
        self.assertEqual(list(j), ["valid", "errors", "warnings", "findings"])
        self.assertIs(j["valid"], False)
        for f in j["findings"]:
            self.assertEqual(list(f), ["rule", "severity", "file", "line", "column", "message"])
            self.assertIn(f["severity"], ("error", "warning"))
            self.assertIsInstance(f["line"], int)
            self.assertIsInstance(f["column"], int)
        sev = [f["severity"] for f in j["findings"]]
        self.assertEqual((j["errors"], j["warnings"]), (sev.count("error"), sev.count("warning")))
        rules = {(f["rule"], f["file"]) for f in j["findings"]}
        self.assertIn(("dangling-reference", "broken/interlink.yaml"), rules)
        self.assertIn(("bad-value", "broken/stakeholders/council.yaml"), rules)
        self.assertIn(("file-name", f"broken/stakeholders/{ODD_FILE}"), rules)
        self.assertIn(("unknown-key", "broken/interlink.yaml"), rules)
        odd = [f for f in j["findings"] if f["rule"] == "unknown-key" and "odd" in f["message"]]
        self.assertEqual(len(odd), 1)
        self.assertIn('odd <key> & "quotes"\nnext line', odd[0]["message"])
        # Sorted by file, line, column.
        keys = [(f["file"], f["line"], f["column"]) for f in j["findings"]]
        self.assertEqual(keys, sorted(keys))

    # --- junit

    def test_junit_parses_and_counts_match_the_findings(self):
        p = self.broken()
        _, j = self.findings(p)
        r = self.validate(p, "--format", "junit")
        self.assertEqual(r.code, 1, r)
        root = ET.fromstring(r.out.encode())
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual(int(root.get("tests")), len(j["findings"]))
        self.assertEqual(int(root.get("failures")), j["errors"])
        self.assertEqual(root.get("errors"), "0")
        cases = []
        for suite in root.findall("testsuite"):
            tcs = suite.findall("testcase")
            self.assertEqual(int(suite.get("tests")), len(tcs))
            self.assertEqual(int(suite.get("failures")), sum(1 for tc in tcs if tc.find("failure") is not None))
            for tc in tcs:
                self.assertEqual(tc.get("classname"), suite.get("name"))
                cases.append((suite.get("name"), tc))
        self.assertEqual(len(cases), len(j["findings"]))
        for (suite, tc), f in zip(cases, j["findings"]):
            self.assertEqual(suite, f["file"])
            self.assertTrue(tc.get("name").startswith(f["rule"]), tc.get("name"))
            failure = tc.find("failure")
            if f["severity"] == "error":
                self.assertEqual(failure.get("type"), f["rule"])
                self.assertEqual(failure.get("message"), f["message"])  # attribute newlines survive as &#10;
                self.assertIn(f["message"], failure.text)
            else:
                self.assertIsNone(failure)
                self.assertIn(f["message"], tc.find("system-out").text)

    # --- sarif

    def test_sarif_is_valid_2_1_0_and_matches_the_findings(self):
        p = self.broken()
        _, j = self.findings(p)
        r = self.validate(p, "--format", "sarif")
        self.assertEqual(r.code, 1, r)
        log = json.loads(r.out)
        jsonschema.Draft7Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
        self.assertEqual(log["version"], "2.1.0")
        self.assertEqual(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json")
        self.assertEqual(len(log["runs"]), 1)
        run = log["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual(driver["name"], "interlink")
        self.assertRegex(driver["version"], r"^\d+\.\d+\.\d+")
        rule_ids = [rule["id"] for rule in driver["rules"]]
        self.assertEqual(rule_ids, sorted({f["rule"] for f in j["findings"]}))
        for rule in driver["rules"]:
            self.assertTrue(rule["shortDescription"]["text"])
        self.assertEqual(len(run["results"]), len(j["findings"]))
        for res, f in zip(run["results"], j["findings"]):
            self.assertEqual(res["ruleId"], f["rule"])
            self.assertEqual(rule_ids[res["ruleIndex"]], f["rule"])
            self.assertEqual(res["level"], f["severity"])
            self.assertEqual(res["message"]["text"], f["message"])
            loc = res["locations"][0]["physicalLocation"]
            uri = loc["artifactLocation"]["uri"]
            self.assertRegex(uri, r"^[A-Za-z0-9._~/%-]+$")  # a relative reference, nothing left unescaped
            self.assertEqual(urllib.parse.unquote(uri), f["file"])
            region = loc["region"]  # always: GitHub code scanning places a result by it
            self.assertEqual(region["startLine"], f["line"] or 1)
            self.assertEqual(region.get("startColumn", 0), f["column"] if f["line"] else 0)

    def test_sarif_puts_a_whole_file_finding_at_line_1(self):
        p = self.base.copy(self.tmp / "p")
        (p / "ledger.db").unlink()  # a finding about a whole file: line 0
        r = self.validate(p, "--format", "sarif")
        self.assertEqual(r.code, 1, r)
        log = json.loads(r.out)
        jsonschema.validate(log, SARIF_SCHEMA)
        (res,) = log["runs"][0]["results"]
        self.assertEqual(res["ruleId"], "ledger-missing")
        # GitHub code scanning needs region.startLine (SARIF validator GH1003);
        # no column, which SARIF requires to be at least 1.
        self.assertEqual(res["locations"][0]["physicalLocation"]["region"], {"startLine": 1})

    def test_sarif_uris_are_relative_below_the_working_folder_and_file_uris_elsewhere(self):
        p = self.base.copy(self.tmp / "my project")
        (p / "ledger.db").unlink()
        sub = p / "stakeholders"
        for cwd, args, uri in [(self.tmp, ["-C", "my project"], "my%20project/ledger.db"),
                               (sub, [], f"file://{p.as_posix()}/ledger.db")]:
            with self.subTest(cwd=cwd):
                r = self.run_cli(*args, "validate", "--format", "sarif", cwd=cwd)
                log = json.loads(r.out)
                jsonschema.validate(log, SARIF_SCHEMA)
                (res,) = log["runs"][0]["results"]
                self.assertEqual(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                 uri.replace(" ", "%20"))

    # --- github

    def test_github_lines_are_workflow_commands_that_unescape_to_the_findings(self):
        p = self.broken()
        _, j = self.findings(p)
        r = self.validate(p, "--format", "github")
        self.assertEqual(r.code, 1, r)
        lines = r.out.split("\n")
        self.assertEqual(lines[-1], "")
        lines = lines[:-1]
        self.assertEqual(len(lines), len(j["findings"]))
        for line, f in zip(lines, j["findings"]):
            m = GITHUB_LINE.match(line)
            self.assertTrue(m, line)
            self.assertEqual(m.group(1), f["severity"])
            props = dict(kv.split("=", 1) for kv in line[2:].split("::", 1)[0].split(" ", 1)[1].split(","))
            self.assertEqual(gh_unescape(props["file"]), f["file"])
            self.assertEqual(int(props.get("line", 0)), f["line"])
            self.assertEqual(props["title"], f["rule"])
            self.assertEqual(gh_unescape(m.group(5)), f["message"])
        self.assertIn("file=broken/stakeholders/città%2C a%3Ab.yaml,", r.out)
        self.assertIn("%0Anext line", r.out)

    # --- text

    def test_text_is_one_line_per_finding_and_a_summary(self):
        p = self.broken()
        _, j = self.findings(p)
        r = self.validate(p)
        self.assertEqual(r.code, 1, r)
        lines = r.out.splitlines()
        self.assertEqual(len(lines), len(j["findings"]) + 1)
        for line, f in zip(lines, j["findings"]):
            m = TEXT_LINE.match(line)
            self.assertTrue(m, line)
            where = f["file"] + (f":{f['line']}" if f["line"] else "") + (f":{f['column']}" if f["line"] and f["column"] else "")
            self.assertEqual(m.groups(), (where, f["severity"], f["message"].replace("\n", "\\n"), f["rule"]))
        m = SUMMARY.match(lines[-1])
        self.assertTrue(m, lines[-1])
        self.assertEqual((int(m.group(1)), int(m.group(2))), (j["errors"], j["warnings"]))
        self.assertNotIn("\033[", r.out)

    def test_text_colour_on_request(self):
        p = self.broken()
        r = self.validate(p, "--color", "always")
        self.assertIn("\033[1;31merror:\033[0m", r.out)
        r = self.run_cli("--color", "never", "-C", str(p), "validate")
        self.assertNotIn("\033[", r.out)

    # --- outcomes

    def test_a_clean_project_passes_in_every_format(self):
        p = self.base.copy(self.tmp / "clean")
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                r = self.validate(p, "--format", fmt)
                self.assertEqual(r.code, 0, r)
                self.assertEqual(r.err, "")
                if fmt == "text":
                    self.assertEqual(r.out, "0 errors, 0 warnings\n")
                elif fmt == "json":
                    self.assertEqual(json.loads(r.out), {"valid": True, "errors": 0, "warnings": 0, "findings": []})
                elif fmt == "junit":
                    root = ET.fromstring(r.out.encode())
                    self.assertEqual((root.get("tests"), root.get("failures")), ("1", "0"))
                elif fmt == "sarif":
                    log = json.loads(r.out)
                    jsonschema.validate(log, SARIF_SCHEMA)
                    self.assertEqual(log["runs"][0]["results"], [])
                else:
                    self.assertEqual(r.out, "")

    def test_strict_turns_warnings_into_errors(self):
        p = self.base.copy(self.tmp / "p")
        (p / "interlink.yaml").write_text((p / "interlink.yaml").read_text() + "titel: typo\n")
        r, j = self.findings(p)
        self.assertEqual(r.code, 0, r)
        self.assertEqual((j["valid"], j["errors"], j["warnings"]), (True, 0, 1))
        self.assertEqual(j["findings"][0]["message"], "unknown key 'titel' in interlink.yaml (did you mean 'title'?)")
        r, j = self.findings(p, "--strict")
        self.assertEqual(r.code, 1, r)
        self.assertEqual((j["valid"], j["errors"], j["warnings"]), (False, 1, 0))
        self.assertEqual(j["findings"][0]["severity"], "error")
        r = self.validate(p, "--strict", "--format", "github")
        self.assertTrue(r.out.startswith("::error "), r)

    def test_unreadable_manifest_is_still_a_report_in_every_format_and_exit_3(self):
        p = self.base.copy(self.tmp / "p")
        (p / "interlink.yaml").write_text("interlink: 1\nid: p\ntitle: [unclosed\n")
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                r = self.validate(p, "--format", fmt)
                self.assertEqual(r.code, 3, r)
                self.assertIn("p/interlink.yaml:4:1", r.out if fmt == "text" else r.out + r.err)
                if fmt != "text":
                    self.assertRegex(r.err, r"^interlink: error: p/interlink.yaml:4:1: YAML syntax error: ")
        r, j = self.findings(p)
        self.assertEqual(j["valid"], False)
        self.assertEqual([f["rule"] for f in j["findings"]], ["unreadable"])
        r = self.validate(p, "--format", "junit")
        self.assertEqual(ET.fromstring(r.out.encode()).get("failures"), "1")
        r = self.validate(p, "--format", "sarif")
        jsonschema.validate(json.loads(r.out), SARIF_SCHEMA)

    def test_unreadable_manifest_version_gives_its_hint(self):
        p = self.base.copy(self.tmp / "p")
        (p / "interlink.yaml").write_text((p / "interlink.yaml").read_text().replace("interlink: 1", "interlink: 2"))
        r = self.validate(p, "--format", "json")
        self.assertEqual(r.code, 3, r)
        self.assertIn("unsupported format version '2'", r.err)
        self.assertIn("hint: ", r.err)

    def test_unreadable_stakeholder_still_reports_everything_else(self):
        p = self.broken()
        (p / "stakeholders" / "broken.yaml").write_text("id: broken\ntags: [a, b\n")
        r, j = self.findings(p)
        self.assertEqual(r.code, 3, r)
        rules = [f["rule"] for f in j["findings"]]
        self.assertIn("unreadable", rules)
        self.assertIn("dangling-reference", rules)
        self.assertIn("bad-value", rules)
        self.assertIn("interlink: error: broken/stakeholders/broken.yaml:3:1: YAML syntax error", r.err)

    def test_output_file_is_the_same_report_and_stdout_stays_empty(self):
        p = self.broken()
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                expected = self.validate(p, "--format", fmt).out
                out = self.tmp / f"report.{fmt}"
                r = self.validate(p, "--format", fmt, "-o", str(out))
                self.assertEqual((r.code, r.out), (1, ""), r)
                self.assertEqual(out.read_text(), expected)
        (p / "interlink.yaml").write_text("[:")
        out = self.tmp / "unreadable.xml"
        r = self.validate(p, "--format", "junit", "--output", str(out))
        self.assertEqual(r.code, 3, r)
        ET.fromstring(out.read_bytes())

    def test_deterministic(self):
        p = self.broken()
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                self.assertEqual(self.validate(p, "--format", fmt).out, self.validate(p, "--format", fmt).out)

    def test_paths_are_as_given_with_dash_c_and_plain_in_the_project(self):
        p = self.broken()
        r = self.run_cli("validate", "--format", "github", cwd=p)
        self.assertIn("::error file=stakeholders/council.yaml,", r.out)
        r = self.run_cli("-C", "broken", "validate", "--format", "github", cwd=self.tmp)
        self.assertIn("::error file=broken/stakeholders/council.yaml,", r.out)
        r = self.run_cli("validate", cwd=p / "stakeholders")  # found upward: absolute
        self.assertIn(f"{p}/stakeholders/council.yaml:4:9: error: ", r.out)

    def test_bad_command_lines_exit_2_and_write_nothing(self):
        p = self.broken()
        out = self.tmp / "r.json"
        r = self.validate(p, "--format", "sarf", "-o", str(out))
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.err.splitlines()[0],
                         "interlink: error: --format: unknown format 'sarf' (did you mean 'sarif'?); "
                         "expected one of: text, json, junit, sarif, github")
        self.assertFalse(out.exists())
        self.assertEqual(self.validate(p, "--strict=maybe").code, 2)
        self.assertEqual(self.validate(p, "extra-argument").code, 2)

    def test_not_a_project_exits_3(self):
        r = self.run_cli("validate", "--format", "json")
        self.assertEqual(r.code, 3, r)
        self.assertIn("not an interlink project", r.err)
        self.assertEqual(r.out, "")

    def test_help_names_every_format_and_exit_status(self):
        r = self.ok("validate", "--help")
        for fmt in FORMATS:
            self.assertIn(fmt, r.out)
        self.assertIn("Exit status: 0 valid, 1 errors found, 2 bad command line, 3", r.out)
        page = (SOURCE / "man" / "interlink-validate.1").read_text()
        for opt in ("\\-\\-format", "\\-\\-strict", "\\-\\-output", "\\-o"):
            self.assertIn(opt, page)


if __name__ == "__main__":
    unittest.main()
