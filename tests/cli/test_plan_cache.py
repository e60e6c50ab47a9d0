"""add-stakeholder refuses to change a project whose plan cannot be read, and
remembers a plan it has read by the SHA-256 of its bytes in
.interlink/cache/plan-readable (lib/io/plan_check, issue 10): a changed plan
is read again, a broken one is still refused, a command that writes nothing
writes no cache either, a fresh clone gets it from its first change, and a
link in its place is never followed."""
from helpers import ScratchTest


class PlanCacheTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")
        self.cache = self.p / ".interlink" / "cache" / "plan-readable"

    def add(self, name, *extra):
        return self.run_cli("-C", str(self.p), "-q", "add-stakeholder", name, *extra)

    def bring_private_folder(self):
        # The cache lives in .interlink/, which a clone of the example does
        # not have (git ignores it) until a command writes.
        self.assertEqual(self.add("Grace Hopper", "--kind", "person", "--sector", "citizen").code, 0)
        self.assertTrue((self.p / ".interlink").is_dir())

    def test_a_plan_broken_after_it_was_remembered_is_still_refused(self):
        # A person brings the private folder, where the cache lives.
        self.assertEqual(self.add("Ada Lovelace", "--kind", "person", "--sector", "citizen",
                                  "--email", "ada@example.org").code, 0)
        self.assertEqual(self.add("Organisation One", "--sector", "public").code, 0)
        self.assertTrue(self.cache.exists())
        plan = self.p / "interlink.yaml"
        plan.write_text(plan.read_text() + "\nphases: [unclosed\n")
        r = self.add("Organisation Two", "--sector", "public")
        self.assertEqual(r.code, 3, r)
        self.assertIn("interlink.yaml", r.err)
        self.assertFalse((self.p / "stakeholders" / "organisation-two.yaml").exists())

    def test_a_command_that_writes_nothing_leaves_no_cache(self):
        self.assertEqual(self.add("Ada Lovelace", "--kind", "person", "--sector", "citizen",
                                  "--email", "ada@example.org").code, 0)
        self.cache.unlink()
        self.assertEqual(self.add("Organisation One", "--sector", "public", "--dry-run").code, 0)
        self.assertEqual(self.add("Organisation Two", "--sector", "nowhere").code, 2)
        self.assertEqual(self.add("Ada", "--kind", "person", "--sector", "citizen",
                                  "--email", "ADA@example.org").code, 1)  # the same email: refused
        self.assertFalse(self.cache.exists())

    def test_a_fresh_clone_gets_it_from_its_first_change(self):
        """Issue 10: the first change creates .interlink/ for the cache, so
        the next add-stakeholder does not parse the whole plan again; git
        never sees the folder, even where the project's .gitignore does not
        name it (its own .gitignore says `*`)."""
        gitignore = self.p / ".gitignore"
        gitignore.write_text("".join(line for line in gitignore.read_text().splitlines(keepends=True)
                                     if not line.startswith(".interlink")))
        self.assertFalse((self.p / ".interlink").exists())
        self.git("init", "-q", cwd=self.p)
        self.git("add", "-A", cwd=self.p)
        self.git("commit", "-q", "-m", "plan", cwd=self.p)
        self.assertEqual(self.add("Organisation One", "--sector", "public").code, 0)
        self.assertEqual(self.cache.read_bytes()[:len(b"interlink ")], b"interlink ")
        self.assertEqual(oct((self.p / ".interlink").stat().st_mode & 0o777), "0o700")
        status = self.git("status", "--porcelain", "--untracked-files=all", cwd=self.p).stdout
        self.assertEqual(sorted(status.splitlines()), [" M ledger.db", "?? stakeholders/organisation-one.yaml"])

    def test_it_lives_where_git_never_looks(self):
        self.bring_private_folder()
        self.cache.unlink()
        self.assertEqual(self.add("Organisation One", "--sector", "public").code, 0)
        self.assertTrue(self.cache.exists())
        self.assertIn("\n*\n", (self.p / ".interlink" / ".gitignore").read_text())

    def test_a_link_in_its_place_is_neither_followed_nor_replaced_by_a_file_elsewhere(self):
        self.bring_private_folder()
        self.assertEqual(self.add("Organisation One", "--sector", "public").code, 0)
        elsewhere = self.tmp / "elsewhere"
        elsewhere.write_bytes(self.cache.read_bytes())
        self.cache.unlink()
        self.cache.symlink_to(elsewhere)
        plan = self.p / "interlink.yaml"
        plan.write_text(plan.read_text() + "\n")
        before = elsewhere.read_bytes()
        self.assertEqual(self.add("Organisation Two", "--sector", "public").code, 0)
        self.assertEqual(elsewhere.read_bytes(), before)
        self.assertFalse(self.cache.is_symlink())


if __name__ == "__main__":
    import unittest
    unittest.main()
