"""Property test of `verify`: in a sample ledger written by the binary, change
one byte of each field of each event — every byte position, one at a time —
and delete each event in turn; verify must fail (exit 1) naming the exact
problem it was built to find (expected_problem() says which, from an
independent reading of the changed row), and pass on the untouched copy."""
import json
import sqlite3
import unittest

from helpers import ScratchTest
from ledger_recipe import FIELDS, canonical, copy_ledger, event_hash, make_sample, rows, tamper


def other_byte(b):
    # A different byte, ASCII when the original is ASCII; inside a multi-byte
    # character this makes invalid UTF-8, which verify must also catch.
    return ord("y") if b == ord("x") else ord("x")


def expected_problem(field, row, changed):
    """What verify must say about row (seq, hash, parents, ...) once field holds the bytes changed."""
    seq, h = row[0], row[1]
    if field == "hash":
        return f"event #{seq}: its hash '{changed.decode()}' is not 64 lowercase hex digits"
    if field == "parents":
        return f"event {h[:10]}: its parents are not a canonical JSON list of hashes"
    if field == "payload":
        try:
            payload = json.loads(changed.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError too
            payload = None
        if not isinstance(payload, dict):
            return f"event {h[:10]}: its payload is not a JSON object"
        if canonical(payload) != changed.decode("utf-8"):
            return f"event {h[:10]}: its payload is not canonical JSON"
    changed.decode("utf-8")  # the sample's other fields are ASCII: a changed byte stays valid text
    return f"event {h[:10]}: its hash does not match its content (it was changed)"


def heads_problem(cached, actual):
    return (f"the heads table names [{', '.join(cached)}] but the events end in [{', '.join(actual)}]: an event was "
            "removed, or the table was edited")


class LedgerTamperTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_sample(self)
        self.db = self.p / "ledger.db"
        self.ok("verify", str(self.db))

    def assert_caught(self, db, what, problem):
        r = self.run_cli("verify", str(db))
        self.assertEqual((r.code, r.out), (1, f"{db}: FAILED: {problem}\n"), f"{what}: {r}")

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
                    self.assert_caught(db, f"event {seq} field {field} byte {i}",
                                       expected_problem(field, row, changed))
                    cases += 1
        self.assertGreater(cases, 500)

    def test_every_deleted_event_is_caught(self):
        evs = rows(self.db)
        for k, row in enumerate(evs):
            db = copy_ledger(self.db, self.tmp / "t.db")
            tamper(db, "DELETE FROM events WHERE seq = ?", (row[0],))
            # The first later event naming it has lost its parent; the last event is a head.
            child = next((e for e in evs[k + 1:] if row[1] in json.loads(e[2])), None)
            if child:
                problem = f"event {child[1][:10]}: its parent {row[1][:10]} is missing (not earlier in the ledger)"
            else:
                problem = heads_problem([row[1]], [evs[k - 1][1]])
            self.assert_caught(db, f"deleted event {row[0]}", problem)

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
        self.assert_caught(db, "foreign event", f"event {h[:10]}: its parent 0000000000 is missing (not earlier in "
                                                "the ledger)")
        # Swapping two events' order puts a child before its parent.
        db = copy_ledger(self.db, self.tmp / "t.db")
        last, prev = evs[-1][0], evs[-2][0]
        tamper(db, "UPDATE events SET seq = -1 WHERE seq = ?", (prev,))
        tamper(db, "UPDATE events SET seq = ? WHERE seq = ?", (prev, last))
        tamper(db, "UPDATE events SET seq = ? WHERE seq = -1", (last,))
        self.assert_caught(db, "reordered events", f"event {evs[-1][1][:10]}: its parent {evs[-2][1][:10]} is missing "
                                                   "(not earlier in the ledger)")

    def test_dropped_trigger_and_edited_heads_are_caught(self):
        evs = rows(self.db)
        db = copy_ledger(self.db, self.tmp / "t.db")
        con = sqlite3.connect(str(db), isolation_level=None)
        con.execute("DROP TRIGGER events_no_update")
        con.close()
        self.assert_caught(db, "dropped trigger", "the append-only trigger events_no_update was removed")
        db = copy_ledger(self.db, self.tmp / "t.db")
        tamper(db, "INSERT INTO heads(hash) VALUES (?)", ("0" * 64,))
        self.assert_caught(db, "extra head", heads_problem(sorted(["0" * 64, evs[-1][1]]), [evs[-1][1]]))


if __name__ == "__main__":
    unittest.main()
