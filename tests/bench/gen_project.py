#!/usr/bin/env python3
"""Builds the benchmark's large project, reproducibly (seeded): a copy of
examples/pspm (the 'pspm' plan with its 38 stakeholders), grown to N
stakeholders by the binary itself (add-stakeholder --from-csv of
gen_stakeholders_csv.py: organisations and persons of every sector, consent
state and band), then its ledger grown to M events that follow the process's
rules (interlink-ledger(5) and the process events' payloads):

  each iteration walks the plan's phases in order: gate.overridden where a
  gate cannot hold (consent: all with pending consents), phase.started (or
  phase.reopened for iteration 2 and later), every task of the phase moved
  (task.reopened in later iterations, task.started, then task.done with
  file or URL evidence and the feedback it addresses, or now and then
  task.skipped), feedback.recorded from current stakeholders (every type;
  organisations, and persons who gave consent),
  decision.recorded with valid votes (approved, rejected, no quorum), then
  phase.completed. The last phase of the last iteration stays active, with
  half its tasks started, and takes the feedback that tops the ledger up.

Events are written in one transaction with the hash recipe of
interlink-ledger(5); feedback ids ("fb-" + 8 hex) are kept unique.

    gen_project.py DIR --events 1000000 [--stakeholders 10000] [--seed 1]
        [--bin build/interlink] [--hashed-bytes FILE]

--hashed-bytes writes the canonical texts of all events that verify hashes:
the floor for `sha256sum` in the benchmark.
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_stakeholders_csv  # noqa: E402

ROOT = HERE.parents[1]
TYPES = ["requirement", "idea", "concern", "question", "praise"]
TAGS = ["accessibility", "data", "workflow", "training", "privacy", "interoperability", "ux", "legal"]
ACTORS = ["mef-planning", "mef-it", "polimi-design", "dfp"]
WORDS = ("the module should let planning offices share drafts compare indicators export reports with "
         "regions and municipalities before the deadline of each cycle keep a history of comments").split()


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Writer:
    """Appends hash-linked events in one chain, each a second or more after the last."""

    def __init__(self, con, heads, start, step, hashed):
        self.con, self.parents, self.t, self.step, self.hashed = con, heads, start, step, hashed
        self.rows, self.count = [], 0

    def add(self, kind, subject, payload, actor="mef-planning", accept=None):
        """Appends the event and returns its hash; or None, appending nothing, if accept(hash) is false."""
        t = iso(int(self.t + self.step))
        text = canonical({"parents": self.parents, "time": t, "actor": actor, "kind": kind, "subject": subject,
                          "payload": payload}).encode()
        h = hashlib.sha256(text).hexdigest()
        if accept and not accept(h):
            return None
        self.t += self.step
        if self.hashed:
            self.hashed.write(text)
        self.rows.append((h, canonical(self.parents), t, actor, kind, subject, canonical(payload)))
        if len(self.rows) >= 50000:
            self.flush()
        self.parents = [h]
        self.count += 1
        return h

    def flush(self):
        self.con.executemany("INSERT INTO events(hash, parents, time, actor, kind, subject, payload) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", self.rows)
        self.rows = []


def plan_tasks(proj):
    """The plan's phases in order, as (phase id, [task ids in plan order], the phase's YAML)."""
    plan = yaml.safe_load((proj / "interlink.yaml").read_text())
    return [(p["id"], [t["id"] for o in p.get("objectives", []) for t in o.get("tasks", [])], p)
            for p in plan["phases"]]


def add_stakeholders(binary, proj, n, seed, env):
    have = len(list((proj / "stakeholders").glob("*.yaml")))
    if n <= have:
        return
    csv = proj.parent / f"{proj.name}-stakeholders.csv"
    csv.write_text(gen_stakeholders_csv.generate(n - have, seed))
    # -q prints each new id: thousands of lines in CI's log, which keeps the summary.
    subprocess.run([binary, "-q", "-C", str(proj), "add-stakeholder", "--from-csv", str(csv)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    csv.unlink()


def grow_ledger(proj, events, seed, hashed_path):
    plan = yaml.safe_load((proj / "interlink.yaml").read_text())
    phases = plan_tasks(proj)
    rule = plan.get("governance", {}).get("decisions", {}).get("rule", "majority")
    quorum = str(plan.get("governance", {}).get("decisions", {}).get("quorum", "0.5"))
    con = sqlite3.connect(str(proj / "ledger.db"), isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")  # one bulk load; synced at the end
    con.execute("PRAGMA cache_size = -262144")  # the subject and time indexes fill in random order
    con.execute("BEGIN IMMEDIATE")
    existing = con.execute("SELECT count(*) FROM events").fetchone()[0]
    added = [(subject, json.loads(payload)) for subject, payload in con.execute(
        "SELECT subject, payload FROM events WHERE kind = 'stakeholder.added' ORDER BY seq")]
    persons = [p for _, p in added if p.get("kind") == "person"]
    consenting = sum(1 for p in persons if p.get("consent") == "given")
    # Feedback comes from organisations and from persons who gave consent (feedback add refuses the others).
    people = [s for s, p in added if p.get("kind") != "person" or p.get("consent") == "given"]
    heads = sorted(r[0] for r in con.execute("SELECT hash FROM heads"))
    last = con.execute("SELECT max(time) FROM events").fetchone()[0]
    start = time.mktime(time.strptime(last, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    hashed = hashed_path.open("wb") if hashed_path else None
    if hashed:
        for parents, t, actor, kind, subject, payload in con.execute(
                "SELECT parents, time, actor, kind, subject, payload FROM events ORDER BY seq"):
            hashed.write(canonical({"parents": json.loads(parents), "time": t, "actor": actor, "kind": kind,
                                    "subject": subject, "payload": json.loads(payload)}).encode())
    rng = random.Random(seed)
    todo = max(0, events - existing)
    # Fixed cost of one iteration (phases, tasks, decisions, overrides); the rest is feedback.
    per_iter = sum(4 + 3 * len(tasks) + 3 for _, tasks, _ in phases)
    iterations = max(1, min(8, todo // (per_iter * 20) or 1))
    feedback_per_phase = max(0, (todo - iterations * per_iter) // (iterations * len(phases)))
    w = Writer(con, heads, start, max(1.0, 300 * 86400 / max(todo, 1)), hashed)
    prefixes = set()

    def feedback(phase, it):
        while True:
            who = rng.choice(people)
            n = rng.randint(6, 18)
            payload = {"phase": phase, "iteration": it, "type": rng.choice(TYPES),
                       "text": " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."}
            tags = rng.sample(TAGS, rng.randint(0, 2))
            if tags:
                payload["tags"] = sorted(tags)
            # Only a feedback whose 8-digit id is new: ids stay "fb-" + 8 hex.
            h = w.add("feedback.recorded", who, payload, rng.choice(ACTORS), lambda h: h[:8] not in prefixes)
            if h:
                prefixes.add(h[:8])
                return "fb-" + h[:8]

    def override(phase, transition, it):
        w.add("gate.overridden", phase, {
            "transition": transition, "iteration": it,
            "unmet": [{"condition": "consent", "have": consenting, "need": len(persons)}],
            "reason": "pending consents are being collected; the steering committee agreed to proceed"})

    def decision(phase, it, addresses, outcome):
        eligible = 12
        needed = (eligible + 1) // 2
        votes = {"approved": (8, 2, 1), "rejected": (2, 7, 1), "no-quorum": (2, 1, 0)}[outcome]
        p = {"title": f"Approve the outcome of {phase} (iteration {it})", "iteration": it, "for": votes[0],
             "against": votes[1], "abstain": votes[2], "eligible": eligible, "needed": needed, "rule": rule,
             "quorum": quorum, "outcome": outcome, "review": iso(int(w.t) + 90 * 86400)[:10]}
        if rule == "supermajority":
            p["threshold"] = "2/3"
        if addresses:
            p["addresses"] = addresses
        if outcome != "approved":
            p["note"] = "to be discussed again at the next meeting"
        w.add("decision.recorded", phase, p)

    for it in range(1, iterations + 1):
        for pi, (phase, tasks, spec) in enumerate(phases):
            # The last phase of the last iteration stays active, half its tasks started.
            final = it == iterations and pi == len(phases) - 1
            gated = "consent" in (spec.get("entry") or {})
            if gated:
                override(phase, "start", it)
            w.add("phase.started" if it == 1 else "phase.reopened", phase, {"iteration": it})
            fb = [feedback(phase, it) for _ in range(feedback_per_phase // 2)]
            for k, task in enumerate(tasks):
                if it > 1:
                    w.add("task.reopened", task, {"phase": phase, "iteration": it})
                if it > 1 and (k + it) % 7 == 6:
                    w.add("task.skipped", task, {"phase": phase, "iteration": it,
                                                 "reason": "not needed again in this iteration"})
                    continue
                w.add("task.started", task, {"phase": phase, "iteration": it})
                if final and k >= len(tasks) // 2:
                    continue  # left started: the benchmark's `task done` finishes them
                done = {"phase": phase, "iteration": it}
                if k % 3 == 0:
                    rel = f"evidence/{phase}/{task}-{it}.md"
                    data = f"# {task}, iteration {it}\n\nMinutes and outputs of the task.\n".encode()
                    (proj / rel).parent.mkdir(parents=True, exist_ok=True)
                    (proj / rel).write_bytes(data)
                    done["evidence"] = [{"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}]
                else:
                    done["evidence"] = [{"url": f"https://example.org/pspm/{phase}/{task}/{it}"}]
                if fb:
                    done["addresses"] = sorted(set(rng.sample(fb, min(3, len(fb)))))
                w.add("task.done", task, done, rng.choice(ACTORS))
            fb += [feedback(phase, it) for _ in range(feedback_per_phase - feedback_per_phase // 2)]
            if pi % 3 == 1:
                decision(phase, it, [], "no-quorum")
            if pi % 3 == 2:
                decision(phase, it, sorted(rng.sample(fb, min(2, len(fb)))), "rejected")
            if final:
                break
            need = int((spec.get("exit") or {}).get("decisions", 1) or 1)
            for _ in range(need):
                decision(phase, it, sorted(rng.sample(fb, min(2, len(fb)))), "approved")
            if "consent" in (spec.get("exit") or {}):
                override(phase, "complete", it)
            w.add("phase.completed", phase, {"iteration": it})
    # Top up with feedback on the last phase's last iteration.
    while w.count < todo:
        feedback(phases[-1][0], iterations)
    w.flush()
    con.execute("DELETE FROM heads")
    con.executemany("INSERT INTO heads(hash) VALUES (?)", [(h,) for h in w.parents])
    con.execute("COMMIT")
    con.execute("PRAGMA synchronous = FULL")
    n = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    if hashed:
        hashed.close()
    return n


def generate(binary, proj, stakeholders, events, seed=1, hashed=None):
    """Makes the project at proj (replacing it); returns its number of events."""
    if proj.exists():
        shutil.rmtree(proj)
    shutil.copytree(ROOT / "examples" / "pspm", proj)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1771088400", NO_COLOR="1", GIT_CEILING_DIRECTORIES=str(proj.parent))
    env.pop("INTERLINK_ACTOR", None)
    env["INTERLINK_ACTOR"] = "mef-planning"
    add_stakeholders(binary, proj, stakeholders, seed, env)
    return grow_ledger(proj, events, seed, hashed)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--stakeholders", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=os.environ.get("INTERLINK_BIN", str(ROOT / "build" / "interlink")))
    ap.add_argument("--hashed-bytes", type=Path)
    a = ap.parse_args()
    t0 = time.perf_counter()
    n = generate(str(Path(a.bin).resolve()), a.dir.resolve(), a.stakeholders, a.events, a.seed, a.hashed_bytes)
    print(f"{a.dir}: {a.stakeholders} stakeholders, {n} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
