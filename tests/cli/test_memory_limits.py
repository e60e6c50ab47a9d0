"""Commands under a limit of address space (ulimit -v): interlink's heap
reserve for huge pages (lib/util/heap.hpp) takes 256 MiB of address space up
front, which under a limit is taken from what the command needs; there it
must not be made. `status` on examples/pspm ran out of memory under
`ulimit -v 200000` when it was."""
import resource
import subprocess
import unittest

from helpers import BIN, SANITIZED, ScratchTest

LIMIT = 200 * 1024 * 1024  # bytes of address space: ample for a small project, not for a 256 MiB reserve


def capped():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@unittest.skipIf(SANITIZED, "AddressSanitizer reserves terabytes of address space: RLIMIT_AS cannot apply")
class MemoryLimitTest(ScratchTest):
    def run_capped(self, *args):
        return subprocess.run([BIN, *args], env=self.env, preexec_fn=capped, capture_output=True, text=True,
                              timeout=120)

    def test_reads_and_a_write_succeed_under_200_mib_of_address_space(self):
        p = self.copy_example("pspm")
        for args in (["status"], ["validate"], ["report", "--format", "html", "-o", str(self.tmp / "r.html")],
                     ["-q", "add-stakeholder", "Limited Org", "--sector", "public"]):
            with self.subTest(args=args):
                r = self.run_capped("-C", str(p), *args)
                self.assertEqual(r.returncode, 0, r.stderr[-500:])
                self.assertNotIn("out of memory", r.stderr)


if __name__ == "__main__":
    unittest.main()
