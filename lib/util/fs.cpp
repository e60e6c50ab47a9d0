// See fs.hpp.
#include "util/fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <random>

#include <fmt/format.h>

#include "util/beneath.hpp"
#include "util/error.hpp"

namespace interlink::fs {

namespace {

std::string errno_text() { return std::strerror(errno); }

void write_all(int fd, std::string_view bytes, const stdfs::path& path) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      os_failure(fmt::format("cannot write {}: {}", path.string(), write_error_text(errno)));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

std::string random_suffix() {
  static std::random_device rd;
  return fmt::format("{:08x}", rd());
}

constexpr std::string_view kTempMark = ".tmp-";
constexpr std::size_t kSuffixDigits = 8;
// Up to this many files, write_files_atomic syncs each file; past it, the
// file system once (a 10,000-stakeholder import spent ~50 s in per-file fsync).
constexpr long kSyncEachUpTo = 4;
struct {
  std::atomic<long> files{0}, file_systems{0};
} g_syncs;  // what sync_counts() reports

// ".<name>.tmp-<8 hex>" for name (see fs.hpp).
std::string temp_name(std::string_view name) { return fmt::format(".{}{}{}", name, kTempMark, random_suffix()); }

// The pair (folder, file name) of a path relative to the project.
std::pair<std::string, std::string> split_rel(const std::string& rel) {
  auto slash = rel.rfind('/');
  return slash == std::string::npos ? std::pair<std::string, std::string>{"", rel}
                                    : std::pair<std::string, std::string>{rel.substr(0, slash), rel.substr(slash + 1)};
}

}  // namespace

std::optional<std::uint64_t> file_size_limit() {
  struct rlimit lim {};
  if (::getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<std::uint64_t>(lim.rlim_cur);
}

std::string file_too_large() {
  auto limit = file_size_limit();
  return limit ? fmt::format("file too large: this process may not write past {} bytes of a file (ulimit -f)", *limit)
               : std::string("file too large");
}

std::string write_error_text(int err) { return err == EFBIG ? file_too_large() : std::strerror(err); }

stdfs::path physical(const stdfs::path& path) {
  std::error_code ec;
  stdfs::path real = stdfs::canonical(path.empty() ? stdfs::path(".") : path, ec);
  if (ec) return path;  // missing or unreadable: the caller's own check names it
  stdfs::path plain = stdfs::absolute(path.empty() ? stdfs::path(".") : path, ec).lexically_normal();
  if (!plain.has_filename() && plain.has_parent_path()) plain = plain.parent_path();  // "dir/" -> "dir"
  return real == plain ? path : real;
}

std::optional<std::string> read_file_if_exists(const stdfs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!stdfs::exists(path, ec)) return std::nullopt;
  return read_file(path, max_bytes);
}

bool only_user_writes(uid_t owner, mode_t mode) { return owner == ::geteuid() && (mode & (S_IWGRP | S_IWOTH)) == 0; }

std::string read_open_file(int fd, const std::string& shown, std::size_t max_bytes) {
  const SourcePos at{shown};
  struct stat st {};
  if (::fstat(fd, &st) != 0) unreadable(fmt::format("cannot read: {}", errno_text()), at);
  if (!S_ISREG(st.st_mode)) unreadable(S_ISDIR(st.st_mode) ? "is a folder, not a file" : "is not a regular file", at);
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    unreadable(fmt::format("file is {} bytes, more than the limit of {}", st.st_size, max_bytes), at);
  }
  // Read straight into the string, one byte more than the file's size so
  // that the first read already reaches its end, and then on until read()
  // says the end (a file that grows meanwhile, or whose size is not its
  // length, is read whole, within the limit).
  std::string data(static_cast<std::size_t>(st.st_size) + 1, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == data.size()) {
      if (got > max_bytes) unreadable(fmt::format("file is larger than the limit of {} bytes", max_bytes), at);
      // Room for about as much again, within what is left of the limit, and
      // one byte more, which shows a file past it (never max_bytes + 1, which
      // wraps to 0 for a limit of SIZE_MAX).
      data.resize(got + std::min(got + 4096, max_bytes - got) + 1);
    }
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) unreadable(fmt::format("cannot read: {}", errno_text()), at);
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  data.resize(got);
  return data;
}

std::string read_file(const stdfs::path& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (read_open_file
  // then refuses it, as anything but a regular file).
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) unreadable(fmt::format("cannot read: {}", errno_text()), SourcePos{path.string()});
  const DirFd closes(fd);
  return read_open_file(fd, path.string(), max_bytes);
}

void sync_dir(const stdfs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some file systems refuse to open folders
  ::fsync(fd);
  ::close(fd);
}

void write_file_atomic(const stdfs::path& path, std::string_view bytes) { write_file_atomic(path, {bytes}); }

