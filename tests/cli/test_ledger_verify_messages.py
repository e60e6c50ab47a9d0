"""verify names what is wrong: one crafted ledger per problem it detects, and
the exact line it prints. Each ledger is a real one made by the binary, with
one row added or changed by hand so that exactly one check can fail: a new
row's hash is computed over its stored text (as lib/ledger/event.cpp's
hashed_text does), and the heads table is recomputed, unless the case is
about them."""
import hashlib
import json
import sqlite3
import unittest

from helpers import ScratchTest
from ledger_recipe import canonical, copy_ledger, make_sample, rows, tamper

TIME = "2026-01-01T00:00:00Z"
FOREIGN = "f" * 64  # a well-formed hash of no event in the ledger


def raw_hash(actor, kind, parents_text, payload_text, subject, time):
    """SHA-256 of the hashed text built from the stored columns, whatever they hold."""
    text = (f'{{"actor":{canonical(actor)},"kind":{canonical(kind)},"parents":{parents_text},'
            f'"payload":{payload_text},"subject":{canonical(subject)},"time":{canonical(time)}}}')
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def insert(db, parents=None, parents_text=None, payload_text="{}", kind="task.done", actor="mallory",
           subject="x", time=TIME, hash=None, seq=None, fix_heads=True):
    """Adds one row; returns its hash."""
    if parents_text is None:
        parents_text = canonical(parents)
    if hash is None:
        hash = raw_hash(actor, kind, parents_text, payload_text, subject, time)
    cols = "hash, parents, time, actor, kind, subject, payload" + (", seq" if seq is not None else "")
    values = [hash, parents_text, time, actor, kind, subject, payload_text] + ([seq] if seq is not None else [])
    tamper(db, f"INSERT INTO events({cols}) VALUES ({', '.join('?' * len(values))})", values)
    if fix_heads:
        recompute_heads(db)
    return hash


def recompute_heads(db):
    """The heads as verify computes them: every event no later one names."""
    hashes, named = [], set()
    for row in rows(db):
        hashes.append(row[1])
        try:
            named.update(json.loads(row[2]))
        except (ValueError, TypeError):
            pass
    tamper(db, "DELETE FROM heads")
    for h in sorted(set(hashes) - named):
        tamper(db, "INSERT INTO heads(hash) VALUES (?)", (h,))


class VerifyMessagesTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = make_sample(self)
        self.good = self.p / "ledger.db"
        self.hashes = [r[1] for r in rows(self.good)]
        self.assertEqual(len(self.hashes), 3)
        self.last = self.hashes[-1]

    def fresh(self, name="t.db"):
        return copy_ledger(self.good, self.tmp / name)

    def assert_fails(self, db, problem, bad_event, *extra):
        r = self.run_cli("verify", str(db), *extra)
        self.assertEqual((r.code, r.out, r.err), (1, f"{db}: FAILED: {problem}\n", ""), r)
        j = self.run_cli("verify", str(db), "--format", "json", *extra)
        self.assertEqual(j.code, 1, j)
        got = json.loads(j.out)
        self.assertEqual((got["ok"], got["problem"], got["bad_event"]), (False, problem, bad_event))

    def test_the_untouched_ledger_verifies(self):
        db = self.fresh()
        r = self.run_cli("verify", str(db))
        self.assertEqual((r.code, r.out), (0, f"{db}: ok: 3 events, 1 head, root {self.hashes[0][:10]}\n"))

    def test_hash_not_hex(self):
        db = self.fresh()
        h = insert(db, [self.last], hash="A" * 64)
        self.assert_fails(db, f"event #4: its hash '{'A' * 64}' is not 64 lowercase hex digits", h)

    def test_same_event_twice(self):
        # The schema's UNIQUE stops a second copy of a row; a tamperer can
        # rebuild the table without it, and verify must still notice.
        db = self.tmp / "t.db"
        src = sqlite3.connect(str(self.good))
        schema = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                            "AND type IN ('table', 'index', 'trigger') ORDER BY rowid")]
        app_id = src.execute("PRAGMA application_id").fetchone()[0]
        version = src.execute("PRAGMA user_version").fetchone()[0]
        events = src.execute("SELECT * FROM events ORDER BY seq").fetchall()
        heads = src.execute("SELECT hash FROM heads").fetchall()
        src.close()
        con = sqlite3.connect(str(db), isolation_level=None)
        for sql in schema:
            con.execute(sql.replace("hash TEXT NOT NULL UNIQUE", "hash TEXT NOT NULL"))
        con.execute(f"PRAGMA application_id = {app_id}")
        con.execute(f"PRAGMA user_version = {version}")
        for e in events + [(4,) + events[1][1:]]:
            con.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e)
        con.executemany("INSERT INTO heads VALUES (?)", heads)
        con.close()
        # Without its UNIQUE constraint the events table is not the one
        # interlink makes: the file is refused before verify reads a row
        # (so verify's own "appears twice" can only be reached through a
        # schema that SQLite itself no longer enforces).
        r = self.run_cli("verify", str(db))
        self.assertEqual((r.code, r.out, r.err),
                         (3, "", f"interlink: error: {db}: not an interlink ledger: its table 'events' is not as "
                                 "interlink makes it\nhint: restore ledger.db from a copy you trust; 'interlink "
                                 "verify' checks it\n"), r)

    def test_parents_not_canonical(self):
        db = self.fresh()
        h = insert(db, parents_text=f'[ "{self.last}" ]')
        self.assert_fails(db, f"event {h[:10]}: its parents are not a canonical JSON list of hashes", h)
        db = self.fresh()
        h = insert(db, parents_text=f'["{self.last.upper()}"]')
        self.assert_fails(db, f"event {h[:10]}: its parents are not a canonical JSON list of hashes", h)

    def test_payload_not_an_object(self):
        db = self.fresh()
        h = insert(db, [self.last], payload_text="[]")
        self.assert_fails(db, f"event {h[:10]}: its payload is not a JSON object", h)
        db = self.fresh()
        h = insert(db, [self.last], payload_text='{"a":')
        self.assert_fails(db, f"event {h[:10]}: its payload is not a JSON object", h)

    def test_parents_not_sorted(self):
        db = self.fresh()
        two = sorted(self.hashes[1:])[::-1]
        h = insert(db, parents_text=json.dumps(two, separators=(",", ":")))
        self.assert_fails(db, f"event {h[:10]}: its parents are not sorted", h)

    def test_payload_not_canonical(self):
        db = self.fresh()
        h = insert(db, [self.last], payload_text='{"b":1,"a":2}')
        self.assert_fails(db, f"event {h[:10]}: its payload is not canonical JSON", h)
        db = self.fresh()
        h = insert(db, [self.last], payload_text='{"a": 2}')
        self.assert_fails(db, f"event {h[:10]}: its payload is not canonical JSON", h)

    def test_payload_with_a_fraction(self):
        db = self.fresh()
        h = insert(db, [self.last], payload_text='{"a":1.5}')
        self.assert_fails(db, f"event {h[:10]}: event payload holds a non-integer number (1.5); payload numbers "
                              "must be integers", h)

    def test_text_not_utf8(self):
        db = self.fresh()
        h = insert(db, [self.last], actor="mallory")
        tamper(db, "UPDATE events SET actor = CAST(? AS TEXT) WHERE hash = ?", (b"mall\xffry", h))
        self.assert_fails(db, f"event {h[:10]}: event text is not valid UTF-8 ([json.exception.type_error.316] "
                              "invalid UTF-8 byte at index 4: 0xFF)", h)

    def test_hash_does_not_match(self):
        db = self.fresh()
        h = insert(db, [self.last], hash="0" * 64)
        self.assert_fails(db, "event 0000000000: its hash does not match its content (it was changed)", h)
        # One changed column of a real event.
        db = self.fresh()
        tamper(db, "UPDATE events SET subject = 'comune-di-rome' WHERE hash = ?", (self.hashes[1],))
        self.assert_fails(db, f"event {self.hashes[1][:10]}: its hash does not match its content (it was changed)",
                          self.hashes[1])

    def test_time_not_in_the_format(self):
        # A date alone is a time elsewhere (log --since), never in an event.
        for time in ("2026-01-01 00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z",
                     "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00", "2026-01-01"):
            with self.subTest(time=time):
                db = self.fresh()
                h = insert(db, [self.last], time=time)
                self.assert_fails(db, f"event {h[:10]}: its time '{time}' is not YYYY-MM-DDTHH:MM:SSZ", h)

    def test_same_parent_twice(self):
        db = self.fresh()
        h = insert(db, [self.last, self.last])
        self.assert_fails(db, f"event {h[:10]}: names the same parent twice", h)

    def test_missing_parent_with_heads_edited_to_match(self):
        # The heads table says exactly what the events end in: only the check
        # that a parent comes earlier can catch this event.
        db = self.fresh()
        h = insert(db, [FOREIGN])
        self.assertEqual(sorted(r[0] for r in sqlite3.connect(str(db)).execute("SELECT hash FROM heads")),
                         sorted([self.last, h]))
        self.assert_fails(db, f"event {h[:10]}: its parent ffffffffff is missing (not earlier in the ledger)", h)

    def test_parent_later_in_the_ledger(self):
        db = self.fresh()
        parent = insert(db, [self.last], subject="later", seq=10, fix_heads=False)
        child = insert(db, [parent], subject="earlier", seq=5)
        self.assert_fails(db, f"event {child[:10]}: its parent {parent[:10]} is missing (not earlier in the ledger)",
                          child)

    def test_second_root(self):
        db = self.fresh()
        h = insert(db, [], kind="project.created", payload_text='{"id":"other"}')
        self.assert_fails(db, f"event {h[:10]}: a second root (an event without parents); the first is earlier", h)

    def test_root_is_not_project_created(self):
        db = self.fresh()
        tamper(db, "DELETE FROM events")
        h = insert(db, [], kind="stakeholder.added", subject="comune-di-roma")
        self.assert_fails(db, f"event {h[:10]}: the root event is 'stakeholder.added', not project.created", h)

    def test_no_events(self):
        db = self.fresh()
        tamper(db, "DELETE FROM events")
        tamper(db, "DELETE FROM heads")
        self.assert_fails(db, "the ledger has no events", "")

    def test_append_only_triggers_removed(self):
        for trigger in ("events_no_update", "events_no_delete"):
            with self.subTest(trigger=trigger):
                db = self.fresh()
                con = sqlite3.connect(str(db), isolation_level=None)
                con.execute(f"DROP TRIGGER {trigger}")
                con.close()
                self.assert_fails(db, f"the append-only trigger {trigger} was removed", "")

    def test_heads_table_edited(self):
        db = self.fresh()
        tamper(db, "INSERT INTO heads(hash) VALUES (?)", (FOREIGN,))
        self.assert_fails(db, f"the heads table names [{self.last}, {FOREIGN}] but the events end in [{self.last}]: "
                              "an event was removed, or the table was edited", "")
        # The last event removed: the heads still name it.
        db = self.fresh()
        tamper(db, "DELETE FROM events WHERE hash = ?", (self.last,))
        self.assert_fails(db, f"the heads table names [{self.last}] but the events end in [{self.hashes[1]}]: "
                              "an event was removed, or the table was edited", "")

    def test_damaged_database(self):
        # An index that no longer matches its table: SQLite's integrity_check says so.
        db = self.fresh()
        con = sqlite3.connect(str(db), isolation_level=None)
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX events_kind ON events(subject)' "
                    "WHERE name = 'events_kind'")
        con.close()
        # The schema check sees the changed index before SQLite's own checks.
        r = self.run_cli("verify", str(db))
        self.assertEqual((r.code, r.out, r.err),
                         (3, "", f"interlink: error: {db}: not an interlink ledger: its index 'events_kind' is not "
                                 "as interlink makes it\nhint: restore ledger.db from a copy you trust; 'interlink "
                                 "verify' checks it\n"), r)

    def test_base_that_does_not_verify(self):
        base = self.fresh("base.db")
        tamper(base, "UPDATE events SET actor = 'mallory' WHERE hash = ?", (self.hashes[0],))
        db = self.fresh()
        self.assert_fails(db, f"the base {base} does not verify: event {self.hashes[0][:10]}: its hash does not "
                              "match its content (it was changed)", self.hashes[0], "--base", str(base))

    def test_base_event_missing(self):
        base = self.fresh("base.db")
        extra = insert(base, [self.last])
        db = self.fresh()
        self.assert_fails(db, f"event {extra[:10]} of the base {base} is missing: the ledger was rewritten, "
                              "not extended", extra, "--base", str(base))
        r = self.run_cli("verify", str(base), "--base", str(db))
        self.assertEqual((r.code, r.out), (0, f"{base}: ok: 4 events, 1 head, root {self.hashes[0][:10]}, every "
                                              f"event of {db} present\n"))


if __name__ == "__main__":
    unittest.main()
