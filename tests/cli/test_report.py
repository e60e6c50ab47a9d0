"""End-to-end tests of 'interlink report': every format and section on a
copy of examples/pspm given a history (report_support.give_history), the
JSON Schema, csv read back, languages, user templates, broken templates,
atomic -o, and byte-identical output whatever TZ and LC_ALL."""
import csv
import io
import json
import os
import unittest
from pathlib import Path

import jsonschema

from helpers import SOURCE, ScratchTest, base_env
from report_support import make_pspm, HOSTILE, give_history, make_hostile

SCHEMA = json.loads((SOURCE / "schemas" / "report.schema.json").read_text())
def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


SECTIONS = ["overview", "phases", "timeline", "stakeholders", "participation", "decisions", "traceability", "record"]


class ReportTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_pspm(self)
        give_history(self.p)
        # A day after the history, so that the report's today follows it.
        self.env = base_env(HOME=str(self.tmp), SOURCE_DATE_EPOCH="1771927200")  # 2026-02-24T10:00:00Z

    def report(self, *args):
        return self.ok("report", *args, cwd=self.p).out

    def test_json_matches_its_schema_and_holds_the_history(self):
        j = json.loads(self.report("--format", "json"))
        jsonschema.Draft7Validator(SCHEMA).validate(j)
        self.assertEqual(j["format_version"], 1)
        self.assertEqual(j["sections"], SECTIONS)
        self.assertEqual(j["generated"], "2026-02-24T10:00:00Z")
        ov = j["overview"]
        self.assertEqual(ov["active_phases"], ["collect-requirements"])
        self.assertEqual((ov["feedback"], ov["unanswered"], ov["decisions"], ov["stakeholders"]), (3, 2, 1, 38))
        self.assertEqual(ov["progress"], {"done": 1, "percent": 3, "total": 33})
        self.assertEqual(j["phases"][0]["status"], "done")
        self.assertEqual(j["phases"][0]["actual_end"], "2026-02-13T16:00:00Z")
        answered = [t for t in j["traceability"] if t["answered"]]
        self.assertEqual([(a["kind"], a["id"]) for a in answered[0]["answered_by"]], [("task", "map-planning-stakeholders")])
        self.assertEqual(j["decisions"][0]["outcome"], "approved")
        self.assertEqual(j["record"]["overrides"][0]["reason"], "The steering committee agreed to start collecting requirements")
        self.assertTrue(j["record"]["verified"])
        self.assertEqual(j["record"]["events"], 49)
        quads = {q["key"]: q["count"] for q in j["stakeholders"]["quadrants"]}
        self.assertEqual(sum(quads.values()) + len(j["stakeholders"]["unrated"]), 38)

    def test_each_section_alone_in_every_format(self):
        # A section alone is the whole report's section: in json and csv too,
        # where only traceability reads every item (the others, the digest).
        whole = json.loads(self.report("--format", "json"))
        out = self.tmp / "whole-csv"
        self.ok("report", "--format", "csv", "-o", str(out), cwd=self.p)
        for s in SECTIONS:
            with self.subTest(section=s):
                j = json.loads(self.report("--format", "json", "--section", s))
                jsonschema.Draft7Validator(SCHEMA).validate(j)
                self.assertEqual([k for k in SECTIONS if k in j], [s])
                self.assertEqual(j[s], whole[s])
                self.assertEqual(self.report("--format", "csv", "--section", s), (out / f"{s}.csv").read_text())
                md = self.report("--section", s)
                self.assertEqual(md.count("\n## "), 1, md)
                html = self.report("--format", "html", "--section", s)
                self.assertEqual(html.count('<section class="report"'), 1)
                self.assertIn(f'id="{s}"', html)
                self.assertTrue(self.report("--format", "csv", "--section", s).startswith(
                    {"overview": "key,", "record": "key,", "phases": "phase,", "timeline": "phase,",
                     "stakeholders": "id,", "participation": "dimension,", "decisions": "id,",
                     "traceability": "feedback,"}[s]))

    def test_csv_reads_back_to_the_json_values(self):
        j = json.loads(self.report("--format", "json"))
        out = self.tmp / "csv"
        self.ok("report", "--format", "csv", "-o", str(out), cwd=self.p)
        self.assertEqual(sorted(f.name for f in out.iterdir()), sorted(s + ".csv" for s in SECTIONS))
        raw = (out / "traceability.csv").read_bytes()
        self.assertIn(b"\r\n", raw)
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
        self.assertEqual([r["feedback"] for r in rows], [t["id"] for t in j["traceability"]])
        self.assertEqual([r["text"] for r in rows], [t["text"] for t in j["traceability"]])
        self.assertEqual([r["answered"] for r in rows], [str(t["answered"]).lower() for t in j["traceability"]])
        dec = read_csv(out / "decisions.csv")
        self.assertEqual((dec[0]["for"], dec[0]["against"], dec[0]["quorum"]), ("7", "1", "0.5"))
        st = read_csv(out / "stakeholders.csv")
        grid = {g["id"]: g for g in j["stakeholders"]["grid"]}
        for r in st:
            if r["id"] in grid:
                self.assertEqual((r["quadrant"], int(r["influence"])), (grid[r["id"]]["quadrant"], grid[r["id"]]["influence"]))

    def test_csv_of_several_sections_to_stdout_is_a_usage_error(self):
        r = self.run_cli("report", "--format", "csv", cwd=self.p)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.err, "interlink: error: csv writes one table per section: name one with --section, "
                                "or give -o DIR for one file each\n")

    def test_md_renders_the_history_with_a_mermaid_gantt(self):
        md = self.report()
        self.assertTrue(md.startswith("# Participatory Strategic Planning Module\n\n**Organization:** Ministry of Economy and Finance  \n"
                                      "**Generated:** 24 Feb 2026, 10:00 UTC\n"), md[:300])
        self.assertIn("```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    todayMarker off\n    section Mobilise the administrations\n"
                      "    planned : p0, 2026-01-12, 2026-02-13\n    done : done, a0, 2026-01-12, 2026-02-13\n", md)
        self.assertIn("| Active phases | Iteration 1: collect feedback and requirements |", md)
        self.assertIn("| Too many meetings in working hours | **not yet answered** |", md)
        self.assertNotIn("\n\n\n", md)

    def test_languages(self):
        it = self.report("--lang", "it", "--section", "overview")
        self.assertIn("## Sintesi\n", it)
        self.assertIn("**Generato:** 24 feb 2026, 10:00 UTC", it)
        self.assertIn("## Resumen\n", self.report("--lang", "es", "--section", "overview"))
        self.assertIn("## Kopsavilkums\n", self.report("--lang", "lv", "--section", "overview"))
        self.assertIn('<html lang="it">', self.report("--lang", "it", "--format", "html"))
        r = self.run_cli("report", "--lang", "fr", cwd=self.p)
        self.assertEqual(r.code, 2)
        self.assertEqual(r.err, "interlink: error: no report language 'fr'; there are: en, es, it, lv\n")

    def test_the_projects_language_is_the_default(self):
        m = self.p / "interlink.yaml"
        m.write_text(m.read_text().replace("language: en", "language: it"))
        self.assertIn("## Sintesi\n", self.report("--section", "overview"))

    def test_html_is_self_contained_and_forbids_script_and_requests(self):
        html = self.report("--format", "html")
        self.assertIn("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'; "
                      "style-src 'unsafe-inline'; img-src 'none';", html)
        for bad in ("<script", "<link", "<img", "<iframe", "src=", "@import", "url("):
            self.assertTrue(bad not in html, bad)
        self.assertTrue("http://" not in html.replace("http://www.w3.org/2000/svg", ""))
        for chart in ("gantt", "progress", "grid", "representation", "feedback"):
            self.assertIn(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{chart}"', html)
            self.assertIn(f'<title id="chart-{chart}-title">', html)
            self.assertIn(f'<desc id="chart-{chart}-desc">', html)

    def test_persons_are_unlabelled_dots_unless_with_names(self):
        html = self.report("--format", "html", "--section", "stakeholders")
        grid = html[html.index('id="chart-grid"'):html.index("</svg>", html.index('id="chart-grid"'))]
        self.assertEqual(grid.count('r="4" fill="#78909c"'), 6)  # the six persons of pspm
        j = json.loads(self.report("--format", "json", "--section", "stakeholders"))
        self.assertEqual([g["label"] for g in j["stakeholders"]["grid"] if g["kind"] == "person"], [""] * 6)


class HostileTest(ScratchTest):
    def test_every_value_is_escaped_in_html_and_md(self):
        p = make_hostile(self)
        html = self.ok("report", "--format", "html", cwd=p).out
        for bad in ("<script", "<img", '<a href="http', "\u202e"):
            self.assertTrue(bad not in html, bad)
        self.assertIn("&lt;script&gt;window.__pwned=1&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=&quot;", html)
        self.assertIn("[U+202E]evil[U+202C]", html)
        md = self.ok("report", cwd=p).out
        self.assertTrue("<script" not in md)
        self.assertIn("&lt;script\\>window.\\_\\_pwned=1&lt;/script\\>", md)
        j = json.loads(self.ok("report", "--format", "json", cwd=p).out)
        self.assertEqual(j["traceability"][0]["text"], "Feedback " + HOSTILE)


class TemplateTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_pspm(self)

    def test_dump_template_then_render_with_a_changed_copy(self):
        d = self.tmp / "tpl"
        out = self.ok("report", "--dump-template", str(d)).out
        self.assertIn(str(d / "report.html.mustache"), out.splitlines())
        self.assertTrue((d / "i18n" / "lv.json").is_file())
        (d / "report.md.mustache").write_text("Title: {{title}} / {{t.section_overview}} / {{overview.stakeholders}}\n")
        self.assertEqual(self.ok("report", "--template", str(d), cwd=self.p).out,
                         "Title: Participatory Strategic Planning Module / Overview / 38\n")
        r = self.run_cli("report", "--dump-template", str(d))
        self.assertEqual(r.code, 1)
        self.assertIn("not overwriting", r.err)

    def test_a_broken_template_is_an_error_at_its_place_and_leaves_no_file(self):
        d = self.tmp / "tpl"
        d.mkdir()
        (d / "report.html.mustache").write_text("<p>\n  {{#phases}}{{name}}\n</p>\n")
        out = self.tmp / "r.html"
        r = self.run_cli("report", "--format", "html", "--template", str(d), "-o", str(out), cwd=self.p)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err.splitlines()[0], f"interlink: error: {d}/report.html.mustache:2:3: template error: "
                                                "unclosed section \"phases\"")
        self.assertFalse(out.exists())
        # (.local is the scratch home's: the key that seals the caches.)
        self.assertEqual(sorted(x.name for x in self.tmp.iterdir() if x.name != ".local"), ["pspm", "tpl"])

    def test_a_partial_that_includes_itself_is_an_error_not_a_crash(self):
        # kainjow recursed until the stack overflowed: exit 139 and no message.
        d = self.tmp / "tpl"
        d.mkdir()
        (d / "report.md.mustache").write_text("# {{title}}\n{{> loop}}\n")
        (d / "loop.mustache").write_text("again:\n  {{> loop}}\n")
        r = self.run_cli("report", "--template", str(d), cwd=self.p)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err.splitlines()[0], f"interlink: error: {d}/loop.mustache:2:3: template error: "
                                                "the partial 'loop' includes itself (loop > loop): it would never end")
        self.assertEqual(r.out, "")
        # The same with white space before the '>' (found by fuzz_report_templates:
        # kainjow trims a tag before reading it, the check did not).
        (d / "loop.mustache").write_text("again:\n  {{\n\n> loop}}\n")
        r = self.run_cli("report", "--template", str(d), cwd=self.p)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.err.splitlines()[0], f"interlink: error: {d}/loop.mustache:2:3: template error: "
                                                "the partial 'loop' includes itself (loop > loop): it would never end")

    def test_a_partial_named_like_a_value_renders_the_partial_never_the_value(self):
        # kainjow looked {{> name}} up like a value: inside {{#phases}} it
        # would have rendered a phase's name, text from the project, as a
        # template. The engine takes partials from the templates only.
        d = self.tmp / "tpl"
        d.mkdir()
        (d / "report.md.mustache").write_text("{{#phases}}{{> name}}\n{{/phases}}")
        (d / "name.mustache").write_text("[{{id}}]")
        out = self.ok("report", "--template", str(d), cwd=self.p).out
        rows = out.splitlines()
        self.assertGreater(len(rows), 3)
        for row in rows:
            self.assertRegex(row, r"^\[[a-z0-9-]+\]$")

    def test_o_writes_the_file_whole_and_nothing_else(self):
        out = self.tmp / "out" / "report.html"
        out.parent.mkdir()  # -o never makes the folder (test_output_file)
        self.ok("report", "--format", "html", "-o", str(out), cwd=self.p)
        self.assertTrue(out.read_text().endswith("</html>\n"))
        self.assertEqual(os.listdir(out.parent), ["report.html"])


class DeterminismTest(ScratchTest):
    def test_same_bytes_whatever_tz_and_locale(self):
        p = make_pspm(self)
        give_history(p)
        for fmt, extra in (("md", []), ("html", []), ("json", []), ("csv", ["--section", "traceability"])):
            outs = set()
            for tz, lc in (("UTC", "C.UTF-8"), ("Asia/Kolkata", "it_IT.UTF-8"), ("America/St_Johns", "lv_LV.UTF-8")):
                env = base_env(HOME=str(self.tmp), TZ=tz, LC_ALL=lc, LANG=lc)
                outs.add(self.run_cli("report", "--format", fmt, *extra, cwd=p, env=env).out)
            self.assertEqual(len(outs), 1, fmt)


if __name__ == "__main__":
    unittest.main()
