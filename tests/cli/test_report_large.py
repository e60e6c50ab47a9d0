"""The html and md report of a project with more feedback than a page can
list (issue 10: 989,047 items on the bench's million-event project made a
page of hundreds of megabytes and took ~30 s). What must hold, on the real
binary: html and md list process::kTraceListed (1,000) items — every answered
one, then the most recent open ones — and say how many they leave out and
where every item is; csv and json list every item; and a ledger that
`verify` checked, whose state `status` cached, gives byte for byte the same
report from the cache as a clean checkout does from every event, with
nothing written; a report of a marked ledger that had to read every event
(a cache too far behind to carry over) leaves the cache written from them,
for the next."""
import csv
import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3

from helpers import ScratchTest, snapshot
from report_support import append_events

LISTED = 1000
BULK = 1100


class ReportLargeTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")
        append_events(self.p / "ledger.db", [
            (f"2026-05-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z", "feedback.recorded", "mef-planning",
             {"phase": "mobilise", "iteration": 1, "type": "idea", "text": f"bulk item {i}"})
            for i in range(BULK)])
        self.total = len(json.loads(self.ok("-C", str(self.p), "report", "--format", "json",
                                            "--section", "traceability").out)["traceability"])

    def cli(self, *args):
        return self.ok("-C", str(self.p), *args)

    def test_html_and_md_list_a_thousand_items_and_say_where_the_rest_are(self):
        self.assertGreater(self.total, BULK)
        html = self.cli("report", "--format", "html").out
        self.assertEqual(html.count("<tr><td><code>fb-"), LISTED)
        self.assertIn(f"Not listed here: {self.total - LISTED} (answered: 0; not yet answered: "
                      f"{self.total - LISTED}).", html)
        self.assertIn("<code>interlink report --format csv --section traceability</code>", html)
        self.assertTrue(f"bulk item {BULK - 1}<" in html, "the most recent open item is not listed")
        self.assertFalse("bulk item 0<" in html, "the oldest open item is listed")
        md = self.cli("report", "--format", "md", "--section", "traceability").out
        self.assertEqual(md.count("\n| `fb-"), LISTED)
        self.assertIn(f"Not listed here: {self.total - LISTED} (answered: 0;", md)
        table = self.cli("report", "--format", "csv", "--section", "traceability").out
        self.assertEqual(len(list(csv.DictReader(io.StringIO(table)))), self.total)
        # The overview counts every item, listed or not.
        overview = json.loads(self.cli("report", "--format", "json", "--section", "overview").out)["overview"]
        self.assertEqual(overview["feedback"], self.total)

    def test_a_verified_ledger_gives_the_same_report_from_the_cache_and_writes_nothing(self):
        clean = self.tmp / "clean"
        shutil.copytree(self.p, clean)
        cold = {fmt: self.ok("-C", str(clean), "report", "--format", fmt).out for fmt in ("html", "md")}
        # No mark on this copy: the next report reads every event anyway,
        # so these wrote no cache.
        self.assertFalse((clean / ".interlink" / "cache" / "report.pack").exists())
        self.cli("status")
        self.cli("verify")
        self.assertTrue((self.p / ".interlink" / "cache" / "report.pack").is_file())
        self.assertTrue((self.p / ".interlink" / "cache" / "verified.pack").is_file())
        before = snapshot(self.p)
        for fmt in ("html", "md"):
            self.assertTrue(self.cli("report", "--format", fmt).out == cold[fmt], f"{fmt} differs from the clean one")
        self.assertEqual(snapshot(self.p), before)

    def test_the_cache_is_what_a_marked_ledger_shows_and_thorough_reads_every_event(self):
        # report.pack edited under the seal of this user's own key: what the
        # report shows is the cache's, proof that no event was read; with
        # --thorough, or once the ledger changes, every event is read.
        self.cli("status")
        self.cli("verify")
        pack = self.p / ".interlink" / "cache" / "report.pack"
        key = (self.tmp / ".local" / "state" / "interlink" / "cache.key").read_bytes()
        data = pack.read_bytes()
        body = data[:-32]
        self.assertEqual(hmac.new(key, b"report.pack\n" + body, hashlib.sha256).digest(), data[-32:])
        last = f"bulk item {BULK - 1}".encode()
        self.assertIn(last, body)
        body = body.replace(last, f"bulk itXm {BULK - 1}".encode())
        pack.write_bytes(body + hmac.new(key, b"report.pack\n" + body, hashlib.sha256).digest())
        self.assertIn("bulk itXm", self.cli("report", "--format", "html").out)
        thorough = self.cli("report", "--format", "html", "--thorough").out
        self.assertTrue(f"bulk item {BULK - 1}<" in thorough and "bulk itXm" not in thorough, "--thorough used the cache")
        # interlink's own write keeps verify's mark (process/verified.hpp),
        # and the report carries the cached digest over the event it
        # appended: the new item is listed, and the cache's edit still shows.
        self.cli("-q", "feedback", "add", "After the mark", "--from", "mef-planning", "--type", "idea")
        after = self.cli("report", "--format", "html").out
        self.assertTrue("After the mark" in after and "bulk itXm" in after, "the write's event was not stepped over")
        # The same ledger as another file (copied over it): the mark names
        # the file, so every event is read again.
        db = self.p / "ledger.db"
        shutil.copyfile(db, self.tmp / "copy.db")
        os.replace(self.tmp / "copy.db", db)
        after = self.cli("report", "--format", "html").out
        self.assertTrue("After the mark" in after and "bulk itXm" not in after, "an unverified file used the cache")

    def test_a_report_that_read_every_event_caches_them_for_the_next(self):
        # Two imports of 6,000 rows after the cache and the mark, each
        # followed by status: the imports keep the mark, and status carries
        # its own summary over each (summary-step.pack) and leaves the full
        # cache where it was, now more events behind than a report steps
        # over (10,000: process/load.cpp's kMaxStepped). The first report
        # reads every event; it must leave the cache written from them, so
        # that the next report reads that (the edit under the seal shows),
        # not every event again.
        clean = self.tmp / "clean"
        self.cli("status")
        self.cli("verify")
        for part in range(2):
            src = self.tmp / f"part{part}.csv"
            src.write_text("from,type,text\n" +
                           "".join(f"mef-planning,idea,imported {part}-{i}\n" for i in range(6_000)))
            self.cli("-q", "feedback", "import", str(src))
            self.cli("status")
        shutil.copytree(self.p, clean, ignore=shutil.ignore_patterns(".interlink"))
        cold = self.ok("-C", str(clean), "report", "--format", "html").out
        pack = self.p / ".interlink" / "cache" / "report.pack"
        last = b"imported 1-5999"
        self.assertFalse(last in pack.read_bytes(), "status refreshed the report's cache: the test shows nothing")
        self.assertTrue(self.cli("report", "--format", "html").out == cold, "the first report differs from a clean one")
        data = pack.read_bytes()
        self.assertTrue(last in data, "the report that read every event left its cache as it was")
        key = (self.tmp / ".local" / "state" / "interlink" / "cache.key").read_bytes()
        body = data[:-32].replace(last, b"importXd 1-5999")
        pack.write_bytes(body + hmac.new(key, b"report.pack\n" + body, hashlib.sha256).digest())
        self.assertIn("importXd 1-5999", self.cli("report", "--format", "html").out)
        # What it wrote beside is what a command that read every item would
        # have written, but the items themselves (the report needs none):
        # status and validate from it, and trace and the list, which must
        # then read the items from the ledger, say what they say on a clone
        # without a cache.
        self.assertFalse(b"imported 1-5999" in (pack.parent / "items.pack").read_bytes(), "the items were written")
        for args in (["status"], ["validate"], ["trace"], ["feedback", "list", "--open"]):
            self.assertEqual(self.cli(*args).out, self.ok("-C", str(clean), *args).out, args)

    def test_a_cache_replayed_from_doctored_rows_is_never_shown_for_the_verified_ledger(self):
        # status caches the state of a ledger doctored in place (its hashes
        # and heads unchanged); the genuine file is put back and verified.
        # The report must not take the cache for the rows verify checked.
        db = self.p / "ledger.db"
        genuine = db.read_bytes()
        cold = self.cli("report", "--format", "html").out
        con = sqlite3.connect(db)
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        con.execute("UPDATE events SET payload = replace(payload, 'bulk item 1099', 'DOCTORED 1099')")
        con.commit()
        con.close()
        self.cli("status")
        self.assertTrue((self.p / ".interlink" / "cache" / "report.pack").is_file())
        db.unlink()
        db.write_bytes(genuine)
        self.cli("verify")
        html = self.cli("report", "--format", "html").out
        self.assertFalse("DOCTORED" in html, "the report shows the doctored rows' cache")
        self.assertTrue(html == cold, "the report differs from the one of the genuine ledger")


