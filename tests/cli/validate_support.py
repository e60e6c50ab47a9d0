"""Shared by the validate tests: a clean base project made once by `init`,
and a runner that puts hard bounds on the binary (time, address space) and
tells a crash from an exit code."""
import json
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from helpers import BIN, SANITIZED, base_env

MEMORY_CAP = 1 << 30  # 1 GiB of address space: far above what a bounded reader needs



TIMEOUT = 60 if SANITIZED else 10


def _limits(stack):
    def apply():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if stack:
            resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
    return apply


class Bounded:
    """The outcome of one bounded run: exit code, or the signal that killed it, or a hang."""

    def __init__(self, args, cwd, env, timeout=None, stack=None):
        self.args = args
        self.hung = False
        self.signal = None
        try:
            proc = subprocess.run([BIN, *args], cwd=cwd, env=env, capture_output=True,
                                  timeout=timeout or TIMEOUT, preexec_fn=_limits(stack), stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            self.hung = True
            self.code, self.out, self.err = None, e.stdout or b"", e.stderr or b""
            return
        self.code = proc.returncode
        if proc.returncode < 0:
            self.signal = signal.Signals(-proc.returncode).name
        self.out, self.err = proc.stdout, proc.stderr

    @property
    def text(self):
        return self.out.decode("utf-8", "replace")

    @property
    def stderr(self):
        return self.err.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.out.decode("utf-8"))

    def __repr__(self):
        state = "HUNG" if self.hung else f"signal {self.signal}" if self.signal else f"exit {self.code}"
        return f"<{' '.join(self.args)}: {state}\nstdout:\n{self.text[:3000]}\nstderr:\n{self.stderr[:3000]}>"


class BaseProject:
    """A project made by `interlink init` once per test class; copies of it
    are cheap to break."""

    def __init__(self, template="double-diamond"):
        self.parent = Path(tempfile.mkdtemp(prefix="interlink-base-"))
        self.path = self.parent / "base"
        env = base_env(HOME=str(self.parent))
        proc = subprocess.run([BIN, "init", str(self.path), "--template", template, "--id", "corpus", "--title", "Base"],
                              env=env, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"interlink init failed: {proc.stderr}")

    def copy(self, dest):
        shutil.copytree(self.path, dest)
        return Path(dest)

    def remove(self):
        shutil.rmtree(self.parent, ignore_errors=True)
