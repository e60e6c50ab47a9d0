// See git.hpp. Standard error and standard input go through unlinked
// temporary files, so that only one pipe (standard output) is ever read and
// no child can block us by filling the other.
#include "util/git.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "util/error.hpp"

extern char** environ;

namespace interlink::git {

namespace {

namespace stdfs = std::filesystem;

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

stdfs::path temp_root() {
  const char* t = std::getenv("TMPDIR");
  return (t && *t) ? stdfs::path(t) : stdfs::path("/tmp");
}

// An unlinked, read-write temporary file holding text, positioned at 0.
int scratch_file(const std::string& text = {}) {
  std::string tmpl = (temp_root() / "interlink-git-XXXXXX").string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) os_failure(fmt::format("cannot create a temporary file: {}", std::strerror(errno)));
  ::unlink(tmpl.c_str());
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      os_failure(fmt::format("cannot write a temporary file: {}", std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

std::string read_all(int fd) {
  std::string s;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    s.append(buf, static_cast<std::size_t>(n));
  }
  return s;
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

Result run(const stdfs::path& dir, const std::vector<std::string>& args, const std::optional<stdfs::path>& stdout_file,
           const std::optional<std::string>& stdin_text) {
  std::vector<std::string> full = {"git",
                                   "--no-replace-objects",
                                   "--no-optional-locks",  // git status must not rewrite the index
                                   "-C",
                                   dir.empty() ? "." : dir.string(),
                                   "-c",
                                   "core.hooksPath=/dev/null",
                                   "-c",
                                   "core.fsmonitor=false",
                                   "-c",
                                   "protocol.allow=never"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);

  Fd err_fd(scratch_file());
  Fd in_fd(stdin_text ? scratch_file(*stdin_text) : ::open("/dev/null", O_RDONLY | O_CLOEXEC));
  Fd out_file;
  int pipe_fds[2] = {-1, -1};
  if (stdout_file) {
    out_file.fd = ::open(stdout_file->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (out_file.fd < 0) os_failure(fmt::format("cannot write {}: {}", stdout_file->string(), std::strerror(errno)));
  } else if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    os_failure(fmt::format("cannot run git: {}", std::strerror(errno)));
  }
  Fd read_end(pipe_fds[0]);
  Fd write_end(pipe_fds[1]);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_fd.fd, 0);
  posix_spawn_file_actions_adddup2(&fa, stdout_file ? out_file.fd : write_end.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_fd.fd, 2);
  // Environment: git must not ask for credentials or open a pager or editor.
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) {
    std::string_view v(*e);
    if (v.rfind("GIT_TERMINAL_PROMPT=", 0) == 0 || v.rfind("GIT_PAGER=", 0) == 0) continue;
    env_store.emplace_back(v);
  }
  env_store.emplace_back("GIT_TERMINAL_PROMPT=0");
  env_store.emplace_back("GIT_PAGER=cat");
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);

  // git starts with SIGXFSZ as a shell would give it: interlink ignores it
  // (cmd/main.cpp), and an ignored signal stays ignored across exec.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGXFSZ);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &fa, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  Result res;
  if (write_end.fd >= 0) {
    ::close(write_end.fd);
    write_end.fd = -1;
  }
  if (rc != 0) {
    res.err = fmt::format("cannot run git: {}", std::strerror(rc));
    return res;
  }
  if (read_end.fd >= 0) res.out = read_all(read_end.fd);
  int ws = 0;
  while (::waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(ws)) res.status = WEXITSTATUS(ws);
  ::lseek(err_fd.fd, 0, SEEK_SET);
  res.err = trim_newline(read_all(err_fd.fd));
  return res;
}

bool may_be_in_work_tree(const stdfs::path& dir) {
  for (const char* var : {"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR"})
    if (std::getenv(var)) return true;
  std::error_code ec;
  // git -C dir walks up from the physical folder: a link to a folder inside
  // a repository is inside that repository.
  stdfs::path d = stdfs::canonical(dir.empty() ? stdfs::path(".") : dir, ec);
  if (ec) return true;
  for (;;) {
    struct stat st {};
    if (::lstat((d / ".git").c_str(), &st) == 0) return true;
    if (::lstat((d / "HEAD").c_str(), &st) == 0 && ::lstat((d / "objects").c_str(), &st) == 0) return true;
    if (d == d.parent_path()) return false;
    d = d.parent_path();
  }
}

std::optional<WorkTree> work_tree(const stdfs::path& dir, std::string* why) {
  if (!may_be_in_work_tree(dir)) return std::nullopt;
  Result r = run(dir, {"rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix"});
  if (r.status != 0) {
    if (why && r.err.find("not a git repository") == std::string::npos) *why = r.err.substr(0, r.err.find('\n'));
    return std::nullopt;
  }
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at <= r.out.size()) {
    std::size_t nl = r.out.find('\n', at);
    if (nl == std::string::npos) nl = r.out.size();
    lines.push_back(r.out.substr(at, nl - at));
    at = nl + 1;
  }
  if (lines.size() < 3 || lines[0] != "true" || lines[1].empty()) return std::nullopt;
  return WorkTree{stdfs::path(lines[1]), lines[2]};
}

std::string resolve_commit(const stdfs::path& dir, const std::string& rev) {
  if (rev.empty() || rev[0] == '-') bad_usage(fmt::format("'{}' is not a git revision", rev));
  Result r = run(dir, {"rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"});
  std::string oid = trim_newline(r.out);
  if (r.status != 0 && !r.err.empty()) {  // --quiet: git speaks only when something else is wrong
    bad_usage(fmt::format("cannot read the revision '{}': {}", rev, r.err.substr(0, r.err.find('\n'))),
              "in a container, the checkout may need: git config --global --add safe.directory \"$PWD\"");
  }
  if (r.status != 0 || oid.size() != 40) {
    bad_usage(fmt::format("'{}' names no commit in the git repository of {}", rev, dir.empty() ? "." : dir.string()),
              "name a branch, tag or commit that is fetched (in CI, fetch the target branch with its history)");
  }
  return oid;
}

TempDir::TempDir() {
  std::string tmpl = (temp_root() / "interlink-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) os_failure(fmt::format("cannot create a temporary folder: {}", std::strerror(errno)));
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  stdfs::remove_all(path_, ec);
}

}  // namespace interlink::git
