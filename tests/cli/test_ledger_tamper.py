"""Property test of `verify`: in a sample ledger written by the binary, change
one byte of each field of each event — every byte position, one at a time —
and delete each event in turn; verify must fail (exit 1) naming a problem in
every case, and pass on the untouched copy."""
import sqlite3
import unittest

from helpers import ScratchTest
from ledger_recipe import FIELDS, add_stakeholder, canonical, copy_ledger, event_hash, make_project, rows, tamper


def other_byte(b):
    # A different byte, ASCII when the original is ASCII; inside a multi-byte
    # character this makes invalid UTF-8, which verify must also catch.
    return ord("y") if b == ord("x") else ord("x")


class LedgerTamperTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_project(self)
        for name in ("Comune di Roma", "Università di Bologna"):
            self.assertEqual(add_stakeholder(self, self.p, name).code, 0)
        self.db = self.p / "ledger.db"
        self.ok("verify", str(self.db))

    def assert_caught(self, db, what):
        r = self.run_cli("verify", str(db))
        self.assertEqual(r.code, 1, f"{what}: {r}")
        self.assertIn("FAILED", r.out, what)

    def test_every_changed_byte_of_every_field_is_caught(self):
        cases = 0
        for row in rows(self.db):
            seq = row[0]
            for field, value in zip(FIELDS, row[1:]):
                data = value.encode("utf-8")
                positions = range(len(data)) if data else [None]
                for i in positions:
                    if i is None:  # an empty field: one byte added instead
                        changed = b"x"
                    else:
                        changed = data[:i] + bytes([other_byte(data[i])]) + data[i + 1:]
                    db = copy_ledger(self.db, self.tmp / "t.db")
                    tamper(db, f"UPDATE events SET {field} = CAST(? AS TEXT) WHERE seq = ?", (changed, seq))
                    self.assert_caught(db, f"event {seq} field {field} byte {i}")
                    cases += 1
        self.assertGreater(cases, 500)

    def test_every_deleted_event_is_caught(self):
        for row in rows(self.db):
            db = copy_ledger(self.db, self.tmp / "t.db")
            tamper(db, "DELETE FROM events WHERE seq = ?", (row[0],))
            self.assert_caught(db, f"deleted event {row[0]}")

    def test_a_foreign_or_reordered_event_is_caught(self):
        evs = rows(self.db)
        # A well-hashed event whose parent is not in the ledger (a foreign event).
        db = copy_ledger(self.db, self.tmp / "t.db")
        parents, payload = ["0" * 64], {}
        h = event_hash(parents, evs[-1][3], "mallory", "task.done", "x", payload)
        tamper(db, "INSERT INTO events(hash, parents, time, actor, kind, subject, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (h, canonical(parents), evs[-1][3], "mallory", "task.done", "x", canonical(payload)))
        tamper(db, "DELETE FROM heads")
        tamper(db, "INSERT INTO heads(hash) VALUES (?)", (h,))
        self.assert_caught(db, "foreign event")
        # Swapping two events' order puts a child before its parent.
        db = copy_ledger(self.db, self.tmp / "t.db")
        last, prev = evs[-1][0], evs[-2][0]
        tamper(db, "UPDATE events SET seq = -1 WHERE seq = ?", (prev,))
        tamper(db, "UPDATE events SET seq = ? WHERE seq = ?", (prev, last))
        tamper(db, "UPDATE events SET seq = ? WHERE seq = -1", (last,))
        self.assert_caught(db, "reordered events")

    def test_dropped_trigger_and_edited_heads_are_caught(self):
        db = copy_ledger(self.db, self.tmp / "t.db")
        con = sqlite3.connect(str(db), isolation_level=None)
        con.execute("DROP TRIGGER events_no_update")
        con.close()
        self.assert_caught(db, "dropped trigger")
        db = copy_ledger(self.db, self.tmp / "t.db")
        tamper(db, "INSERT INTO heads(hash) VALUES (?)", ("0" * 64,))
        self.assert_caught(db, "extra head")


if __name__ == "__main__":
    unittest.main()
