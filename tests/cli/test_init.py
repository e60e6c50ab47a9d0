"""init, templates and completion, end to end: every built-in template, a
template folder, INTERLINK platform schemas (tests/data/interlink-schemas/), refusals that change
nothing, git integration, reproducible bytes, and completion scripts that
their shells can parse."""
import json
import shutil
import subprocess
import unittest

from helpers import SOURCE, ScratchTest, snapshot

BUILTIN = ["interlink-default", "double-diamond", "hackathon", "pspm", "service-refinement",
           "solution-corefinement"]
SCHEMAS = SOURCE / "tests" / "data" / "interlink-schemas"  # written for the tests, in the platform's format
PROJECT_FILES = ["interlink.yaml", "ledger.db", ".gitignore", ".gitattributes", "stakeholders/.gitkeep"]


class InitTest(ScratchTest):
    def test_every_builtin_template_makes_a_project_that_validates(self):
        for name in BUILTIN:
            with self.subTest(template=name):
                r = self.ok("init", name, "--template", name)
                self.assertIn(f"Created project '{name}' in {name} from the template '{name}':", r.out)
                for f in PROJECT_FILES:
                    self.assertTrue((self.tmp / name / f).exists(), f)
                self.ok("-C", name, "validate")
                log = self.ok("-C", name, "log", "--format", "json")
                event = json.loads(log.out.splitlines()[0])
                self.assertEqual(event["kind"], "project.created")
                self.assertEqual(event["payload"]["template"], name)
                self.assertEqual(event["payload"]["id"], name)

    def test_default_template_and_folder(self):
        (self.tmp / "civic").mkdir()
        r = self.ok("init", cwd=self.tmp / "civic")
        self.assertIn("from the template 'interlink-default': 4 phases, 17 objectives, 51 tasks.", r.out)
        text = (self.tmp / "civic" / "interlink.yaml").read_text()
        self.assertIn("\nid: civic\n", text)
        self.assertIn("\ntitle: Co-production of a public service\n", text)
        self.assertNotIn("organization:", text)

    def test_title_organization_and_id(self):
        self.ok("init", "p", "--template", "pspm", "--title", "Piano: \"strategico\" 2026",
                "--organization", "Ministero dell'Economia e delle Finanze", "--lang", "it")
        text = (self.tmp / "p" / "interlink.yaml").read_text()
        self.assertIn("\nid: piano-strategico-2026\n", text)
        self.assertIn('\ntitle: "Piano: \\"strategico\\" 2026"\n', text)
        self.assertIn("\norganization: Ministero dell'Economia e delle Finanze\n", text)
        self.assertIn("\nlanguage: it\n", text)
        self.ok("-C", "p", "validate")
        self.ok("init", "q", "--id", "q-2026", "--title", "Anything")
        self.assertIn("\nid: q-2026\n", (self.tmp / "q" / "interlink.yaml").read_text())

    def test_a_template_folder(self):
        tpl = self.tmp / "my-template"
        tpl.mkdir()
        (tpl / "template.yaml").write_text("name: city-template\ndescription: A tiny plan\ntitle: City plan\n")
        (tpl / "interlink.yaml").write_text(
            "interlink: 1\nid: {{id}}\ntitle: {{title}}\nlanguage: {{language}}\n"
            "{{#organization}}\norganization: {{organization}}\n{{/organization}}\n"
            "phases:\n  - id: listen\n    name: Listen\n")
        r = self.ok("init", "city", "--template", str(tpl), "--organization", "City of Example")
        self.assertIn("from the template folder 'city-template': 1 phases, 0 objectives, 0 tasks.", r.out)
        self.assertEqual((self.tmp / "city" / "interlink.yaml").read_text(),
                         "interlink: 1\nid: city\ntitle: City plan\nlanguage: en\n"
                         "organization: City of Example\nphases:\n  - id: listen\n    name: Listen\n")
        self.ok("-C", "city", "validate")
        # A relative path with a slash names a folder too.
        self.ok("init", "city2", "--template", "./my-template")

    def test_a_template_folder_with_errors_makes_nothing(self):
        tpl = self.tmp / "broken"
        tpl.mkdir()
        (tpl / "interlink.yaml").write_text("interlink: 1\nid: {{id}}\ntitle: {{title}}\nphases:\n  - name: X\n")
        r = self.run_cli("init", "out", "--template", str(tpl))
        self.assertEqual(r.code, 1, r)
        self.assertIn("the template's plan has errors", r.err)
        self.assertFalse((self.tmp / "out").exists())
        # A mustache mistake is shown at its line and column, not as a byte offset.
        (tpl / "interlink.yaml").write_text("interlink: 1\nid: {{id}}\ntitle: {{#title}}é {{title}}\n")
        r = self.run_cli("init", "out", "--template", str(tpl))
        self.assertEqual((r.code, r.err), (3, f"interlink: error: {tpl}/interlink.yaml:3:8: template error: "
                                              "unclosed section \"title\"\n"))
        self.assertFalse((self.tmp / "out").exists())
        (tpl / "interlink.yaml").write_text("interlink: 1\nid: {{id}}\n  é {{title\n")
        r = self.run_cli("init", "out", "--template", str(tpl))
        self.assertEqual((r.code, r.err), (3, f"interlink: error: {tpl}/interlink.yaml:3:5: template error: "
                                              "unclosed tag\n"))
        self.assertFalse((self.tmp / "out").exists())

    def test_a_platform_schema(self):
        r = self.ok("init", "lib", "--template", str(SCHEMAS / "library"))
        self.assertEqual(r.err, "")
        self.assertIn("from the INTERLINK schema 'neighbourhood_library': 3 phases, 5 objectives, 11 tasks.", r.out)
        text = (self.tmp / "lib" / "interlink.yaml").read_text()
        self.assertEqual(text.count("\n  - id: "), 3)
        self.assertEqual(text.count("\n      - id: "), 5)
        self.assertEqual(text.count("\n          - id: "), 11)
        self.assertNotIn("description:", text)
        self.assertIn("\ntitle: Neighbourhood library\n", text)
        self.assertLess(text.index("\n  - id: explore-needs\n"), text.index("\n  - id: prototype\n"))
        self.assertLess(text.index("\n  - id: prototype\n"), text.index("\n  - id: deliver\n"))
        self.ok("-C", "lib", "validate")
        log = self.ok("-C", "lib", "log", "--format", "json")
        self.assertEqual(json.loads(log.out.splitlines()[0])["kind"], "project.created")

    def test_schema_names_in_each_language(self):
        self.ok("init", "it", "--template", str(SCHEMAS / "library"), "--lang", "it")
        text = (self.tmp / "it" / "interlink.yaml").read_text()
        self.assertIn("\ntitle: Biblioteca di quartiere\n", text)
        self.assertIn("    name: Esplorare i bisogni\n", text)
        self.assertIn("        name: Incontrare il quartiere\n", text)
        self.assertIn("\n  - id: explore-needs\n", text)  # ids stay the same in every language
        self.ok("init", "lv", "--template", str(SCHEMAS / "library"), "--lang", "lv")
        self.assertIn("    name: Ieviest\n", (self.tmp / "lv" / "interlink.yaml").read_text())
        self.ok("init", "en", "--template", str(SCHEMAS / "library"))
        self.assertIn("    name: Explore needs\n", (self.tmp / "en" / "interlink.yaml").read_text())
        # A language the schema lacks: English names, and a warning saying so.
        r = self.ok("init", "fr", "--template", str(SCHEMAS / "library"), "--lang", "fr")
        self.assertEqual(r.err, "interlink: warning: some names have no 'fr' translation: they are taken in 'en' "
                                "instead\n")
        self.assertIn("    name: Explore needs\n", (self.tmp / "fr" / "interlink.yaml").read_text())

    def test_a_schema_with_odd_shapes_is_imported_and_its_cycle_left_to_validate(self):
        r = self.ok("init", "odd", "--template", str(SCHEMAS / "odd_shapes"))
        self.assertIn("Created project 'odd' in odd from the INTERLINK schema 'odd_shapes': 4 phases, 3 objectives, "
                      "6 tasks.", r.out)
        self.assertEqual(r.err, "".join(f"interlink: warning: {w}\n" for w in (
            "phase '1-first': dropped the prerequisite 'phase-ghost', which names nothing in the schema",
            "task 'waits-for-a-later-file': dropped the prerequisite 'task-nowhere', which names nothing in the schema",
            "objective 'ask-around-2': dropped the prerequisite 'objective-elsewhere', which names nothing in the "
            "schema",
            "some names have no 'en' translation: they are taken in 'es', 'it' instead",
            "phases depend on each other in a cycle: loop-a -> loop-b -> loop-a; none of them can start until the "
            "cycle is broken in interlink.yaml ('interlink validate' shows where)")))
        r = self.run_cli("-C", "odd", "validate")
        self.assertEqual((r.code, r.out), (1, "odd/interlink.yaml:54:15: error: phases depend on each other in a cycle: "
                                              "loop-a -> loop-b -> loop-a [cycle]\n1 error, 0 warnings\n"), r)

    def test_never_overwrites_a_project(self):
        self.ok("init", "p", "--template", "pspm")
        (self.tmp / "p" / "notes.txt").write_text("mine")
        before = snapshot(self.tmp / "p")
        for args in (["init", "p"], ["init", "p", "--template", "hackathon", "--title", "Other"]):
            r = self.run_cli(*args)
            self.assertEqual(r.code, 1, r)
            self.assertIn("interlink: error: p already holds an interlink project (interlink.yaml exists)", r.err)
            self.assertIn("hint: ", r.err)
            self.assertEqual(snapshot(self.tmp / "p"), before)
        # A lone ledger.db is a project too.
        (self.tmp / "q").mkdir()
        (self.tmp / "q" / "ledger.db").write_bytes(b"not yours")
        r = self.run_cli("init", "q")
        self.assertEqual(r.code, 1, r)
        self.assertIn("(ledger.db exists)", r.err)
        self.assertEqual(snapshot(self.tmp / "q"), {"ledger.db": b"not yours"})

    def test_bad_command_lines(self):
        r = self.run_cli("init", "x", "--id", "Not A Slug")
        self.assertEqual(r.code, 2, r)
        self.assertIn("'Not A Slug' is not a valid project id", r.err)
        self.assertIn("hint: for example --id not-a-slug", r.err)
        r = self.run_cli("init", "x", "--template", "psmp")
        self.assertEqual(r.code, 2, r)
        self.assertIn("interlink: error: unknown template 'psmp' (did you mean 'pspm'?)", r.err)
        self.assertIn("interlink templates", r.err)
        r = self.run_cli("init", "x", "--template", str(self.tmp / "nowhere"))
        self.assertEqual(r.code, 2, r)
        r = self.run_cli("init", "x", "--lang", "Italian")
        self.assertEqual(r.code, 2, r)
        self.assertFalse((self.tmp / "x").exists())

    def test_the_next_steps_can_be_pasted_into_a_shell(self):
        for folder in ["My Project", "it's", "plain"]:
            with self.subTest(folder=folder):
                out = self.ok("init", folder).out.splitlines()
                self.assertEqual(out[1], "Next, register the stakeholders and check the plan:")
                validate = out[3].strip()
                self.assertTrue(validate.startswith("interlink -C "), out)
                # The shell gives back the folder as one word, and the command works.
                words = subprocess.run(["sh", "-c", "printf '%s\\n' " + validate], capture_output=True,
                                       text=True).stdout.splitlines()
                self.assertEqual(words, ["interlink", "-C", folder, "validate"])
                self.ok("-C", folder, "validate")
        r = self.run_cli("init", "")
        self.assertEqual((r.code, r.err.splitlines()[0]), (2, "interlink: error: DIR: the folder name is empty"))

    def test_an_operating_system_failure_names_the_path_not_a_bug(self):
        (self.tmp / "afile").write_text("")
        r = self.run_cli("init", "afile/x")
        self.assertEqual((r.code, r.err), (4, "interlink: error: afile/x: Not a directory\n"))

    def test_a_source_date_epoch_that_is_not_a_time_is_refused(self):
        # Past 9999 the ledger's times would not be YYYY-...: verify would reject the project for ever.
        for value in ["253402300800", "abc", "-5", "1e9", " 5", "99999999999999999999"]:
            with self.subTest(value=value):
                r = self.run_cli("init", "x", env=dict(self.env, SOURCE_DATE_EPOCH=value))
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith(f"interlink: error: SOURCE_DATE_EPOCH='{value}' is not a whole "
                                                 "number of seconds from 0 to 253402300799"), r)
                self.assertFalse((self.tmp / "x").exists())
        self.ok("init", "x", env=dict(self.env, SOURCE_DATE_EPOCH="253402300799"))
        self.assertRegex(self.ok("-C", "x", "verify").out, r"x/ledger\.db: ok: 1 event, 1 head, root [0-9a-f]{10}\n")

    def test_inside_a_git_repository_the_drivers_are_registered(self):
        repo = self.tmp / "repo"
        repo.mkdir()
        self.git("init", "-q", cwd=repo)
        (repo / ".gitignore").write_text("build/\n")
        r = self.ok("init", "repo/plan", "--template", "double-diamond")
        self.assertIn("Registered the ledger's diff and merge drivers", r.out)
        textconv = self.git("config", "--get", "diff.interlink-ledger.textconv", cwd=repo).stdout
        self.assertTrue(textconv.strip().endswith("ledger dump"), textconv)
        driver = self.git("config", "--get", "merge.interlink-ledger.driver", cwd=repo).stdout
        self.assertTrue(driver.strip().endswith("ledger merge %O %A %B"), driver)
        self.assertIn("ledger.db diff=interlink-ledger merge=interlink-ledger",
                      (repo / "plan" / ".gitattributes").read_text())
        # An existing .gitignore keeps its lines and gains ours.
        self.ok("init", "repo", "--template", "pspm")
        gitignore = (repo / ".gitignore").read_text()
        self.assertTrue(gitignore.startswith("build/\n\n# interlink:"), gitignore)
        self.assertIn("\n.interlink/\n", gitignore)
        # Outside a repository, git is left alone.
        r = self.ok("init", "plain")
        self.assertNotIn("Registered", r.out)

    def test_same_input_same_bytes(self):
        self.ok("init", "a", "--template", "pspm", "--id", "same")
        self.ok("init", "b", "--template", "pspm", "--id", "same")
        a, b = snapshot(self.tmp / "a"), snapshot(self.tmp / "b")
        self.assertEqual(sorted(a), sorted(PROJECT_FILES))
        self.assertEqual(a, b)

    def test_dash_C_names_where_init_runs(self):
        (self.tmp / "base").mkdir()
        self.ok("-C", "base", "init", "sub", "--template", "hackathon")
        self.assertTrue((self.tmp / "base" / "sub" / "interlink.yaml").exists())


