"""Runs the crafted-ledger corpus (tests/corpus/ledgers/): each case builds a
hostile ledger.db in a fresh project, then runs commands on it with a time
limit and checks the exit code, the first line of the answer, and that the
project is byte for byte as it was (checks never write, not even -wal files).
"""
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import unittest

from helpers import SOURCE, ProjectTest, snapshot
from test_security_files import git_init_with_driver

CORPUS = SOURCE / "tests" / "corpus" / "ledgers"


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(parents, time, actor, kind, subject, payload):
    obj = {"actor": actor, "kind": kind, "parents": parents, "payload": payload, "subject": subject, "time": time}
    return hashlib.sha256(canonical(obj).encode()).hexdigest()


def sql(db, *statements):
    con = sqlite3.connect(str(db), isolation_level=None)
    for s in statements:
        con.execute(s)
    con.close()


# ---- recipes: each turns the fresh project's ledger.db into a crafted one ----

def fifo(db):
    db.unlink()
    os.mkfifo(db)


def random_bytes(db):
    db.write_bytes(random.Random(11).randbytes(8192))


def symlink(db):
    target = db.parent.parent / "elsewhere.db"
    db.rename(target)
    os.symlink(target, db)


def wal_mode(db):
    con = sqlite3.connect(str(db))
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    for side in ("-wal", "-shm"):
        p = db.parent / (db.name + side)
        if p.exists():
            p.unlink()


def view_for_events(db):
    sql(db, "DROP TABLE events",
        "CREATE VIEW events AS SELECT 1 AS seq, 'x' AS hash, '[]' AS parents, '' AS time, '' AS actor, "
        "'project.created' AS kind, '' AS subject, '{}' AS payload")


def foreign_trigger(db):
    sql(db, "CREATE TRIGGER sneak AFTER INSERT ON events BEGIN "
            "INSERT OR REPLACE INTO staged(path, content) VALUES ('.git/config', CAST('[core]' AS BLOB)); END")


def foreign_table(db):
    sql(db, "CREATE TABLE notes(x)")


def parents_cycle(db):
    con = sqlite3.connect(str(db), isolation_level=None)
    t = con.execute("SELECT time FROM events").fetchone()[0]
    fake_b = "b" * 64
    a = event_hash([fake_b], t, "mallory", "task.done", "a", {})
    con.execute("DROP TRIGGER events_no_update")
    for h, parents in ((a, [fake_b]), (fake_b, [a])):
        con.execute("INSERT INTO events(hash, parents, time, actor, kind, subject, payload) VALUES (?,?,?,?,?,?,?)",
                    (h, canonical(sorted(parents)), t, "mallory", "task.done", "a" if h == a else "b", "{}"))
    con.execute("DELETE FROM heads")
    con.execute("INSERT INTO heads(hash) VALUES (?)", (fake_b,))
    con.close()
    sql(db, "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
            "  BEGIN SELECT RAISE(ABORT, 'interlink ledger: events are append-only, an event cannot be updated'); END")


def huge_payload(db):
    # A 100 MB event payload, and a 100 MB staged file: reading either must
    # not take 100 MB of memory (SQLite's length limit refuses it).
    con = sqlite3.connect(str(db), isolation_level=None)
    t = con.execute("SELECT time FROM events").fetchone()[0]
    con.execute("INSERT INTO events(hash, parents, time, actor, kind, subject, payload) "
                "VALUES (?, '[]', ?, 'm', 'task.done', 'x', '{\"x\":\"' || hex(zeroblob(50000000)) || '\"}')",
                ("c" * 64, t))
    con.execute("INSERT INTO staged(path, content, event, sha256) VALUES ('stakeholders/x.yaml', zeroblob(100000000), "
                "(SELECT hash FROM heads), 'x')")
    con.close()


def staged_git_config(db):
    sql(db, "INSERT INTO staged(path, content) VALUES ('.git/config', CAST('[core]' AS BLOB))")


RECIPES = {f.__name__: f for f in (fifo, random_bytes, symlink, wal_mode, view_for_events, foreign_trigger,
                                   foreign_table, parents_cycle, huge_payload, staged_git_config)}


class LedgerCorpusTest(ProjectTest):
    def test_every_case(self):
        cases = json.loads((CORPUS / "cases.json").read_text())
        self.assertEqual(sorted(cases), sorted(RECIPES), "cases.json and the recipes must name the same cases")
        for name, case in sorted(cases.items()):
            with self.subTest(case=name):
                self.run_case(name, case)

    def run_case(self, name, case):
        p = self.tmp / name / "p"  # the same project id in every case, as cases.json expects
        self.ok("init", f"{name}/p")
        git_init_with_driver(p, self.env)
        RECIPES[name](p / "ledger.db")
        before = snapshot(p)
        for args, (code, first_line) in case["expect"].items():
            r = self.run_cli(*args.split(), cwd=p, timeout=60)
            answer = r.out or r.err  # verify and validate report on stdout; errors go to stderr
            self.assertEqual((r.code, answer.splitlines()[0] if answer else ""), (code, first_line),
                             f"{name}: interlink {args}\n{r}")
            self.assertEqual(snapshot(p), before, f"{name}: interlink {args} changed the project")
        self.assertFalse((p / "ledger.db-wal").exists() or (p / "ledger.db-shm").exists(), name)


if __name__ == "__main__":
    unittest.main()
