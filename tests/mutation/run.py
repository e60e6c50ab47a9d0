#!/usr/bin/env python3
"""The mutation check: apply each curated deliberate bug to a copy of the
source tree, build the copy, run the tests meant to catch it, and print which
mutations were killed and which SURVIVED (see README.md in this folder).

Never touches the real tree: the copy lives in a work folder (default
/tmp/interlink-mutation), synced from the working tree (uncommitted changes
included), and one build folder is reused for every mutation, so each costs
the recompile of one file (ccache helps) and the relinks.

Exit status: 0 when every mutation was killed, 1 when one survived or a case
could not be applied or built, 2 on bad usage.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1]
REQUIRED = ("file", "find", "replace", "killed_by", "why")


def load_cases(only):
    cases = []
    for path in sorted((HERE / "cases").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        missing = [k for k in REQUIRED if not isinstance(case.get(k), str) or not case[k]]
        if missing and not (missing == ["replace"] and case.get("replace") == ""):
            raise SystemExit(f"{path}: missing or empty {', '.join(missing)}")
        case["name"] = path.stem
        cases.append(case)
    if only:
        unknown = sorted(set(only) - {c["name"] for c in cases})
        if unknown:
            raise SystemExit(f"no such mutation: {', '.join(unknown)} (see {HERE / 'cases'})")
        cases = [c for c in cases if c["name"] in only]
    return cases


def sh(cmd, cwd=None, timeout=None, env=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=timeout, env=env)


def sync_copy(src):
    """The working tree, without builds and git metadata, into src: changed
    files copied with a fresh time, unchanged ones left alone (so they do not
    rebuild), extra ones removed."""
    def skip(rel):
        top = rel.parts[0]
        return top.startswith("build") or top == ".git" or "__pycache__" in rel.parts

    wanted = set()
    for path in SOURCE.rglob("*"):
        rel = path.relative_to(SOURCE)
        if skip(rel) or path.is_dir():
            continue
        wanted.add(rel)
        dest = src / rel
        st = path.lstat()
        if dest.is_symlink() or path.is_symlink():
            if dest.is_symlink() or dest.exists():
                dest.unlink()
            dest.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                os.symlink(os.readlink(path), dest)
                continue
        try:
            if dest.read_bytes() == path.read_bytes():
                continue  # unchanged: keeps its time, nothing rebuilds
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
        # A new time, not the source's: a file that changed to an older
        # version (a merge, a checkout) must still look newer than its objects.
        write_fresh_bytes(dest, path.read_bytes(), st.st_mode)
    if src.exists():
        for path in sorted(src.rglob("*"), reverse=True):
            rel = path.relative_to(src)
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in wanted:
                path.unlink()


def configure(src, build, env):
    # Not a unity build: a mutation touches one file, and rebuilding that file
    # alone is two to three times faster than rebuilding its batch. Given
    # each time, so that a build folder of an older run is switched too.
    generator = [] if (build / "build.ninja").exists() else ["-G", "Ninja"]
    r = sh(["cmake", "-S", str(src), "-B", str(build), *generator, "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
            "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DINTERLINK_UNITY=OFF"], env=env)
    if r.returncode:
        raise SystemExit(f"cmake configure failed:\n{r.stdout}\n{r.stderr}")


def build_tree(build, jobs, env):
    r = sh(["cmake", "--build", str(build), f"-j{jobs}"], env=env)
    return r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]


def run_tests(build, regex, timeout, jobs, env):
    """(passed, names of the tests that failed, output)."""
    r = sh(["ctest", "-R", regex, f"-j{jobs}", "--timeout", str(timeout), "--output-on-failure"],
           cwd=build, env=env, timeout=timeout * 4 + 60)
    failed = re.findall(r"^\s*\d+ - (\S+) \((?:Failed|Timeout|SEGFAULT|Subprocess aborted|Exception|Not Run)[^)]*\)",
                        r.stdout, re.M)
    ran = re.search(r"tests passed, (\d+) tests failed out of (\d+)", r.stdout)
    if ran is None or int(ran.group(2)) == 0:
        return None, [], f"no test matches '{regex}'\n" + r.stdout[-2000:]
    return r.returncode == 0, failed, r.stdout


def write_fresh_bytes(path, data, mode):
    path.write_bytes(data)
    path.chmod(mode & 0o7777)
    now = time.time()
    os.utime(path, (now, now))


def write_fresh(path, text):
    """Writes text with a new mtime, so that ninja rebuilds what depends on it."""
    path.write_text(text, encoding="utf-8")
    now = time.time()
    os.utime(path, (now, now))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", metavar="NAME", help="run only this mutation (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    ap.add_argument("--check", action="store_true",
                    help="only check that every case applies to the tree as it is (its text exactly once); "
                         "CTest runs this, so that a case left stale by an edit fails CI, not the next full run")
    ap.add_argument("--work", default=os.environ.get("INTERLINK_MUTATION_DIR", "/tmp/interlink-mutation"),
                    help="work folder for the copy and its build (default: %(default)s)")
    ap.add_argument("--jobs", type=int, default=2, help="build and test jobs (default: %(default)s)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per test (default: %(default)s)")
    ap.add_argument("--no-baseline", action="store_true", help="skip checking that the tests pass unmutated")
    args = ap.parse_args()

    cases = load_cases(args.only)
    if args.list:
        for c in cases:
            print(f"{c['name']:40} {c['file']:40} {c['killed_by']}")
        return 0
    work = Path(args.work).resolve()
    if SOURCE == work or SOURCE in work.parents:
        raise SystemExit("the work folder must lie outside the source tree")
    src, build = work / "src", work / "build"
    env = dict(os.environ, CCACHE_BASEDIR=os.environ.get("CCACHE_BASEDIR", "/"), CCACHE_NOHASHDIR="1")

    # Every case must apply to the real tree as it is: its text exactly once.
    bad = []
    for c in cases:
        n = (SOURCE / c["file"]).read_text(encoding="utf-8").count(c["find"]) if (SOURCE / c["file"]).is_file() else -1
        if n != 1:
            bad.append(f"{c['name']}: 'find' occurs {n if n >= 0 else 'in no file'} times in {c['file']}, not once")
        if " " in c["killed_by"]:
            bad.append(f"{c['name']}: 'killed_by' is a regular expression of CTest test names (e.g. "
                       f"^cli\\.test_report$), not a command: {c['killed_by']!r}")
    if bad:
        print("\n".join(bad), file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(cases)} mutation cases, each applies exactly once")
        return 0

    sync_copy(src)
    configure(src, build, env)
    ok, out = build_tree(build, args.jobs, env)
    if not ok:
        print(f"the unmutated copy does not build:\n{out}", file=sys.stderr)
        return 1
    if not args.no_baseline:
        # One ctest run over every test named; CMake's regular expressions
        # allow few groups, so the cases' regexes are joined as they are.
        union = "|".join(sorted({c["killed_by"] for c in cases}))
        passed, failed, out = run_tests(build, union, args.timeout, args.jobs, env)
        if not passed:
            print(f"the tests fail without any mutation ({', '.join(failed) or 'see below'}):\n{out[-4000:]}",
                  file=sys.stderr)
            return 1

    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    rows = []
    for c in cases:
        target = src / c["file"]
        original = target.read_text(encoding="utf-8")
        start = time.time()
        try:
            write_fresh(target, original.replace(c["find"], c["replace"], 1))
            ok, out = build_tree(build, args.jobs, env)
            if not ok:
                rows.append((c, "BUILD FAILED", out.strip().splitlines()[-1:] or [""], time.time() - start))
            else:
                passed, failed, out = run_tests(build, c["killed_by"], args.timeout, args.jobs, env)
                (logs / f"{c['name']}.log").write_text(out)  # to check that the right assertion failed
                if passed is None:
                    rows.append((c, "NO TEST", [out.splitlines()[0]], time.time() - start))
                elif passed:
                    rows.append((c, "SURVIVED", [], time.time() - start))
                else:
                    rows.append((c, "killed", failed or ["(ctest failed)"], time.time() - start))
        finally:
            write_fresh(target, original)
        row = rows[-1]
        print(f"[{len(rows)}/{len(cases)}] {c['name']}: {row[1]} {' '.join(row[2])} ({row[3]:.0f} s)",
              file=sys.stderr, flush=True)
    build_tree(build, args.jobs, env)  # leave the copy's build unmutated

    width = max([len(c["name"]) for c in cases] + [8])
    print(f"{'mutation':{width}}  {'result':12}  killed by")
    print(f"{'-' * width}  {'-' * 12}  {'-' * 30}")
    for c, result, by, _ in rows:
        print(f"{c['name']:{width}}  {result:12}  {', '.join(by)}")
    bad = [r for r in rows if r[1] != "killed"]
    print(f"\n{len(rows) - len(bad)} of {len(rows)} mutations killed"
          + (f"; {len(bad)} not: {', '.join(r[0]['name'] for r in bad)}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
