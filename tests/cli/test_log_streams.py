"""`log` streams: it prints a ledger far larger than the memory it may use
(issue 10: reading every event first held a million events in 967 MB). A
ledger of 40,000 events of 4 KB each (160 MB of payloads) is listed in full
under an address-space limit of 160 MB above what a small ledger needs."""
import json
import resource
import sqlite3
import subprocess

from helpers import BIN, ScratchTest
from ledger_recipe import canonical, event_hash


def vm_peak_kib(args, env):
    """Runs the binary and returns its peak virtual memory (VmPeak) in KiB."""
    p = subprocess.Popen([BIN, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    try:
        while p.poll() is None:
            try:
                with open(f"/proc/{p.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmPeak:"):
                            peak = max(peak, int(line.split()[1]))
            except (FileNotFoundError, ProcessLookupError):
                break
    finally:
        p.wait()
    return peak


class LogStreamsTest(ScratchTest):
    def test_a_ledger_larger_than_the_memory_limit_is_listed(self):
        p = self.copy_example("pspm")
        db = p / "ledger.db"
        base = vm_peak_kib(["-C", str(p), "log"], self.env)
        con = sqlite3.connect(str(db), isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        parents = [r[0] for r in con.execute("SELECT hash FROM heads")]
        before = con.execute("SELECT count(*) FROM events").fetchone()[0]
        text = "x" * 4000
        rows = []
        for i in range(40_000):
            t = f"2026-03-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
            payload = {"n": i, "text": text}
            h = event_hash(parents, t, "tester", "feedback.recorded", "anci", payload)
            rows.append((h, canonical(sorted(parents)), t, "tester", "feedback.recorded", "anci", canonical(payload)))
            parents = [h]
        con.executemany("INSERT INTO events(hash, parents, time, actor, kind, subject, payload) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("DELETE FROM heads")
        con.execute("INSERT INTO heads(hash) VALUES (?)", (parents[0],))
        con.execute("COMMIT")
        con.close()
        limit = (base + 160 * 1024) * 1024

        def cap():
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        r = subprocess.run([BIN, "-C", str(p), "log", "--format", "json"], env=self.env, preexec_fn=cap,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace")[-500:])
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), before + 40_000)
        self.assertEqual(json.loads(lines[0])["payload"]["n"], 39_999)  # newest first


if __name__ == "__main__":
    import unittest
    unittest.main()