void write_file_atomic(const stdfs::path& path, std::initializer_list<std::string_view> parts, mode_t mode,
                       bool durable) {
  stdfs::path dir = path.parent_path();
  std::error_code ec;
  if (!dir.empty()) stdfs::create_directories(dir, ec);
  stdfs::path tmp = dir / temp_name(path.filename().string());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) os_failure(fmt::format("cannot create {}: {}", tmp.string(), errno_text()));
  try {
    for (std::string_view bytes : parts) write_all(fd, bytes, tmp);
    if (durable && ::fsync(fd) != 0) os_failure(fmt::format("cannot sync {}: {}", tmp.string(), errno_text()));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto msg = errno_text();
    ::unlink(tmp.c_str());
    os_failure(fmt::format("cannot replace {}: {}", path.string(), msg));
  }
  if (durable) sync_dir(dir);
}

namespace {

bool is_folder(const stdfs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Refuses an output (a file, or a folder: "out/" is in the folder ".") whose
// folder does not exist (see write_output).
void require_output_folder(const stdfs::path& path, const char* verb) {
  const stdfs::path dir = (path.has_filename() ? path : path.parent_path()).parent_path();
  if (dir.empty() || is_folder(dir)) return;
  os_failure(fmt::format("cannot {} {}: the folder {} does not exist", verb, path.string(), dir.string()),
             "create it first, or name one in a folder that exists");
}

}  // namespace

void make_output_folder(const stdfs::path& dir) {
  if (is_folder(dir)) return;
  require_output_folder(dir, "create");
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    os_failure(fmt::format("cannot create {}: {}", dir.string(), errno_text()));
  }
}

void write_output(const stdfs::path& path, std::string_view bytes) {
  require_output_folder(path, "write");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    // O_NOCTTY: a terminal named by -o does not become the controlling one.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) os_failure(fmt::format("cannot write {}: {}", path.string(), errno_text()));
    struct stat opened {};
    if (::fstat(fd, &opened) == 0 && !S_ISREG(opened.st_mode)) {
      try {
        write_all(fd, bytes, path);
      } catch (...) {
        ::close(fd);
        throw;
      }
      if (::close(fd) != 0) os_failure(fmt::format("cannot write {}: {}", path.string(), errno_text()));
      return;
    }
    ::close(fd);  // a regular file put there meanwhile: replaced below, like any
  }
  // A link to a regular file (/dev/stdout into a file, a user's own link):
  // the file it names is replaced, and the link stays a link.
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    std::error_code ec;
    const stdfs::path target = stdfs::canonical(path, ec);
    if (!ec) {
      write_file_atomic(target, {bytes}, 0644, /*durable=*/false);
      return;
    }
  }
  write_file_atomic(path, {bytes}, 0644, /*durable=*/false);
}

void write_files_atomic(const stdfs::path& root,
                        const std::vector<std::pair<std::string, std::optional<std::string>>>& files) {
  // Every folder is opened below root without following links (beneath.hpp),
  // and every file is created, renamed and removed relative to that folder's
  // descriptor: a link committed in place of stakeholders/ cannot send a write
  // elsewhere, nor can one swapped in while the batch runs.
  struct Pending {
    int dir;  // index into folders
    std::string tmp, name;
  };
  std::vector<std::pair<std::string, DirFd>> folders;  // rel folder -> descriptor
  auto folder = [&](const std::string& rel_dir) -> int {
    for (std::size_t i = 0; i < folders.size(); ++i)
      if (folders[i].first == rel_dir) return static_cast<int>(i);
    folders.emplace_back(rel_dir, open_dir_beneath(root, rel_dir, true));
    return static_cast<int>(folders.size() - 1);
  };
  std::vector<Pending> pending;
  std::vector<int> touched;
  auto note_dir = [&](int d) {
    if (std::find(touched.begin(), touched.end(), d) == touched.end()) touched.push_back(d);
  };
  auto cleanup = [&] {
    for (const auto& p : pending) ::unlinkat(folders[static_cast<std::size_t>(p.dir)].second.get(), p.tmp.c_str(), 0);
  };
  // A few files are synced each on its own; a batch, with one syncfs(),
  // which flushes the whole file system and so also what other processes
  // wrote (strace -T: 196 us for one syncfs against 89 us for an fdatasync,
  // for the one file of an add-stakeholder, and more with writers beside it).
  const bool sync_each =
      std::count_if(files.begin(), files.end(), [](const auto& f) { return f.second.has_value(); }) <= kSyncEachUpTo;
  try {
    for (const auto& [rel, content] : files) {
      if (!content) continue;
      auto [rel_dir, name] = split_rel(rel);
      int d = folder(rel_dir);
      std::string tmp = temp_name(name);
      const stdfs::path shown = root / rel_dir / tmp;
      int fd = ::openat(folders[static_cast<std::size_t>(d)].second.get(), tmp.c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd < 0) os_failure(fmt::format("cannot create {}: {}", shown.string(), errno_text()));
      pending.push_back({d, tmp, name});
      try {
        write_all(fd, *content, shown);
        if (sync_each) {
          if (::fsync(fd) != 0) os_failure(fmt::format("cannot sync {}: {}", shown.string(), errno_text()));
          ++g_syncs.files;
        }
      } catch (...) {
        ::close(fd);
        throw;
      }
      ::close(fd);
    }
    // One flush for the whole batch instead of one fsync per file.
    if (!sync_each && !folders.empty()) {
      if (::syncfs(folders.front().second.get()) != 0) {
        os_failure(fmt::format("cannot sync {}: {}", root.string(), errno_text()));
      }
      ++g_syncs.file_systems;
    }
  } catch (...) {
    cleanup();
    throw;
  }
  for (const auto& p : pending) {
    int dfd = folders[static_cast<std::size_t>(p.dir)].second.get();
    if (::renameat(dfd, p.tmp.c_str(), dfd, p.name.c_str()) != 0) {
      auto msg = errno_text();
      cleanup();
      os_failure(fmt::format("cannot replace {}: {}",
                             (root / folders[static_cast<std::size_t>(p.dir)].first / p.name).string(), msg));
    }
    note_dir(p.dir);
  }
  for (const auto& [rel, content] : files) {
    if (content) continue;
    auto [rel_dir, name] = split_rel(rel);
    DirFd d = open_dir_beneath(root, rel_dir, false);
    if (d.get() < 0) continue;  // its folder is gone: so is the file
    if (::unlinkat(d.get(), name.c_str(), 0) != 0 && errno != ENOENT) {
      os_failure(fmt::format("cannot remove {}: {}", (root / rel).string(), errno_text()));
    }
    ::fsync(d.get());
  }
  for (int d : touched) ::fsync(folders[static_cast<std::size_t>(d)].second.get());
}

