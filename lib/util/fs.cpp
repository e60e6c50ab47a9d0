// See fs.hpp.
#include "util/fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <algorithm>
#include <random>

#include <fmt/format.h>

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
      os_failure(fmt::format("cannot write {}: {}", path.string(), errno_text()));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

std::string random_suffix() {
  static std::random_device rd;
  return fmt::format("{:08x}", rd());
}

}  // namespace

std::optional<std::string> read_file_if_exists(const stdfs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!stdfs::exists(path, ec)) return std::nullopt;
  return read_file(path, max_bytes);
}

std::string read_file(const stdfs::path& path, std::size_t max_bytes) {
  const SourcePos at{path.string()};
  // O_NONBLOCK: opening a FIFO must not wait for a writer. Only regular files
  // are read; a FIFO, socket or device in place of a project file is refused.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) unreadable(fmt::format("cannot read: {}", errno_text()), at);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    auto msg = errno_text();
    ::close(fd);
    unreadable(fmt::format("cannot read: {}", msg), at);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    unreadable(S_ISDIR(st.st_mode) ? "is a folder, not a file" : "is not a regular file", at);
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    unreadable(fmt::format("file is {} bytes, more than the limit of {}", st.st_size, max_bytes), at);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto msg = errno_text();
      ::close(fd);
      unreadable(fmt::format("cannot read: {}", msg), at);
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > max_bytes) {  // the file grew while being read
      ::close(fd);
      unreadable(fmt::format("file is larger than the limit of {} bytes", max_bytes), at);
    }
  }
  ::close(fd);
  return data;
}

void sync_dir(const stdfs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some file systems refuse to open folders
  ::fsync(fd);
  ::close(fd);
}

void write_file_atomic(const stdfs::path& path, std::string_view bytes) {
  stdfs::path dir = path.parent_path();
  std::error_code ec;
  if (!dir.empty()) stdfs::create_directories(dir, ec);
  stdfs::path tmp = dir / fmt::format(".{}.tmp-{}", path.filename().string(), random_suffix());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) os_failure(fmt::format("cannot create {}: {}", tmp.string(), errno_text()));
  try {
    write_all(fd, bytes, tmp);
    if (::fsync(fd) != 0) os_failure(fmt::format("cannot sync {}: {}", tmp.string(), errno_text()));
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
  sync_dir(dir);
}

void write_files_atomic(const stdfs::path& root,
                        const std::vector<std::pair<std::string, std::optional<std::string>>>& files) {
  struct Pending {
    stdfs::path tmp, dest;
  };
  std::vector<Pending> pending;
  std::vector<stdfs::path> dirs;
  auto note_dir = [&](const stdfs::path& d) {
    if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
  };
  auto cleanup = [&] {
    for (const auto& p : pending) ::unlink(p.tmp.c_str());
  };
  try {
    for (const auto& [rel, content] : files) {
      stdfs::path dest = root / rel;
      if (!content) continue;
      stdfs::path dir = dest.parent_path();
      std::error_code ec;
      if (!dir.empty()) stdfs::create_directories(dir, ec);
      stdfs::path tmp = dir / fmt::format(".{}.tmp-{}", dest.filename().string(), random_suffix());
      int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0) os_failure(fmt::format("cannot create {}: {}", tmp.string(), errno_text()));
      pending.push_back({tmp, dest});
      try {
        write_all(fd, *content, tmp);
      } catch (...) {
        ::close(fd);
        throw;
      }
      ::close(fd);
    }
    // One flush for the whole batch instead of one fsync per file.
    int rfd = ::open(root.empty() ? "." : root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd >= 0) {
      int rc = ::syncfs(rfd);
      ::close(rfd);
      if (rc != 0) os_failure(fmt::format("cannot sync {}: {}", root.string(), errno_text()));
    } else {
      ::sync();
    }
  } catch (...) {
    cleanup();
    throw;
  }
  for (const auto& p : pending) {
    if (::rename(p.tmp.c_str(), p.dest.c_str()) != 0) {
      auto msg = errno_text();
      cleanup();
      os_failure(fmt::format("cannot replace {}: {}", p.dest.string(), msg));
    }
    note_dir(p.dest.parent_path());
  }
  for (const auto& [rel, content] : files) {
    if (content) continue;
    stdfs::path dest = root / rel;
    if (::unlink(dest.c_str()) != 0 && errno != ENOENT) {
      os_failure(fmt::format("cannot remove {}: {}", dest.string(), errno_text()));
    }
    note_dir(dest.parent_path());
  }
  for (const auto& d : dirs) sync_dir(d);
}

void remove_file_durable(const stdfs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    os_failure(fmt::format("cannot remove {}: {}", path.string(), errno_text()));
  }
  sync_dir(path.parent_path());
}

}  // namespace interlink::fs