class TemplatesTest(ScratchTest):
    def test_text_lists_names_and_descriptions(self):
        r = self.ok("templates")
        lines = r.out.splitlines()
        self.assertEqual([l.split()[0] for l in lines], BUILTIN)
        for line in lines:
            self.assertGreater(len(line.split(None, 1)[1]), 20, line)

    def test_json(self):
        data = json.loads(self.ok("templates", "--format", "json").out)
        self.assertEqual([t["name"] for t in data["templates"]], BUILTIN)
        self.assertEqual(sorted(data["templates"][0]), ["description", "name", "title"])
        r = self.run_cli("templates", "--format", "xml")
        self.assertEqual(r.code, 2, r)


class CompletionTest(ScratchTest):
    def script(self, shell):
        r = self.ok("completion", shell)
        path = self.tmp / f"interlink.{shell}"
        path.write_text(r.out)
        return path, r.out

    def test_bash_parses_and_completes(self):
        path, text = self.script("bash")
        subprocess.run(["bash", "-n", str(path)], check=True)
        for word in ("init", "templates", "completion", "--template", "pspm"):
            self.assertIn(word, text)
        probe = (f"source {path}\n"
                 "COMP_WORDS=(interlink init --template p); COMP_CWORD=3; _interlink; echo \"${COMPREPLY[*]}\"\n"
                 "COMP_WORDS=(interlink completion ''); COMP_CWORD=2; _interlink; echo \"${COMPREPLY[*]}\"\n")
        out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.splitlines(), ["pspm", "bash zsh fish"])

    def test_bash_completes_the_values_of_enum_options(self):
        # interlink-completion(1): "the choices of options such as --format".
        # --format is checked by the command (choice_check), --sector and
        # --consent by the library: all three are completed.
        path, _ = self.script("bash")
        probe = (f"source {path}\n"
                 "COMP_WORDS=(interlink report --format ''); COMP_CWORD=3; _interlink; echo \"${COMPREPLY[*]}\"\n"
                 "COMP_WORDS=(interlink validate --format j); COMP_CWORD=3; _interlink; echo \"${COMPREPLY[*]}\"\n"
                 "COMP_WORDS=(interlink add-stakeholder --sector p); COMP_CWORD=3; _interlink; "
                 "echo \"${COMPREPLY[*]}\"\n"
                 "COMP_WORDS=(interlink stakeholder update x --consent ''); COMP_CWORD=5; _interlink; "
                 "echo \"${COMPREPLY[*]}\"\n")
        out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.splitlines(), ["md html json csv", "json junit", "public private",
                                            "given pending refused withdrawn"])

    # zsh and fish are installed by scripts/deps.sh: a missing shell fails the
    # test rather than skipping it.
    def shell(self, name):
        path = shutil.which(name)
        self.assertIsNotNone(path, f"{name} is not installed: run scripts/deps.sh (Debian package {name})")
        return path

    def test_zsh_parses(self):
        zsh = self.shell("zsh")
        path, text = self.script("zsh")
        self.assertTrue(text.startswith("#compdef interlink\n"))
        for word in ("init", "templates", "completion", "--template", "pspm"):
            self.assertIn(word, text)
        subprocess.run([zsh, "-n", str(path)], check=True)

    def test_fish_parses_and_completes(self):
        fish = self.shell("fish")
        path, _ = self.script("fish")
        subprocess.run([fish, "--no-execute", str(path)], check=True)
        probe = (f"source {path}; complete -C 'interlink init --template p'; echo next; "
                 "complete -C 'interlink completion '")
        out = subprocess.run([fish, "--no-config", "-c", probe], capture_output=True, text=True, check=True,
                             env={**self.env, "HOME": str(self.tmp)}).stdout
        self.assertEqual(out.splitlines(), ["pspm\tA built-in template", "next", "bash", "fish", "zsh"])
        out = subprocess.run([fish, "--no-config", "-c", f"source {path}; complete -C 'interlink report --format '"],
                             capture_output=True, text=True, check=True, env={**self.env, "HOME": str(self.tmp)}).stdout
        self.assertEqual(sorted(line.split("\t")[0] for line in out.splitlines()), ["csv", "html", "json", "md"])

    def test_unknown_shell(self):
        r = self.run_cli("completion", "tcsh")
        self.assertEqual(r.code, 2, r)


if __name__ == "__main__":
    unittest.main()
