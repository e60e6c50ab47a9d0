"""Installing like a Unix tool: `cmake --install` into a DESTDIR puts the
binary, every man page of sections 1 and 5 and the bash, zsh and fish
completions where man, bash-completion, zsh and fish look for them; the
installed binary prints its version with the git revision; and CPack's
Debian package holds the same files and depends on exactly the Debian
runtime libraries the binary links (not those linked statically: by default
every one, the C library too, so none)."""
import os
import re
import subprocess
import unittest
from pathlib import Path

from helpers import SOURCE, ScratchTest

BUILD = Path(os.environ.get("INTERLINK_BUILD_DIR") or SOURCE / "build")
PAGES = sorted(p.name for p in (SOURCE / "man").glob("*.[15]"))


def sh(*args, env=None, cwd=None):
    r = subprocess.run(list(args), capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    if r.returncode != 0:
        raise AssertionError(f"{args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def linked_packages(binary):
    """{soname: Debian package} of every shared library the binary names (NEEDED)."""
    needed = re.findall(r"NEEDED\s+(\S+)", sh("objdump", "-p", str(binary)))
    listing = sh("ldd", str(binary))
    paths = dict(re.findall(r"^\s*(\S+) => (\S+)", listing, re.M))
    # The loader is named by its path alone ("/lib64/ld-linux-x86-64.so.2 (0x...)").
    paths.update((Path(p).name, p) for p in re.findall(r"^\s*(/\S+) \(", listing, re.M))
    out = {}
    for soname in needed:
        real = Path(paths[soname]).resolve()
        for candidate in (paths[soname], str(real), str(real).replace("/usr/lib/", "/lib/", 1),
                          str(real).replace("/lib/", "/usr/lib/", 1)):
            r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if r.returncode == 0:
                out[soname] = r.stdout.split(":")[0]
                break
        else:
            raise AssertionError(f"no package holds {soname} ({paths[soname]})")
    return out


def static_pie():
    """True if the build links the C library too, as cmake/StaticDeps.cmake does by default."""
    cache = (BUILD / "CMakeCache.txt").read_text()
    on = lambda name, value: re.search(rf"^{name}:\w+={value}$", cache, re.M) is not None
    return (on("INTERLINK_STATIC_DEPS", "ON") and on("INTERLINK_STATIC_LIBC", "ON")
            and on("INTERLINK_HAS_STATIC_PIE", "1") and not on("INTERLINK_SANITIZE", "ON"))


class InstallTest(ScratchTest):
    def install(self, prefix):
        stage = self.tmp / "stage"
        sh("cmake", "--install", str(BUILD), "--prefix", prefix, env=dict(os.environ, DESTDIR=str(stage)))
        return stage

    def test_every_file_goes_where_its_reader_looks(self):
        stage = self.install("/usr")
        usr = stage / "usr"
        files = sorted(str(p.relative_to(usr)) for p in usr.rglob("*") if p.is_file())
        expected = ["bin/interlink", "share/bash-completion/completions/interlink",
                    "share/fish/vendor_completions.d/interlink.fish", "share/zsh/vendor-completions/_interlink"]
        expected += [f"share/man/man{page[-1]}/{page}" for page in PAGES]
        self.assertEqual(files, sorted(expected))
        # man finds every page of both sections in the staged tree.
        for page in PAGES:
            with self.subTest(page=page):
                name, section = page.rsplit(".", 1)
                found = sh("man", "-M", str(usr / "share/man"), "-w", section, name).strip()
                self.assertEqual(found, str(usr / f"share/man/man{section}/{page}"))
        # bash-completion: its own completionsdir, and loaded on demand through XDG_DATA_DIRS.
        self.assertEqual(sh("pkg-config", "--variable=completionsdir", "bash-completion").strip(),
                         "/usr/share/bash-completion/completions")
        out = sh("bash", "-c", "source /usr/share/bash-completion/bash_completion; "
                               "__load_completion interlink && complete -p interlink",
                 env=dict(os.environ, XDG_DATA_DIRS=str(usr / "share")))
        self.assertEqual(out, "complete -F _interlink interlink\n")
        # zsh: the folder is on Debian's default fpath, and compinit registers the function.
        self.assertIn("/usr/share/zsh/vendor-completions", sh("zsh", "-f", "-c", "print -l $fpath").splitlines())
        # The dump goes to a scratch file: compinit writes it beside its path
        # and renames it into place, so -d /dev/null (as CI runs, as root)
        # turned the machine's /dev/null into a regular file.
        dump = self.tmp / "zcompdump"
        out = sh("zsh", "-f", "-c", f"fpath=({usr}/share/zsh/vendor-completions $fpath); autoload -Uz compinit; "
                                    f"compinit -u -d {dump}; print ${{_comps[interlink]}}", env=self.env)
        self.assertEqual(out, "_interlink\n")
        # fish: the vendor folder is on its path, and completing the command loads the script.
        self.assertIn("/usr/share/fish/vendor_completions.d",
                      sh("fish", "-c", "string join \\n $__fish_vendor_completionsdirs", env=self.env).split())
        out = sh("fish", "-c", "complete -C'interlink veri'",
                 env=dict(self.env, XDG_DATA_DIRS=str(usr / "share"), PATH=f"{usr / 'bin'}:{os.environ['PATH']}"))
        self.assertEqual(out.split("\t")[0], "verify")
        # The installed binary runs and names its revision.
        version = sh(str(usr / "bin/interlink"), "--version")
        self.assertRegex(version, r"^interlink \d+\.\d+\.\d+ \(git ([0-9a-f]{12}(\+dirty)?|unknown)\)\n$")

    def test_another_prefix_uses_its_own_zsh_folder(self):
        stage = self.install("/usr/local")
        self.assertTrue((stage / "usr/local/share/zsh/site-functions/_interlink").is_file())
        self.assertIn("/usr/local/share/zsh/site-functions", sh("zsh", "-f", "-c", "print -l $fpath").splitlines())
        self.assertTrue((stage / "usr/local/share/man/man5/interlink-ledger.5").is_file())

    def test_the_debian_package(self):
        out = self.tmp / "pkg"
        sh("cpack", "--config", str(BUILD / "CPackConfig.cmake"), "-G", "DEB", "-B", str(out))
        [deb] = list(out.glob("interlink_*.deb"))
        self.assertRegex(deb.name, r"^interlink_\d+\.\d+\.\d+_amd64\.deb$")
        depends = sh("dpkg-deb", "-f", str(deb), "Depends")
        names = {re.split(r"[ (]", d.strip())[0] for d in depends.split(",")} - {""}
        # Exactly the packages of the shared libraries the binary links: those
        # linked statically (cmake/StaticDeps.cmake) are not dependencies, and
        # every NEEDED library's is.
        linked = linked_packages(BUILD / "interlink")
        self.assertEqual(names, set(linked.values()), depends)
        if static_pie():
            # The C library linked too (INTERLINK_STATIC_LIBC): nothing for the
            # loader to do at a process start (issue 10), so no loader named,
            # no library needed and none depended on; still a position-
            # independent executable, loaded at a random address.
            self.assertEqual(linked, {}, depends)
            self.assertNotIn("INTERP", sh("readelf", "-l", str(BUILD / "interlink")))
            self.assertRegex(sh("readelf", "-h", str(BUILD / "interlink")), r"Type:\s+DYN")
        else:
            self.assertIn("libc6", names, depends)
        static = "libcrypto.so.3" not in linked
        for lib in ("libyaml-0-2", "libsqlite3-0", "libssl3", "libstdc++6", "libfmt9", "libutf8proc2"):
            self.assertEqual(lib in names, not static, depends)
        if static:
            # A process start relocates no shared C++ library (issue 10:
            # the loader was most of `--version`): only the C library is left.
            for soname in linked:
                self.assertRegex(soname, r"^(libc\.so|libm\.so|ld-linux)", depends)
        listing = sh("dpkg-deb", "-c", str(deb))
        for path in ("./usr/bin/interlink", "./usr/share/man/man1/interlink.1", "./usr/share/man/man5/interlink-ledger.5",
                     "./usr/share/bash-completion/completions/interlink", "./usr/share/zsh/vendor-completions/_interlink",
                     "./usr/share/fish/vendor_completions.d/interlink.fish"):
            self.assertIn(path, listing)


if __name__ == "__main__":
    unittest.main()
