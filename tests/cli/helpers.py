"""Shared helpers for the end-to-end tests: run the real binary in a scratch
folder, copy examples, and read what it wrote.

Environment: INTERLINK_BIN (the binary under test), INTERLINK_SOURCE_DIR (the
source tree, for examples/ and tests/ data). A scratch folder is kept when a
test fails and INTERLINK_KEEP_SCRATCH=1, to look at.
"""
import mmap
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

BIN = os.environ.get("INTERLINK_BIN") or str(Path(__file__).resolve().parents[2] / "build" / "interlink")
SOURCE = Path(os.environ.get("INTERLINK_SOURCE_DIR") or Path(__file__).resolve().parents[2])
EXAMPLES = SOURCE / "examples"
FIXED_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def _sanitized():
    """True for an AddressSanitizer build, which reserves terabytes of address
    space up front (so RLIMIT_AS cannot apply) and runs several times slower."""
    try:
        with open(BIN, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(b"__asan_init") >= 0
    except (OSError, ValueError):
        return False


# The sanitizer build (scripts/test.sh's second suite) checks memory on every
# code path; tests that repeat one path hundreds of times to catch a rare
# instant (kills, races, every byte of a ledger) repeat it fewer times there,
# and in full in the normal build. Use it for counts only, never to skip.
SANITIZED = _sanitized()


def base_env(**extra):
    # XDG_STATE_HOME is dropped so that HOME decides where the cache key goes
    # (lib/io/cache_seal.hpp): each test's own scratch home, never the runner's.
    env = {k: v for k, v in os.environ.items()
           if (not k.startswith("INTERLINK_") or k == "INTERLINK_BIN") and k != "XDG_STATE_HOME"}
    env.update({"SOURCE_DATE_EPOCH": FIXED_EPOCH, "INTERLINK_ACTOR": "tester", "NO_COLOR": "1",
                "LC_ALL": "C.UTF-8", "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@example.org",
                "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.org",
                "GIT_CONFIG_NOSYSTEM": "1"})
    env.update(extra)
    return env


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def run(args, cwd=None, env=None, input=None, timeout=120, binary=BIN):
    proc = subprocess.run([binary, *args], cwd=cwd, env=env or base_env(), input=input,
                          capture_output=True, text=True, timeout=timeout)
    return Result(proc)


def snapshot(folder):
    """Every file under folder with its bytes: compare two to prove a command changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


class ScratchTest(unittest.TestCase):
    """A test with its own scratch folder (self.tmp) and helpers to run the binary in it."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="interlink-test-"))
        self.env = base_env(HOME=str(self.tmp))

    def tearDown(self):
        failed = any(err for _, err in getattr(self._outcome, "errors", []) if err) if hasattr(self, "_outcome") else False
        if not (failed and os.environ.get("INTERLINK_KEEP_SCRATCH")):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *args, cwd=None, input=None, env=None, timeout=120):
        return run(list(args), cwd=cwd or self.tmp, env=env or self.env, input=input, timeout=timeout)

    def ok(self, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, 0, r)
        return r

    def copy_example(self, name, dest=None):
        dest = Path(dest or self.tmp / name)
        shutil.copytree(EXAMPLES / name, dest)
        return dest

    def git(self, *args, cwd):
        return subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, check=True)


class ProjectTest(ScratchTest):
    """A test that starts from a fresh project made by `init` (self.p) and runs commands inside it."""

    def setUp(self):
        super().setUp()
        self.ok("init", "p")
        self.p = self.tmp / "p"

    def cli(self, *args, **kw):
        return self.run_cli(*args, cwd=self.p, **kw)