class ReportCoreBindingTest(ScratchTest):
    """From a review (a helper session attacking the real binary): the core
    (state.pack) must come from the rows verify checked too, not only the
    digests. A core replayed from a doctored older ledger (replayed as a
    merge, so that no digest was written beside it), then extended by the
    genuine last event, had the genuine digests' key and was shown."""

    def test_a_core_from_doctored_rows_is_never_shown_for_the_verified_ledger(self):
        p = self.copy_example("pspm")
        db = p / "ledger.db"
        append_events(db, [("2026-06-01T10:00:00Z", "feedback.recorded", "rome",
                            {"phase": "collect-requirements", "iteration": 1, "type": "idea", "text": "last"})])
        genuine = db.read_bytes()
        cold = self.ok("-C", str(p), "report", "--format", "html").out
        self.ok("-C", str(p), "status")  # digest and report.pack of the genuine rows
        con = sqlite3.connect(db)  # an older, doctored ledger (another branch)
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        last, = con.execute("SELECT max(seq) FROM events").fetchone()
        prev, = con.execute("SELECT hash FROM events WHERE seq = ?", (last - 1,)).fetchone()
        con.execute("DELETE FROM events WHERE seq = ?", (last,))
        con.execute("DELETE FROM heads")
        con.execute("INSERT INTO heads(hash) VALUES (?)", (prev,))
        h2, h3 = [r[0] for r in con.execute("SELECT hash FROM events WHERE seq IN (2, 3) ORDER BY seq")]
        con.execute("UPDATE events SET parents = ? WHERE seq = 4",
                    (json.dumps(sorted([h2, h3]), separators=(",", ":")),))
        con.execute("UPDATE events SET kind = 'task.skipped', payload = '{\"iteration\":1,\"phase\":\"mobilise\","
                    "\"reason\":\"x\"}' WHERE kind = 'task.done' AND subject = 'map-planning-stakeholders'")
        con.commit()
        con.close()
        self.ok("-C", str(p), "status")  # a core of the doctored rows, no digest
        db.unlink()
        db.write_bytes(genuine)
        self.ok("-C", str(p), "status")  # that core extended by the genuine last event
        self.ok("-C", str(p), "verify")
        html = self.ok("-C", str(p), "report", "--format", "html").out
        self.assertTrue(html == cold, "the report shows a core replayed from doctored rows")