SyncCounts sync_counts() { return {g_syncs.files.load(), g_syncs.file_systems.load()}; }

bool is_temp_name(std::string_view entry) {
  auto at = entry.rfind(kTempMark);
  if (entry.size() < 2 || entry[0] != '.' || at == std::string_view::npos || at < 2 ||
      entry.size() != at + kTempMark.size() + kSuffixDigits) {
    return false;
  }
  return std::all_of(entry.begin() + static_cast<long>(at + kTempMark.size()), entry.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

bool is_temp_of(std::string_view entry, std::string_view name) {
  return is_temp_name(entry) && entry.size() == 1 + name.size() + kTempMark.size() + kSuffixDigits &&
         entry.substr(1, name.size()) == name;
}

std::vector<std::string> temp_files_in(const stdfs::path& root, const std::string& rel_dir) {
  // Only names that start with '.' become strings: every write of a
  // stakeholder used to list its folder, and on 10,000 stakeholders a string
  // for every name was 3.7 M instructions (callgrind of add-stakeholder on
  // the 1m bench project).
  std::vector<std::string> out;
  DirFd dir = open_dir_beneath(root, rel_dir, false);
  if (dir.get() < 0) return out;
  int fd = ::dup(dir.get());
  if (fd < 0) return out;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return out;
  }
  while (const dirent* e = ::readdir(d))
    if (e->d_name[0] == '.' && is_temp_name(e->d_name)) out.emplace_back(e->d_name);
  ::closedir(d);
  return out;
}

void remove_temps_of(const stdfs::path& root, const std::vector<std::string>& rel_paths) {
  std::map<std::string, std::vector<std::string>> names;  // folder -> file names
  for (const auto& rel : rel_paths) {
    auto [dir, name] = split_rel(rel);
    names[dir].push_back(name);
  }
  for (const auto& [rel_dir, files] : names) {
    std::vector<std::string> gone;
    for (const auto& entry : temp_files_in(root, rel_dir)) {
      if (std::any_of(files.begin(), files.end(), [&](const std::string& f) { return is_temp_of(entry, f); })) {
        gone.push_back(entry);
      }
    }
    if (gone.empty()) continue;
    DirFd dir = open_dir_beneath(root, rel_dir, false);
    if (dir.get() < 0) continue;
    for (const auto& entry : gone) {
      if (::unlinkat(dir.get(), entry.c_str(), 0) != 0 && errno != ENOENT) {
        os_failure(fmt::format("cannot remove the leftover temporary file {}: {}", (root / rel_dir / entry).string(),
                               errno_text()));
      }
    }
    ::fsync(dir.get());
  }
}

void remove_file_durable(const stdfs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    os_failure(fmt::format("cannot remove {}: {}", path.string(), errno_text()));
  }
  sync_dir(path.parent_path());
}

}  // namespace interlink::fs
