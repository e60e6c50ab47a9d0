#!/usr/bin/env python3
"""The ledger's benchmark (SPEC §9, issue 3): builds a large project — its
stakeholders added by the binary from a CSV, its ledger grown to a million
events by ledger_gen.py — and measures, as the median of several runs, each
figure with its floor measured in the same run:

  log -n 20            vs the same SQL query in the sqlite3 shell, and a bare process start
  log --kind/--subject/--since -n 20, each vs a bare process start
  verify               vs sha256sum over the bytes verify hashes, and SQLite's integrity_check
  one append command   vs one committed write transaction in the sqlite3 shell (same fsyncs)

Never a timed test: run it by hand.

    tests/bench/ledger_bench.py [--bin build/interlink] [--events 1000000]
        [--stakeholders 10000] [--appends 1000] [--runs 5] [--work DIR] [--json]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def median(cmd, runs, **kw):
    return statistics.median(timed(cmd, **kw) for _ in range(runs))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("INTERLINK_BIN", str(HERE.parents[1] / "build" / "interlink")))
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--stakeholders", type=int, default=10_000)
    ap.add_argument("--appends", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    a = ap.parse_args()
    binary = str(Path(a.bin).resolve())
    work = a.work or Path(tempfile.mkdtemp(prefix="interlink-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", INTERLINK_ACTOR="bench", NO_COLOR="1")
    proj, db, hashed = work / "project", work / "project" / "ledger.db", work / "hashed.bytes"
    if proj.exists():
        shutil.rmtree(proj)

    t0 = time.perf_counter()
    subprocess.run([binary, "-q", "init", str(proj), "--title", "Benchmark"], check=True, env=env)
    csv = work / "stakeholders.csv"
    csv.write_text("id,name,sector\n" + "".join(f"org-{i},Organisation {i},public\n" for i in range(a.stakeholders)))
    t_bulk = timed([binary, "-C", str(proj), "-q", "add-stakeholder", "--from-csv", str(csv)], env=env)
    t_gen = timed([sys.executable, str(HERE / "ledger_gen.py"), str(proj), str(a.events), "--hashed-bytes", str(hashed)])
    size = db.stat().st_size
    print(f"built in {time.perf_counter() - t0:.1f} s: {a.stakeholders} stakeholders (bulk add {t_bulk:.1f} s), "
          f"{a.events} events (generator {t_gen:.1f} s), ledger.db {size / 2**20:.0f} MiB, "
          f"hashed bytes {hashed.stat().st_size / 2**20:.0f} MiB", file=sys.stderr)

    C = ["-C", str(proj)]
    figures = {}
    figures["process start (interlink --version)"] = median([binary, "--version"], a.runs * 3, env=env)
    figures["log -n 20"] = median([binary, *C, "log", "-n", "20"], a.runs * 3, env=env)
    figures["floor: sqlite3 same query"] = median(
        ["sqlite3", str(db), "SELECT seq, hash, parents, time, actor, kind, subject, payload "
                             "FROM events ORDER BY seq DESC LIMIT 20"], a.runs * 3)
    # Filtered: a rare kind, a busy family, one subject, a date after every
    # event (no match: the worst case of a walk newest first).
    for label, args in [("log --kind project.created -n 20", ["--kind", "project.created"]),
                        ("log --kind task. -n 20", ["--kind", "task."]),
                        ("log --subject org-7 -n 20", ["--subject", "org-7"]),
                        ("log --since 2999-01-01 -n 20", ["--since", "2999-01-01"])]:
        figures[label] = median([binary, *C, "log", *args, "-n", "20"], a.runs * 3, env=env)
    figures["verify"] = median([binary, *C, "verify"], a.runs, env=env)
    figures["floor: sha256sum hashed bytes"] = median(["sha256sum", str(hashed)], a.runs)
    figures["part: sqlite3 integrity_check"] = median(["sqlite3", str(db), "PRAGMA integrity_check"], a.runs)
    figures["floor: sqlite3 one write transaction"] = median(
        ["sqlite3", str(db), "PRAGMA synchronous=FULL; BEGIN IMMEDIATE; "
                             "INSERT INTO staged(path, content) VALUES ('bench', x''); DELETE FROM staged; COMMIT;"],
        a.runs * 3)
    appends = [timed([binary, *C, "-q", "add-stakeholder", f"Appended {i}", "--sector", "public", "--id", f"app-{i}"],
                     env=env) for i in range(a.appends)]
    figures["append: one add-stakeholder command"] = statistics.median(appends)
    figures[f"append: {a.appends} commands, total"] = sum(appends)
    subprocess.run([binary, *C, "verify"], check=True, env=env, stdout=subprocess.DEVNULL)

    floors = {"log -n 20": "floor: sqlite3 same query", "verify": "floor: sha256sum hashed bytes",
              "append: one add-stakeholder command": "floor: sqlite3 one write transaction"}
    start = figures["process start (interlink --version)"]
    print(f"\n{'figure (median)':45} {'seconds':>9}  ratio to floor")
    for name, secs in figures.items():
        ratio = f"{secs / figures[floors[name]]:.1f}x {floors[name][7:]}" if name in floors else ""
        if name.startswith("log "):
            ratio += ("; " if ratio else "") + f"{secs / start:.1f}x process start"
        print(f"{name:45} {secs:9.4f}  {ratio}")
    if a.json:
        print(json.dumps({"events": a.events, "stakeholders": a.stakeholders, "figures": figures}, indent=1))
    if not a.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
