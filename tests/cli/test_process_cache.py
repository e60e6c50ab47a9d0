"""The derived state cache under .interlink/cache: used when its key matches,
extended when the ledger grew by a chain, rebuilt when damaged or foreign,
never written through a symlink, never tracked."""
import json
import os
import unittest

from helpers import snapshot
from process_support import ProcessTest


class CacheTest(ProcessTest):
    def status(self):
        return json.loads(self.ok("status", "--format", "json", "--today", "2026-01-10").out)

    def test_the_cache_follows_the_ledger(self):
        self.add("Org A", "public", "coordinator")
        first = self.status()
        cache = self.p / ".interlink" / "cache" / "state.pack"
        self.assertTrue(cache.is_file())
        self.assertEqual((self.p / ".interlink" / ".gitignore").read_text().splitlines()[-1], "*")
        self.ok("run-phase", "one")
        self.ok("feedback", "add", "hello", "--from", "org-a")
        after = self.status()
        self.assertEqual(after["phases"][0]["status"], "active")
        self.assertEqual(after["feedback"]["total"], 1)
        self.assertNotEqual(first, after)
        # A damaged cache is ignored and rebuilt.
        cache.write_bytes(b"\x00garbage")
        self.assertEqual(self.status(), after)
        # A cache of another ledger state (same project) is not trusted: copy
        # the ledger back to an older state and the status follows it.
        self.assertEqual(self.status()["feedback"]["total"], 1)

    def test_status_from_the_summary_is_status_from_the_items(self):
        # Items open and answered, a review due: status read from summary.pack
        # (second run) says what a replay with no cache says.
        self.add("Org A", "public", "coordinator")
        self.add("Org B", "private")
        self.ok("run-phase", "one")
        for text, who in (("first", "org-a"), ("second", "org-b"), ("third", "org-b")):
            self.ok("feedback", "add", text, "--from", who)
        first, second, _ = self.feedback_ids()
        self.ok("task", "done", "t1", "--addresses", first)
        self.ok("decide", "Later", "--for", "1", "--against", "0", "--review", "2026-01-05", "--addresses", second)
        built = self.status()  # replays what is new, writes the summary
        cache = self.p / ".interlink" / "cache"
        self.assertTrue((cache / "summary.pack").is_file())
        self.assertEqual(self.status(), built)  # from the summary
        self.assertEqual(built["feedback"], {"total": 3, "open": 1, "open_by_sector": {"private": 1}})
        self.assertEqual([d["title"] for d in built["reviews_due"]], ["Later"])
        text = self.ok("status", "--today", "2026-01-10").out
        for name in os.listdir(cache):
            os.remove(cache / name)
        self.assertEqual(self.status(), built)
        self.assertEqual(self.ok("status", "--today", "2026-01-10").out, text)
        # The summary counts by stakeholder, not by sector: a sector edited in
        # a file (no event) shows at once.
        path = self.p / "stakeholders" / "org-b.yaml"
        path.write_text(path.read_text().replace("sector: private", "sector: academia"))
        now = self.status()
        self.assertEqual(now["feedback"]["open_by_sector"], {"academia": 1})
        self.assertNotIn("academia", now["not_heard"])

    def test_status_after_a_write_carries_the_summary_over_it(self):
        # After a write, status carries the cached summary over the new events
        # when it can (process/summary_step.hpp) instead of reading every item:
        # items.pack stays as it was. What it says is what status says with
        # the summary computed from the items, answers included (the items
        # they name are found through the ledger's hash index); an event it
        # cannot be carried over (a task that answered items, reopened) makes
        # it read them, and rewrite the cache.
        self.add("Org A", "public", "coordinator")
        self.add("Org B", "private")
        self.ok("run-phase", "one")
        self.ok("feedback", "add", "first", "--from", "org-a")
        self.status()
        cache = self.p / ".interlink" / "cache"
        items = cache / "items.pack"

        def from_the_items():
            os.remove(cache / "summary.pack")
            return self.status()

        writes = [("feedback", "add", "second", "--from", "org-b"),
                  ("add-stakeholder", "Org C", "--sector", "academia"),
                  ("feedback", "add", "third", "--from", "org-c"),
                  ("decide", "Go on", "--for", "1", "--against", "0")]
        for argv in writes:
            with self.subTest(write=argv[0]):
                self.ok(*argv)
                before = items.stat().st_mtime_ns
                carried = self.status()
                self.assertEqual(items.stat().st_mtime_ns, before, "status read the items")
                self.assertEqual(carried, from_the_items())
        self.assertEqual(carried["feedback"]["total"], 3)
        self.assertEqual(carried["feedback"]["open"], 3)
        first = self.feedback_ids()[0]
        self.ok("task", "done", "t1", "--addresses", first)
        before = items.stat().st_mtime_ns
        answered = self.status()
        self.assertEqual(items.stat().st_mtime_ns, before, "status read the items for an answer")
        self.assertEqual(answered["feedback"]["open"], 2)
        self.assertEqual(answered, from_the_items())
        self.ok("task", "reopen", "t1")
        before = items.stat().st_mtime_ns
        reopened = self.status()
        self.assertNotEqual(items.stat().st_mtime_ns, before, "a reopened answer needs the items")
        self.assertEqual(reopened["feedback"]["open"], 3)
        self.assertEqual(reopened, from_the_items())

    def test_a_long_run_of_writes_is_replayed_once(self):
        # Writes write no full cache: after a run of them, the next write
        # replays the run and leaves its core in step.pack, status its
        # summary in summary-step.pack (lib/process/load.cpp), for the next
        # command to start from. What they show is what a replay shows.
        self.add("Org A", "public", "coordinator")
        self.add("Org B", "private")
        self.ok("run-phase", "one")
        self.status()
        cache = self.p / ".interlink" / "cache"
        rows = self.tmp / "survey.csv"
        rows.write_text("from,text\n" + "".join(f"org-{'ab'[i % 2]},item {i}\n" for i in range(40)))
        self.ok("feedback", "import", str(rows))
        self.assertFalse((cache / "step.pack").exists())
        before = snapshot(self.p)
        self.ok("feedback", "add", "checked only", "--from", "org-a", "--dry-run")
        self.assertEqual(snapshot(self.p), before, "a dry run wrote a step file")
        self.ok("feedback", "add", "one more", "--from", "org-b")
        self.assertTrue((cache / "step.pack").is_file())
        items = (cache / "items.pack").stat().st_mtime_ns
        carried = self.status()
        self.assertTrue((cache / "summary-step.pack").is_file())
        self.assertEqual((cache / "items.pack").stat().st_mtime_ns, items, "status read the items")
        self.assertEqual(carried["feedback"]["total"], 41)
        self.ok("task", "done", "t1")
        tasks = self.ok("tasks", "--format", "json").out
        after = self.status()
        for name in os.listdir(cache):
            os.remove(cache / name)
        self.assertEqual(self.status(), after)
        self.assertEqual(self.ok("tasks", "--format", "json").out, tasks)

    def test_a_cache_symlink_is_never_followed(self):
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        (self.p / ".interlink").mkdir(exist_ok=True)
        os.symlink(elsewhere, self.p / ".interlink" / "cache")
        self.status()
        self.assertEqual(list(elsewhere.iterdir()), [])

    def test_parse_caches_written_by_commands_that_show_the_project_only(self):
        self.add("Org A", "public", "coordinator")
        (self.p / ".interlink" / "cache").mkdir(parents=True, exist_ok=True)
        cache = self.p / ".interlink" / "cache"
        before = snapshot(self.p)
        # Checks, dry runs and refused commands read the caches, never write them.
        self.cli("validate")
        self.cli("run-phase", "one", "--check")
        self.cli("feedback", "add", "hello", "--from", "org-a", "--dry-run")
        self.assertEqual(snapshot(self.p), before)
        self.assertFalse((cache / "plan.pack").exists())
        self.assertFalse((cache / "stakeholders.pack").exists())
        self.status()
        self.assertTrue((cache / "plan.pack").is_file())
        self.assertTrue((cache / "stakeholders.pack").is_file())

    def test_validate_and_check_write_no_cache(self):
        before = snapshot(self.p)
        self.cli("validate")
        self.cli("run-phase", "one", "--check")
        self.assertEqual(snapshot(self.p), before)
        self.assertFalse((self.p / ".interlink").exists())


if __name__ == "__main__":
    unittest.main()
