"""Races (issue 11, items 4 and 5): readers never see half of a writer's
change, and "one e-mail, one person" holds when commands run at once."""
import sqlite3
import threading
import unittest

from helpers import ProjectTest


class RaceTest(ProjectTest):
    def parallel(self, n, args_of):
        results = [None] * n

        def run(i):
            results[i] = self.cli(*args_of(i), timeout=300)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    def contacts(self):
        con = sqlite3.connect(str(self.p / ".interlink" / "private.db"))
        try:
            return con.execute("SELECT count(*) FROM contacts").fetchone()[0]
        finally:
            con.close()

    def test_eight_parallel_adds_of_one_email_register_one_person(self):
        rs = self.parallel(8, lambda i: ["add-stakeholder", f"Person {i}", "--kind", "person", "--sector", "citizen",
                                         "--email", "same@example.org"])
        self.assertEqual(sorted(r.code for r in rs), [0] + [1] * 7, rs)
        for r in rs:
            if r.code == 1:
                self.assertIn("a person with the email same@example.org", r.err)
        self.assertEqual(self.contacts(), 1)
        self.ok("validate", cwd=self.p)

    def test_two_parallel_imports_of_one_csv_register_each_person_once(self):
        csv = self.tmp / "people.csv"
        csv.write_text("name,kind,sector,email\n" +
                       "".join(f"Person {i},person,citizen,p{i}@example.org\n" for i in range(40)))
        rs = self.parallel(2, lambda i: ["add-stakeholder", "--from-csv", str(csv)])
        self.assertEqual(sorted(r.code for r in rs), [0, 1], rs)
        self.assertEqual(self.contacts(), 40)
        self.assertEqual(len(list((self.p / "stakeholders").glob("*.yaml"))), 40)

    def test_readers_never_see_half_a_change(self):
        stop = threading.Event()
        failures = []

        def writer():
            i = 0
            while not stop.is_set():
                r = self.cli("-q", "add-stakeholder", f"Org {i}", "--sector", "public", "--id", f"org-{i}")
                if r.code != 0:
                    failures.append(("add", r))
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        try:
            for _ in range(25):
                for args in (["verify"], ["validate"]):
                    r = self.cli(*args)
                    if r.code != 0:
                        failures.append((args, r))
        finally:
            stop.set()
            t.join()
        self.assertEqual(failures[:3], [])


if __name__ == "__main__":
    unittest.main()
