#!/usr/bin/env python3
"""Writes tests/corpus/expected.json from what the built binary says today:
for each corpus file, the exit code of `interlink validate` and the complete
list of its findings (rule, severity, file, line, column, whole message), in
the order validate gives them. Keeps each case's "args" and "note".

The output is a proposal, not a proof: read every changed entry (git diff)
and check that it says what interlink *should* say about that file before
committing it. Run with INTERLINK_BIN pointing at the binary (default
build/interlink).

    tests/corpus/generate_expected.py            # rewrite expected.json
    tests/corpus/generate_expected.py CASE...    # only these cases
"""
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from helpers import base_env  # noqa: E402
from validate_support import BaseProject, Bounded  # noqa: E402

CORPUS = Path(__file__).resolve().parent
STAKEHOLDER = "stakeholders/corpus-case.yaml"
KEYS = ("rule", "severity", "file", "line", "column", "message")


def outcome(base, name, args, scratch):
    p = base.copy(scratch / name.replace("/", "-")[:-5])
    target = "interlink.yaml" if name.startswith("manifest/") else STAKEHOLDER
    (p / target).write_bytes((CORPUS / name).read_bytes())
    r = Bounded(["validate", "--format", "json", *args], cwd=p, env=base_env(HOME=str(scratch)))
    if r.hung or r.signal:
        raise SystemExit(f"{name}: {r}")
    findings = [{k: f[k] for k in KEYS} for f in r.json()["findings"]]
    shutil.rmtree(p)
    return r.code, findings


def main():
    path = CORPUS / "expected.json"
    old = json.loads(path.read_text())
    names = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.yaml"))
    only = set(sys.argv[1:])
    base = BaseProject()
    scratch = Path(tempfile.mkdtemp(prefix="interlink-corpus-"))
    try:
        new = {}
        for name in names:
            prev = old.get(name, {})
            if only and name not in only:
                new[name] = prev
                continue
            entry = {"exit": None}
            if "args" in prev:
                entry["args"] = prev["args"]
            entry["exit"], entry["findings"] = outcome(base, name, prev.get("args", []), scratch)
            if "note" in prev:
                entry["note"] = prev["note"]
            new[name] = entry
    finally:
        base.remove()
        shutil.rmtree(scratch, ignore_errors=True)
    path.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(new)} cases to {path}; review the diff before committing")


if __name__ == "__main__":
    main()
