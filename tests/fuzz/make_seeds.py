#!/usr/bin/env python3
"""Writes the seed corpora of the harnesses that take more than one file or
a binary file (run once; the seeds are committed):

  tests/fuzz/corpus/schema_import/  metadata.json and phases joined by "\\n=====\\n"
  tests/fuzz/corpus/ledger_read/    ledgers written by interlink
  tests/fuzz/corpus/ledger_merge/   "theirs" ledgers for tests/fuzz/ours.db

Usage: tests/fuzz/make_seeds.py BUILD/interlink [REFERENCE_SCHEMAS_DIR]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEP = "\n=====\n"


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def schema_seeds(ref):
    out = HERE / "corpus" / "schema_import"
    out.mkdir(parents=True, exist_ok=True)
    mini = [{"id": "mini", "name_translations": {"en": "Mini"}},
            {"id": "phase-b", "prerequisites": [{"item": "phase-a"}], "name_translations": {"en": "B", "it": "Bi"},
             "objectives": [{"id": "objective-x", "name_translations": {"en": "X"}, "prerequisites": [],
                             "problemprofiles": ["UND_PROBLEM_2"],
                             "tasks": [{"id": "task-same", "name_translations": {"en": "One"},
                                        "prerequisites": [{"item": "task-nope"}], "problemprofiles": ["X_1"]},
                                       {"id": "task-same_", "name_translations": {"en": "Two"},
                                        "prerequisites": [{"item": "task-same"}]}]}]},
            {"id": "phase-a", "prerequisites": [], "name_translations": {"en": "A"}, "objectives": []}]
    (out / "mini").write_text(SEP.join(compact(x) for x in mini))
    if not ref:
        return
    for name in ("hackathon", "default"):
        folder = Path(ref) / name
        parts = [compact(json.loads((folder / "metadata.json").read_text()))]
        for f in sorted((folder / "phases").glob("*.json")):
            phase = json.loads(f.read_text())
            phase["objectives"] = phase.get("objectives", [])[:2]
            for o in phase["objectives"]:
                o["tasks"] = o.get("tasks", [])[:2]
            parts.append(compact(phase))
        (out / name).write_text(SEP.join(parts))


def ledger_seeds(binary):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", INTERLINK_ACTOR="seed", GIT_CONFIG_NOSYSTEM="1")
    tmp = Path(tempfile.mkdtemp())

    def run(*args, cwd):
        subprocess.run([binary, *args], cwd=cwd, env=env, check=True, capture_output=True)

    run("init", "p", "--id", "fuzz", "--title", "Fuzz", cwd=tmp)
    p = tmp / "p"
    run("add-stakeholder", "Comune di Roma", "--sector", "public", cwd=p)
    base = (p / "ledger.db").read_bytes()
    run("add-stakeholder", "Regione Lazio", "--sector", "public", "--role", "co-producer", cwd=p)
    (HERE / "ours.db").write_bytes((p / "ledger.db").read_bytes())
    read = HERE / "corpus" / "ledger_read"
    merge = HERE / "corpus" / "ledger_merge"
    read.mkdir(parents=True, exist_ok=True)
    merge.mkdir(parents=True, exist_ok=True)
    (read / "two-stakeholders.db").write_bytes((p / "ledger.db").read_bytes())
    # theirs: the same project grown apart from ours since base.
    (p / "ledger.db").write_bytes(base)
    shutil.rmtree(p / "stakeholders")
    (p / "stakeholders").mkdir()
    run("add-stakeholder", "ISTAT", "--sector", "public", "--influence", "4", cwd=p)
    run("add-stakeholder", "Maria", "--kind", "person", "--sector", "citizen", "--consent", "given", cwd=p)
    theirs = (p / "ledger.db").read_bytes()
    (merge / "theirs-grown-apart").write_bytes(theirs)
    (merge / "theirs-with-base").write_bytes(theirs + SEP.encode() + base)
    (read / "person-and-consent.db").write_bytes(theirs)
    run("init", "q", "--id", "other", cwd=tmp)
    (merge / "another-project").write_bytes((tmp / "q" / "ledger.db").read_bytes())
    (read / "just-created.db").write_bytes((tmp / "q" / "ledger.db").read_bytes())
    shutil.rmtree(tmp)


if __name__ == "__main__":
    ledger_seeds(sys.argv[1])
    schema_seeds(sys.argv[2] if len(sys.argv) > 2 else None)
