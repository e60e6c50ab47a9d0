"""`verify` runs SQLite's quick_check by default and its integrity_check with
--thorough (issue 10, interlink-verify(1)): an index that disagrees with its
table passes the quick check and fails the thorough one; a changed event or
a damaged page fails both."""
import sqlite3

from helpers import ScratchTest
from ledger_recipe import copy_ledger, tamper


class VerifyDepthTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")
        self.db = self.p / "ledger.db"

    def test_sound_ledger_passes_both(self):
        con = sqlite3.connect(str(self.db))
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        con.close()
        self.assertIn(f": ok: {n} events", self.ok("verify", str(self.db)).out)
        self.assertIn(f": ok: {n} events", self.ok("verify", "--thorough", str(self.db)).out)

    def index_out_of_step(self, db):
        # The index rebuilt over another column, then its definition put back:
        # the schema is as interlink makes it (the opening checks it), the
        # index's entries are not those of its table.
        con = sqlite3.connect(str(db), isolation_level=None)
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'events_kind'").fetchone()[0]
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX events_kind ON events(actor)' "
                    "WHERE name = 'events_kind'")
        con.close()
        con = sqlite3.connect(str(db), isolation_level=None)
        con.execute("REINDEX events_kind")
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'events_kind'", (sql,))
        con.close()

    def test_an_index_out_of_step_with_its_table_needs_thorough(self):
        db = copy_ledger(self.db, self.tmp / "index.db")
        self.index_out_of_step(db)
        self.assertEqual(self.run_cli("verify", str(db)).code, 0)
        r = self.run_cli("verify", "--thorough", str(db))
        self.assertEqual(r.code, 1, r)
        self.assertIn("FAILED: the SQLite database is damaged: row 1 missing from index events_kind", r.out)

    def test_a_damaged_file_is_reported_as_damaged_before_its_rows(self):
        # SQLite's check runs beside the scan of the events (verify.cpp): what
        # it finds is still what verify reports, as when it ran first.
        db = copy_ledger(self.db, self.tmp / "both.db")
        tamper(db, "UPDATE events SET actor = 'someone-else' WHERE seq = 2")
        self.index_out_of_step(db)
        self.assertIn("its hash does not match its content", self.run_cli("verify", str(db)).out)
        r = self.run_cli("verify", "--thorough", str(db))
        self.assertEqual(r.code, 1, r)
        self.assertIn("FAILED: the SQLite database is damaged: row 1 missing from index events_kind", r.out)
        self.assertNotIn("hash", r.out)

    def test_a_changed_event_fails_both(self):
        db = copy_ledger(self.db, self.tmp / "changed.db")
        tamper(db, "UPDATE events SET actor = 'someone-else' WHERE seq = 2")
        for args in (["verify"], ["verify", "--thorough"]):
            r = self.run_cli(*args, str(db))
            self.assertEqual(r.code, 1, r)
            self.assertIn("its hash does not match its content", r.out)

    def test_a_damaged_page_fails_both(self):
        db = copy_ledger(self.db, self.tmp / "page.db")
        con = sqlite3.connect(str(db))
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        con.close()
        data = bytearray(db.read_bytes())
        page = int.from_bytes(data[16:18], "big")
        # Scribble over the cell pointers of the events table's root page.
        at = (root - 1) * page
        data[at + 8:at + 40] = b"\xff" * 32
        db.write_bytes(bytes(data))
        for args in (["verify"], ["verify", "--thorough"]):
            r = self.run_cli(*args, str(db))
            self.assertEqual(r.code, 1, r)
            self.assertIn("FAILED", r.out)


if __name__ == "__main__":
    import unittest
    unittest.main()
