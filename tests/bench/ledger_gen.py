#!/usr/bin/env python3
"""Grows the ledger of an existing project (made by `interlink init`, with its
stakeholders added by the binary) to a given number of events, quickly: one
transaction, hashes computed with the recipe of interlink-ledger(5), the heads
table set at the end. The events are a plausible mix (feedback, tasks,
decisions, consent, stakeholder updates) about the project's stakeholders.

    ledger_gen.py PROJECT EVENTS [--hashed-bytes FILE]

--hashed-bytes writes the canonical texts of all events that verify hashes,
the floor for `sha256sum` in the benchmark.
"""
import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
from pathlib import Path

KINDS = ["feedback.recorded", "task.started", "task.done", "consent.recorded", "stakeholder.updated",
         "decision.recorded", "phase.started", "phase.completed"]


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project", type=Path)
    ap.add_argument("events", type=int)
    ap.add_argument("--hashed-bytes", type=Path)
    args = ap.parse_args()
    db = args.project / "ledger.db"
    con = sqlite3.connect(str(db), isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")  # one bulk load; the file is synced at the end
    con.execute("PRAGMA cache_size = -524288")  # 512 MiB: the subject index is filled in random order
    con.execute("BEGIN IMMEDIATE")
    existing = con.execute("SELECT count(*) FROM events").fetchone()[0]
    subjects = [r[0] for r in con.execute("SELECT subject FROM events WHERE kind = 'stakeholder.added'")] or ["x"]
    heads = sorted(r[0] for r in con.execute("SELECT hash FROM heads"))
    last_time = con.execute("SELECT max(time) FROM events").fetchone()[0]
    start = int(time.mktime(time.strptime(last_time, "%Y-%m-%dT%H:%M:%SZ"))) - time.timezone
    rng = random.Random(1)
    out = args.hashed_bytes.open("wb") if args.hashed_bytes else None
    # The existing events' hashed texts too, so the floor covers every event verify hashes.
    if out:
        for parents, t, actor, kind, subject, payload in con.execute(
                "SELECT parents, time, actor, kind, subject, payload FROM events ORDER BY seq"):
            out.write(canonical({"parents": json.loads(parents), "time": t, "actor": actor, "kind": kind,
                                 "subject": subject, "payload": json.loads(payload)}).encode())

    def rows():
        nonlocal heads
        parents = heads
        for i in range(args.events - existing):
            kind = KINDS[i % len(KINDS)]
            subject = rng.choice(subjects)
            payload = {"n": i, "text": f"item {i} about {subject}", "phase": "engage"}
            t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + 1 + i // 10))
            obj = {"parents": parents, "time": t, "actor": "bench", "kind": kind, "subject": subject,
                   "payload": payload}
            text = canonical(obj).encode()
            if out:
                out.write(text)
            h = hashlib.sha256(text).hexdigest()
            yield h, canonical(parents), t, "bench", kind, subject, canonical(payload)
            parents = [h]
        heads = parents

    con.executemany("INSERT INTO events(hash, parents, time, actor, kind, subject, payload) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
    con.execute("DELETE FROM heads")
    con.executemany("INSERT INTO heads(hash) VALUES (?)", [(h,) for h in heads])
    con.execute("COMMIT")
    con.close()
    if out:
        out.close()
    n = sqlite3.connect(str(db)).execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"{db}: {n} events", file=sys.stderr)


if __name__ == "__main__":
    main()
