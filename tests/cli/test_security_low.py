"""The low findings of issue 11 (items 11-13 and 15-18): each as the user
or the attacker met it, with the exact answer now expected."""
import json
import unittest

from helpers import ProjectTest


class LowFindingsTest(ProjectTest):
    def test_11_a_person_id_spelling_the_name_is_refused_even_in_pseudonym_shape(self):
        r = self.cli("add-stakeholder", "Gianluca Esposito", "--kind", "person", "--sector", "citizen",
                     "--id", "p-gianluca")
        self.assertEqual((r.code, r.err), (1, "interlink: error: the id 'p-gianluca' shows part of the person's name "
                                              "or email: ids of persons must be pseudonymous\nhint: leave the id out "
                                              "and interlink draws a random one\n"))

    def test_12_a_file_interlink_could_not_read_back_is_refused_before_it_is_written(self):
        # 20,000 tags of 60 characters: a file past 1 MiB without a slow import.
        tags = ";".join(f"t{i:05d}-" + "x" * 53 for i in range(20000))
        (self.tmp / "big.csv").write_text(f"name,sector,tags\nBig Org,public,{tags}\n")
        r = self.cli("add-stakeholder", "--from-csv", str(self.tmp / "big.csv"))
        self.assertEqual(r.code, 1, r)
        self.assertIn("stakeholder 'big-org' would be written as a file of", r.err)
        self.assertIn("more than the 1048576 interlink reads back", r.err)
        self.assertEqual(len(self.ok("log", cwd=self.p).out.splitlines()), 1)
        self.ok("validate", cwd=self.p)

    def test_13_nfc_and_nfd_spellings_give_one_id(self):
        self.ok("add-stakeholder", "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale", "--sector", "private", cwd=self.p)
        r = self.cli("add-stakeholder", "Socie\u0301te\u0301 Ge\u0301ne\u0301rale", "--sector", "private")
        self.assertEqual(r.code, 1, r)
        self.assertIn("is already registered, as 'societe-generale'", r.err)

    def test_16_an_empty_actor_is_refused_even_in_a_dry_run(self):
        for args, env in ((["--actor", ""], self.env), ([], dict(self.env, INTERLINK_ACTOR=""))):
            r = self.run_cli(*args, "add-stakeholder", "X", "--sector", "public", "--dry-run", cwd=self.p, env=env)
            self.assertEqual((r.code, r.err), (2, "interlink: error: the actor's name is empty\nhint: give a plain "
                                                  "name with --actor NAME or INTERLINK_ACTOR\n"))
        # --actor as given, by every command: the dry runs of decide and
        # feedback (which resolve no actor) and the reads said OK to a name
        # the real run refused.
        for args in (["decide", "X", "--for", "1", "--against", "0", "--dry-run"],
                     ["feedback", "add", "hi", "--from", "comune-di-roma", "--dry-run"], ["status"]):
            for actor in ("", "a\nb"):
                r = self.cli("--actor", actor, *args)
                self.assertEqual(r.code, 2, (args, actor, r))
                self.assertIn("interlink: error: the actor's name ", r.err)

    def test_17_a_removal_reason_is_one_line_of_plain_text_counted_in_characters(self):
        self.ok("add-stakeholder", "Comune di Roma", "--sector", "public", cwd=self.p)
        for reason in ("left\x1b[2J", "left\nfake line"):
            r = self.cli("stakeholder", "remove", "comune-di-roma", "--reason", reason)
            self.assertEqual(r.code, 2, r)
            self.assertIn("the reason holds a control character", r.err)
        r = self.cli("stakeholder", "remove", "comune-di-roma", "--reason", "\u00e8" * 1000, "--dry-run")
        self.assertEqual(r.code, 0, r)  # 1000 characters, 2000 bytes: within the limit
        r = self.cli("stakeholder", "remove", "comune-di-roma", "--reason", "\u00e8" * 1001, "--dry-run")
        self.assertEqual(r.code, 2, r)
        self.assertIn("the reason is too long: 1001 characters, at most 1000", r.err)

    def test_18_messages(self):
        (self.tmp / "afile").write_text("x\n")
        r = self.run_cli("-C", str(self.tmp / "afile"), "log")
        self.assertEqual(r.err, f"interlink: error: not a folder: {self.tmp / 'afile'}\n")
        r = self.cli("stakeholder", "frobnicate", "x")
        self.assertEqual((r.code, r.err), (2, "interlink: error: unknown command 'interlink stakeholder frobnicate'\n"
                                              "hint: run 'interlink stakeholder --help'\n"))
        r = self.cli("ledger", "dmp", "x")
        self.assertEqual(r.err, "interlink: error: unknown command 'interlink ledger dmp' (did you mean 'dump'?)\n"
                                "hint: run 'interlink ledger --help'\n")
        r = self.cli("log", "--color", "sometimes")
        self.assertEqual(r.err, "interlink: error: --color: sometimes not in {auto,always,never}\n"
                                "hint: run 'interlink --help': it lists the global options\n")
        r = self.cli("add-stakeholder", "P", "--kind", "person", "--sector", "citizen", "--id", "p-x", "--dry-run")
        self.assertEqual(r.out, "would add person p-x; nothing was written\n")
        (self.p / "people.csv").write_text("name,sector\nComune di Roma,public\n")
        r = self.cli("add-stakeholder", "--from-csv", "people.csv", "--dry-run")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.err, "interlink: warning: people.csv is inside the project folder: 'git add -A' would "
                                "commit the personal data it holds; keep such lists outside the project (or in "
                                ".interlink/, which git ignores)\n")


if __name__ == "__main__":
    unittest.main()
