"""Helpers for the report's end-to-end tests: give a copy of an example
project a history (phases, tasks, feedback, decisions, an override) by
appending hash-linked events to its ledger with the recipe of
interlink-ledger(5), and make a project whose every text is hostile.

The events are those the process commands record (the contract of
man/interlink-ledger.5); writing them here lets the report be tested on a
rich history without depending on those commands.
"""
import sqlite3
from pathlib import Path

from helpers import EXAMPLES
from ledger_recipe import canonical, event_hash

HOSTILE = ("<script>window.__pwned=1</script> \"><img src=x onerror=\"window.__pwned=2\"> </style> ]]> "
           "javascript:window.__pwned=3 \u202eevil\u202c <a href=\"http://127.0.0.1:9/x\">link</a>")


def append_events(db, events, actor="tester"):
    """events: (time, kind, subject, payload) tuples, appended as one chain on the current heads."""
    con = sqlite3.connect(str(db))
    try:
        heads = sorted(r[0] for r in con.execute("SELECT hash FROM heads"))
        hashes = []
        for time, kind, subject, payload in events:
            h = event_hash(heads, time, actor, kind, subject, payload)
            con.execute("INSERT INTO events(hash, parents, time, actor, kind, subject, payload) VALUES (?,?,?,?,?,?,?)",
                        (h, canonical(sorted(heads)), time, actor, kind, subject, canonical(payload)))
            heads = [h]
            hashes.append(h)
        con.execute("DELETE FROM heads")
        for h in heads:
            con.execute("INSERT INTO heads(hash) VALUES (?)", (h,))
        con.commit()
        return hashes
    finally:
        con.close()


def make_pspm(test, dest=None):
    """examples/pspm as examples/regenerate.sh makes it (plan and stakeholders, no history yet), so that
    the report's tests do not change when the committed example's ledger grows."""
    dest = Path(dest or Path(test.tmp) / "pspm")
    src = EXAMPLES / "src" / "pspm"
    env = dict(test.env, SOURCE_DATE_EPOCH="1768208400")
    test.ok("--actor", "mef-planning", "-q", "init", str(dest), "--template", str(src), env=env)
    env["SOURCE_DATE_EPOCH"] = "1771002000"
    test.ok("--actor", "mef-planning", "-q", "-C", str(dest), "add-stakeholder", "--from-csv",
            str(src / "stakeholders.csv"), env=env)
    return dest


def give_history(project):
    """examples/pspm's first phase done (forced), the second active: tasks, feedback, a decision."""
    db = Path(project) / "ledger.db"
    t = lambda d, h=10: f"2026-{d}T{h:02d}:00:00Z"
    first = append_events(db, [
        (t("01-12"), "phase.started", "mobilise", {"iteration": 1}),
        (t("01-20"), "task.started", "map-planning-stakeholders", {"phase": "mobilise", "iteration": 1}),
        (t("01-21"), "feedback.recorded", "region-lazio",
         {"phase": "mobilise", "iteration": 1, "type": "requirement", "text": "Single sign-on with SPID", "tags": ["access"]}),
        (t("01-22"), "feedback.recorded", "p-3k7qmz2a",
         {"phase": "mobilise", "iteration": 1, "type": "concern", "text": "Too many meetings in working hours", "tags": []}),
    ])
    fb1 = "fb-" + first[2][:8]
    append_events(db, [
        (t("01-28"), "task.done", "map-planning-stakeholders",
         {"phase": "mobilise", "iteration": 1, "addresses": [fb1], "evidence": [{"url": "https://example.org/map"}]}),
        (t("02-10"), "decision.recorded", "mobilise",
         {"title": "Adopt the engagement plan", "iteration": 1, "for": 7, "against": 1, "abstain": 1, "eligible": 12,
          "needed": 6, "rule": "majority", "quorum": "0.5", "outcome": "approved", "addresses": [], "review": "", "note": ""}),
        (t("02-13", 16), "gate.overridden", "mobilise",
         {"transition": "complete", "iteration": 1, "unmet": [{"condition": "tasks", "have": 1, "need": 6}],
          "reason": "The steering committee agreed to start collecting requirements"}),
        (t("02-13", 16), "phase.completed", "mobilise", {"iteration": 1}),
        (t("02-16"), "phase.started", "collect-requirements", {"iteration": 1}),
        (t("02-20"), "feedback.recorded", "unibo-dsps",
         {"phase": "collect-requirements", "iteration": 1, "type": "idea", "text": "Publish the plans as open data", "tags": []}),
    ])


# The command line refuses bidi controls (they would reorder the text shown);
# hostile values reach the files by hand, as a crafted project's would.
CLI_HOSTILE = HOSTILE.replace("\u202e", "").replace("\u202c", "")


def make_hostile(test, name="hostile"):
    """A project made by init whose title, description, phase, task and stakeholder names and feedback are hostile."""
    test.ok("init", name, "--title", "Hostile " + CLI_HOSTILE)
    p = Path(test.tmp) / name
    manifest = p / "interlink.yaml"
    text = manifest.read_text()
    quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith("name: ") and not stripped.startswith("name: {"):
            line = f"{indent}name: {quoted}"
        if stripped.startswith("title: "):
            line = f"{indent}title: " + '"' + ("Hostile " + HOSTILE).replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.append(line)
    lines.insert(next(i for i, l in enumerate(lines) if l.startswith("title:")) + 1, f"description: {quoted}")
    manifest.write_text("\n".join(lines) + "\n")
    test.ok("add-stakeholder", "Org " + CLI_HOSTILE, "--sector", "public", "--influence", "4", "--interest", "5", "--id", "org",
            cwd=p)
    import re
    phase = re.search(r"^  - id: ([a-z0-9-]+)", manifest.read_text(), re.M).group(1)
    append_events(p / "ledger.db", [
        ("2026-01-02T10:00:00Z", "phase.started", phase, {"iteration": 1}),
        ("2026-01-03T10:00:00Z", "feedback.recorded", "org",
         {"phase": phase, "iteration": 1, "type": "idea", "text": "Feedback " + HOSTILE, "tags": []}),
        ("2026-01-04T10:00:00Z", "gate.overridden", phase,
         {"transition": "complete", "iteration": 1, "unmet": [], "reason": "Reason " + HOSTILE}),
    ])
    return p
