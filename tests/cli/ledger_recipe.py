"""An independent implementation of the ledger's format (SPEC §5,
interlink-ledger(5)) with Python's standard library only, and helpers the
ledger's end-to-end tests share: make a project through the binary, append
events through the binary, read and tamper with the SQLite file.

Nothing here writes a ledger except to tamper with it on purpose.
"""
import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from helpers import BIN, base_env

APPLICATION_ID = 0x494C4E4B
FIELDS = ("hash", "parents", "time", "actor", "kind", "subject", "payload")


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(parents, time, actor, kind, subject, payload):
    obj = {"parents": sorted(parents), "time": time, "actor": actor, "kind": kind,
           "subject": subject, "payload": payload}
    return hashlib.sha256(canonical(obj).encode("utf-8")).hexdigest()


def rows(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT seq, " + ", ".join(FIELDS) + " FROM events ORDER BY seq").fetchall()
    finally:
        con.close()


def check_ledger(db):
    """Recomputes every hash and link; returns the list of problems (empty if sound) and the heads."""
    problems, seen, named = [], set(), set()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    cached = sorted(r[0] for r in con.execute("SELECT hash FROM heads"))
    con.close()
    if app_id != APPLICATION_ID or version != 1:
        problems.append(f"application_id {app_id:#x} / user_version {version}")
    roots = 0
    for seq, h, parents_text, time, actor, kind, subject, payload_text in rows(db):
        parents, payload = json.loads(parents_text), json.loads(payload_text)
        if canonical(parents) != parents_text or parents != sorted(parents):
            problems.append(f"{h}: parents not canonical")
        if canonical(payload) != payload_text:
            problems.append(f"{h}: payload not canonical")
        if event_hash(parents, time, actor, kind, subject, payload) != h:
            problems.append(f"{h}: hash mismatch")
        for p in parents:
            if p not in seen:
                problems.append(f"{h}: parent {p} not before it")
        if not parents:
            roots += 1
            if kind != "project.created":
                problems.append(f"{h}: root is {kind}")
        seen.add(h)
        named.update(parents)
    if roots != 1:
        problems.append(f"{roots} roots")
    heads = sorted(seen - named)
    if heads != cached:
        problems.append(f"heads cache {cached} != {heads}")
    return problems, heads


def make_project(test, name="p", project_id=None, cwd=None):
    """A new project made by `interlink init` in test.tmp/name; returns its folder."""
    args = ["init", name, "--title", "Ledger test"]
    if project_id:
        args += ["--id", project_id]
    test.ok(*args, cwd=cwd)
    return Path(cwd or test.tmp) / name


def make_sample(test):
    """The sample ledger of the verify tests: a project and two stakeholders, three events in a chain."""
    p = make_project(test)
    for name in ("Comune di Roma", "Università di Bologna"):
        test.assertEqual(add_stakeholder(test, p, name).code, 0)
    return p


def add_stakeholder(test, project, name, **kw):
    return test.run_cli("-C", str(project), "add-stakeholder", name, "--sector", "public", **kw)


def tamper(db, sql, params=()):
    """Runs SQL on the file as a tamperer would: triggers dropped, then put back
    as they were, so that what verify catches is the data, not the schema."""
    con = sqlite3.connect(str(db), isolation_level=None)
    triggers = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")]
    con.execute("DROP TRIGGER IF EXISTS events_no_update")
    con.execute("DROP TRIGGER IF EXISTS events_no_delete")
    con.execute(sql, params)
    for t in triggers:
        con.execute(t)
    con.close()


def copy_ledger(src, dst):
    shutil.copyfile(src, dst)
    return Path(dst)


# Rewrites that leave a ledger sound on its own (or not), for the append-only
# checks against an older copy (verify --base, --since-rev, the CI examples).
def rewrite_last(db, new_actor):
    """Gives the last event (a head) a new actor, re-hashed, heads fixed: a
    ledger that verifies on its own but is not an extension of the old one."""
    seq, h, parents, time, actor, kind, subject, payload = rows(db)[-1]
    nh = event_hash(json.loads(parents), time, new_actor, kind, subject, json.loads(payload))
    tamper(db, "UPDATE events SET hash = ?, actor = ? WHERE seq = ?", (nh, new_actor, seq))
    tamper(db, "UPDATE heads SET hash = ? WHERE hash = ?", (nh, h))
    return h, nh


def drop_last(db):
    """Deletes the last event (a head), heads fixed: verifies on its own."""
    seq, h, parents_text, *_ = rows(db)[-1]
    parents = json.loads(parents_text)
    tamper(db, "DELETE FROM events WHERE seq = ?", (seq,))
    tamper(db, "DELETE FROM heads WHERE hash = ?", (h,))
    for p in parents:
        tamper(db, "INSERT INTO heads(hash) VALUES (?)", (p,))
    return h


def swap_last_two(db):
    """Swaps the last two events' places: the child comes before its parent."""
    evs = rows(db)
    last, prev = evs[-1][0], evs[-2][0]
    tamper(db, "UPDATE events SET seq = -1 WHERE seq = ?", (prev,))
    tamper(db, "UPDATE events SET seq = ? WHERE seq = ?", (prev, last))
    tamper(db, "UPDATE events SET seq = ? WHERE seq = -1", (last,))
    return evs[-1][1], evs[-2][1]
