"""Every file under .interlink/cache is sealed with a key of the user's own
(lib/io/cache_seal, issue 10): an HMAC-SHA256 of its bytes under a key kept in
~/.local/state/interlink/. A cache written by another account, or put into a
project folder handed over as an archive, is ignored, so that `validate` and
`report` can read the parse caches without a forged one making them accept a
broken plan; and a warm `validate` says exactly what a cold one says."""
import hashlib
import hmac
import os
import shutil
from pathlib import Path

from helpers import ScratchTest, base_env, snapshot

TAG = 32


class CacheSealTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")
        self.cache = self.p / ".interlink" / "cache"
        self.victim = self.home("victim")
        self.attacker = self.home("attacker")

    def home(self, name):
        (self.tmp / name).mkdir()
        return base_env(HOME=str(self.tmp / name))

    def key(self, env):
        return Path(env["HOME"]) / ".local" / "state" / "interlink" / "cache.key"

    def as_user(self, env, *args):
        return self.run_cli("-C", str(self.p), *args, env=env)

    def warm(self, env):
        # The first status makes .interlink/ for the state cache; the parse
        # caches go only where it exists, so the second writes them.
        for _ in range(2):
            self.assertEqual(self.as_user(env, "status").code, 0)
        self.assertTrue((self.cache / "plan.pack").is_file())
        self.assertTrue((self.cache / "stakeholders.pack").is_file())

    def reseal(self, env, name, body):
        tag = hmac.new(self.key(env).read_bytes(), name.encode() + b"\n" + body, hashlib.sha256).digest()
        (self.cache / name).write_bytes(body + tag)

    # The state's core files are sealed in two parts (io/cache_seal.hpp):
    # head, tail, the head's size (8 bytes, little-endian), and the tag of
    # the head alone under the name marked as split. The tail holds the
    # stakeholder records, checked by the hashes the head holds.
    SPLIT = ("state.pack", "step.pack", "summary-step.pack")

    @staticmethod
    def split_parts(data):
        body = data[:-TAG]
        size = int.from_bytes(body[-8:], "little")
        return body[:size], body[size:-8]

    def split_tag(self, key, name, head):
        return hmac.new(key, name.encode() + b"\0split\n" + head, hashlib.sha256).digest()

    def reseal_split(self, env, name, head, tail):
        tag = self.split_tag(self.key(env).read_bytes(), name, head)
        (self.cache / name).write_bytes(head + tail + len(head).to_bytes(8, "little") + tag)

    def test_every_cache_file_carries_the_tag_of_its_bytes_under_the_users_key(self):
        self.warm(self.victim)
        key = self.key(self.victim)
        self.assertEqual(len(key.read_bytes()), 32)
        self.assertEqual(key.stat().st_mode & 0o777, 0o600)
        self.assertEqual(key.parent.stat().st_mode & 0o777, 0o700)
        names = sorted(n for n in os.listdir(self.cache) if n != ".gitignore")
        self.assertEqual(names, ["digest.pack", "items.pack", "plan.pack", "report.pack", "stakeholders.pack", "state.pack",
                                 "summary.pack"])
        for name in names:
            data = (self.cache / name).read_bytes()
            body, tag = data[:-TAG], data[-TAG:]
            if name in self.SPLIT:
                head, _ = self.split_parts(data)
                self.assertEqual(self.split_tag(key.read_bytes(), name, head), tag, name)
                continue
            self.assertEqual(hmac.new(key.read_bytes(), name.encode() + b"\n" + body, hashlib.sha256).digest(), tag,
                             name)

    def test_a_plan_cache_forged_by_another_account_does_not_hide_a_broken_plan(self):
        self.warm(self.attacker)
        plan = self.p / "interlink.yaml"
        good = plan.read_bytes()
        bad = good.replace(b"requires: [identify-administrations]", b"requires: [no-such-phase]", 1)
        self.assertNotEqual(bad, good)
        plan.write_bytes(bad)
        # The attacker's cache claims that the broken plan's bytes parse to
        # the good plan: the entry of the good bytes, renamed to the bad.
        body = (self.cache / "plan.pack").read_bytes()[:-TAG]
        old, new = hashlib.sha256(good).hexdigest(), hashlib.sha256(bad).hexdigest()
        self.assertIn(f"64:{old}".encode(), body)
        self.reseal(self.attacker, "plan.pack", body.replace(old.encode(), new.encode()))
        # Sealed with the reader's own key, the forgery would be believed...
        fooled = self.as_user(self.attacker, "validate", "--format", "github")
        self.assertEqual(fooled.code, 0, fooled.out + fooled.err)
        # ... but nobody else's key opens it: the victim's validate and report
        # parse the plan and see the dangling reference.
        # The victim has a key of their own (made in a project of theirs).
        mine = self.copy_example("pspm", self.tmp / "mine")
        self.assertEqual(self.run_cli("-C", str(mine), "status", env=self.victim).code, 0)
        self.assertTrue(self.key(self.victim).is_file())
        seen = self.as_user(self.victim, "validate", "--format", "github")
        self.assertEqual(seen.code, 1, seen.out + seen.err)
        self.assertIn("no-such-phase", seen.out)
        self.assertIn("dangling-reference", seen.out)

    def test_a_state_cache_forged_by_another_account_is_not_shown(self):
        mine = self.copy_example("pspm", self.tmp / "mine")  # the victim's key, made elsewhere
        self.assertEqual(self.run_cli("-C", str(mine), "status", env=self.victim).code, 0)
        self.warm(self.attacker)
        real = self.as_user(self.attacker, "status", "--format", "json").out
        real_tasks = self.as_user(self.attacker, "tasks", "--format", "json").out
        # The cached core (read through a mapping, not read_cache_file) says
        # the active phase is done.
        head, tail = self.split_parts((self.cache / "state.pack").read_bytes())
        self.assertIn(b"6:active", head)
        self.reseal_split(self.attacker, "state.pack", head.replace(b"6:active", b"4:done", 1), tail)
        forged = self.as_user(self.attacker, "status", "--format", "json").out
        self.assertNotEqual(forged, real)  # believed under the key that sealed it
        self.assertEqual(self.as_user(self.victim, "status", "--format", "json").out, real)
        # tasks reads the core alone (status also needs files the attacker
        # sealed, which the victim refuses): a task's note changed in it is
        # believed only by the attacker.
        self.assertIn(b"12 interviews", head)
        self.reseal_split(self.attacker, "state.pack", head.replace(b"12 interviews", b"99 interviews", 1), tail)
        self.assertIn("99 interviews", self.as_user(self.attacker, "tasks", "--format", "json").out)
        victims = self.as_user(self.victim, "tasks", "--format", "json").out
        self.assertNotIn("99 interviews", victims)
        self.assertTrue(victims == real_tasks, "the victim's tasks differ from the real ones")

    def test_records_damaged_after_the_seal_stop_the_command_and_the_next_run_replays(self):
        # The stakeholder records lie outside the core's seal and are checked
        # chunk by chunk as they are read. Damage there (a bad disk) stops
        # the command that reads them, before it writes, and removes the
        # file; the next run replays, and is right.
        self.warm(self.victim)
        listed = self.as_user(self.victim, "feedback", "list", "--format", "json")
        self.assertEqual(listed.code, 0, listed.err)
        state = self.cache / "state.pack"
        data = bytearray(state.read_bytes())
        head, tail = self.split_parts(bytes(data))
        self.assertGreater(len(tail), 0)
        for i in range(len(head), len(head) + len(tail)):
            data[i] ^= 1
        state.write_bytes(bytes(data))
        before = (self.p / "ledger.db").read_bytes()
        failed = self.as_user(self.victim, "feedback", "add", "A damaged cache", "--from", "mef-planning",
                              "--type", "idea")
        self.assertEqual(failed.code, 4, failed.out + failed.err)
        self.assertIn("state.pack was damaged after it was written", failed.err)
        self.assertIn("run the command again", failed.err)
        self.assertNotIn("internal", failed.err)
        self.assertEqual((self.p / "ledger.db").read_bytes(), before)  # nothing written
        self.assertFalse(state.exists())
        again = self.as_user(self.victim, "feedback", "add", "A damaged cache", "--from", "mef-planning",
                             "--type", "idea")
        self.assertEqual(again.code, 0, again.out + again.err)

    def test_a_warm_validate_says_what_a_cold_one_says_and_writes_nothing(self):
        # Findings from the parse itself, with their lines: an unknown key in
        # a stakeholder file, a plan with a dangling reference.
        path = self.p / "stakeholders" / "agid.yaml"
        path.write_text(path.read_text() + "colour: blue\n")
        plan = self.p / "interlink.yaml"
        plan.write_text(plan.read_text().replace("requires: [identify-administrations]", "requires: [nowhere]", 1))
        cold = self.as_user(self.victim, "validate", "--format", "json")
        self.assertEqual(cold.code, 1)
        self.assertIn("colour", cold.out)
        self.warm(self.victim)
        before = snapshot(self.cache)
        warm = self.as_user(self.victim, "validate", "--format", "json")
        self.assertEqual((warm.code, warm.out, warm.err), (cold.code, cold.out, cold.err))
        self.assertEqual(snapshot(self.cache), before)
        report_cold = self.run_cli("-C", str(self.p), "report", "--format", "json", "-o", "-", env=self.attacker)
        report_warm = self.as_user(self.victim, "report", "--format", "json", "-o", "-")
        self.assertEqual((report_warm.code, report_warm.out), (report_cold.code, report_cold.out))

    def test_without_a_private_key_no_cache_is_read_or_written(self):
        self.warm(self.victim)
        key = self.key(self.victim)
        shutil.rmtree(self.cache)
        key.chmod(0o644)  # readable by others: anyone could forge with it
        self.assertEqual(self.as_user(self.victim, "status").code, 0)
        self.assertEqual(self.as_user(self.victim, "status").code, 0)
        self.assertFalse(self.cache.exists())
        self.assertEqual(key.stat().st_mode & 0o777, 0o644)  # not replaced either


if __name__ == "__main__":
    import unittest
    unittest.main()
