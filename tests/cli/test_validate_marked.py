"""`validate` of a ledger that `verify` found sound and that has not changed
since reads it from the cache (lib/process/verified, load_digested; issue 10:
5.6 s on a million events, a third of a second so). What must hold: it says
byte for byte what `validate --thorough` says and writes nothing; any change
to the file after the check, through SQLite or not, with its times put back
or not, is seen; a clean checkout, which has no mark, reads everything; and
only the project's own ledger, found sound, is ever marked."""
import os
import shutil
import sqlite3

from helpers import ScratchTest, snapshot


def fields(data):
    """The fields of a packed cache file without its 32-byte seal (util/pack.hpp: "<length>:<bytes>")."""
    body, out, at = data[:-32], [], 0
    while at < len(body):
        colon = body.index(b":", at)
        n = int(body[at:colon])
        out.append(body[colon + 1:colon + 1 + n])
        at = colon + 1 + n
    return out


class ValidateMarkedTest(ScratchTest):
    def setUp(self):
        super().setUp()
        self.p = self.copy_example("pspm")
        self.db = self.p / "ledger.db"
        self.mark = self.p / ".interlink" / "cache" / "verified.pack"

    def cli(self, *args):
        return self.run_cli("-C", str(self.p), *args)

    def warm(self):
        """What a user's checkout has: the state cached by status, the ledger marked by verify."""
        self.assertEqual(self.cli("status").code, 0)
        self.assertEqual(self.cli("verify").code, 0)
        self.assertTrue(self.mark.is_file())
        self.assertTrue((self.p / ".interlink" / "cache" / "digest.pack").is_file())

    def test_a_marked_ledger_gives_the_findings_of_a_thorough_read_and_nothing_is_written(self):
        # A finding that comes from the ledger's events: a phase the plan no
        # longer has, so that the cached refs are what is compared.
        self.warm()
        plan = self.p / "interlink.yaml"
        plan.write_text(plan.read_text().replace("id: co-creation-workshops", "id: renamed-workshops", 1))
        before = snapshot(self.p)
        for fmt in ("text", "json", "sarif"):
            warm = self.cli("validate", "--format", fmt)
            thorough = self.cli("validate", "--thorough", "--format", fmt)
            self.assertEqual(warm.code, 1, warm.out + warm.err)
            self.assertEqual((warm.code, warm.out, warm.err), (thorough.code, thorough.out, thorough.err), fmt)
        self.assertIn("phase 'co-creation-workshops', which is no longer in interlink.yaml",
                      self.cli("validate").out)
        self.assertEqual(snapshot(self.p), before)

    def test_bytes_changed_after_verify_are_seen_even_with_the_times_put_back(self):
        self.warm()
        st = os.stat(self.db)
        data = bytearray(self.db.read_bytes())
        at = data.find(b'"interest":4')
        self.assertGreater(at, 0)
        data[at + len(b'"interest":')] = ord("5")
        with open(self.db, "r+b") as f:  # in place: same inode, same size
            f.write(data)
        os.utime(self.db, ns=(st.st_atime_ns, st.st_mtime_ns))
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r.out)
        self.assertIn("does not match its content", r.out)
        self.assertIn("[ledger-verify]", r.out)

    def test_a_change_through_sqlite_after_verify_ends_the_mark(self):
        self.warm()
        self.assertEqual(self.cli("-q", "feedback", "add", "After the mark", "--from", "mef-planning",
                                  "--type", "idea").code, 0)
        # The new event changed, in place, by SQLite itself (triggers off):
        # its counter moved; nothing but a full read would find the change.
        con = sqlite3.connect(self.db)
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        for n in names:
            con.execute(f'DROP TRIGGER "{n}"')
        con.execute("UPDATE events SET payload = replace(payload, 'After the mark', 'After the MARK') "
                    "WHERE seq = (SELECT max(seq) FROM events)")
        con.commit()
        con.close()
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r.out)
        self.assertIn("[ledger-verify]", r.out)

    def mark_names_the_file(self):
        """Whether verified.pack names the ledger file as it is now (its identity fields)."""
        f = fields(self.mark.read_bytes())
        self.assertEqual(f[0], b"interlink verified ledger")
        st = os.stat(self.db)
        # magic, version, build, then dev, ino, size, mtime s, ns, ctime s, ns (process/verified.cpp)
        return [int(x) for x in f[3:10]] == [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns // 10**9,
                                             st.st_mtime_ns % 10**9, st.st_ctime_ns // 10**9,
                                             st.st_ctime_ns % 10**9]

    def test_a_write_through_interlink_keeps_the_mark(self):
        self.warm()
        self.assertTrue(self.mark_names_the_file())
        for args in (["feedback", "add", "After the mark", "--from", "mef-planning", "--type", "idea"],
                     ["add-stakeholder", "Comune di Bari", "--sector", "public"],
                     ["decide", "Kept marked", "--for", "5", "--against", "1", "--eligible", "12"]):
            self.assertEqual(self.cli("-q", *args).code, 0, args)
            self.assertTrue(self.mark_names_the_file(), args)
        warm, thorough = self.cli("validate"), self.cli("validate", "--thorough")
        self.assertEqual((warm.code, warm.out, warm.err), (thorough.code, thorough.out, thorough.err))

    def test_a_file_changed_behind_the_mark_is_not_marked_by_the_next_write(self):
        self.warm()
        st = os.stat(self.db)
        data = bytearray(self.db.read_bytes())
        at = data.find(b'"interest":4')
        data[at + len(b'"interest":')] = ord("5")
        with open(self.db, "r+b") as f:  # in place, its times put back: only the change time moved
            f.write(data)
        os.utime(self.db, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.assertEqual(self.cli("-q", "feedback", "add", "After the change", "--from", "mef-planning",
                                  "--type", "idea").code, 0)
        self.assertFalse(self.mark_names_the_file())
        r = self.cli("validate")
        self.assertEqual(r.code, 1, r.out)
        self.assertIn("does not match its content", r.out)

    def test_a_copy_of_a_marked_project_is_read_in_full(self):
        self.warm()
        copy = self.tmp / "copy"
        shutil.copytree(self.p, copy)  # the mark and caches too: another file, another inode
        data = bytearray((copy / "ledger.db").read_bytes())
        at = data.find(b'"interest":4')
        data[at + len(b'"interest":')] = ord("5")
        (copy / "ledger.db").write_bytes(data)
        r = self.run_cli("-C", str(copy), "validate")
        self.assertEqual(r.code, 1, r.out)
        self.assertIn("[ledger-verify]", r.out)

    def test_only_the_projects_own_ledger_found_sound_is_marked(self):
        self.assertEqual(self.cli("status").code, 0)
        # A ledger named on the command line: checked, never marked.
        self.assertEqual(self.cli("verify", str(self.db)).code, 0)
        self.assertFalse(self.mark.exists())
        # A ledger that fails: no mark.
        data = bytearray(self.db.read_bytes())
        at = data.find(b'"interest":4')
        data[at + len(b'"interest":')] = ord("5")
        self.db.write_bytes(data)
        self.assertEqual(self.cli("verify").code, 1)
        self.assertFalse(self.mark.exists())

    def test_a_cache_replayed_from_a_doctored_copy_is_not_taken_for_the_verified_ledger(self):
        # A reviewer runs status on a crafted branch whose ledger names a
        # task the plan has (its stored hashes untouched, so the same heads),
        # then goes back to the genuine ledger, which names a task the plan
        # no longer has, and verifies it.
        plan = self.p / "interlink.yaml"
        plan.write_text(plan.read_text().replace("prepare-engagement-plan", "prepare-engagement-plaz"))
        genuine = self.db.read_bytes()
        self.assertIn(b"prepare-engagement-plan", genuine)
        self.db.write_bytes(genuine.replace(b"prepare-engagement-plan", b"prepare-engagement-plaz"))
        self.assertEqual(self.cli("status").code, 0)
        self.db.write_bytes(genuine)
        self.assertEqual(self.cli("verify").code, 0)
        self.assertTrue(self.mark.is_file())
        warm, thorough = self.cli("validate"), self.cli("validate", "--thorough")
        self.assertEqual(thorough.code, 1, thorough.out)
        self.assertIn("task 'prepare-engagement-plan', which is no longer in interlink.yaml", thorough.out)
        self.assertEqual((warm.code, warm.out), (thorough.code, thorough.out))

    def test_a_fifo_in_place_of_a_cache_is_a_miss_not_a_hang(self):
        cache = self.p / ".interlink" / "cache"
        cache.mkdir(parents=True)
        os.mkfifo(cache / "state.pack")
        self.assertEqual(self.cli("verify").code, 0)
        r = self.run_cli("-C", str(self.p), "validate", timeout=30)
        self.assertEqual(r.code, 0, r.out + r.err)
        self.assertEqual(r.out, self.cli("validate", "--thorough").out)
