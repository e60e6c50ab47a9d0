// See beneath.hpp.
#include "util/beneath.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::fs {

namespace {

std::vector<std::string> components(std::string_view rel) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= rel.size()) {
    std::size_t slash = rel.find('/', at);
    if (slash == std::string_view::npos) slash = rel.size();
    std::string part(rel.substr(at, slash - at));
    if (!part.empty() && part != ".") out.push_back(std::move(part));
    at = slash + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts, std::size_t upto) {
  std::string out;
  for (std::size_t i = 0; i <= upto && i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

// The root, links followed (the user named it); -1 if it does not exist (or
// a file is on its path).
int open_root(const stdfs::path& root) {
  int fd = ::open(root.empty() ? "." : root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) return -1;
  if (fd < 0) unreadable(fmt::format("cannot open the folder: {}", std::strerror(errno)), SourcePos{root.string()});
  return fd;
}

// Why a component could not be opened as a folder: a link, or something else.
[[noreturn]] void not_a_folder(int parent, const std::string& name, const std::string& rel) {
  struct stat st {};
  if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    unreadable(link_refusal(), SourcePos{rel}, "replace the link by the folder itself, or remove it");
  }
  unreadable("is not a folder", SourcePos{rel}, "interlink keeps this path as a folder; move the file away");
}

}  // namespace

DirFd& DirFd::operator=(DirFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

DirFd::~DirFd() {
  if (fd_ >= 0) ::close(fd_);
}

std::string link_refusal() {
  return "is a symbolic link: interlink does not follow links inside a project, since a link in a shared project "
         "could point at any file";
}

Entry entry_at(const stdfs::path& root, std::string_view rel, std::string* link_at) {
  auto parts = components(rel);
  DirFd dir(open_root(root));
  if (dir.get() < 0) return Entry::missing;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    struct stat st {};
    if (::fstatat(dir.get(), parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return Entry::missing;
    const bool last = i + 1 == parts.size();
    if (S_ISLNK(st.st_mode)) {
      if (link_at) *link_at = joined(parts, i);
      return Entry::symlink;
    }
    if (last) return S_ISREG(st.st_mode) ? Entry::file : S_ISDIR(st.st_mode) ? Entry::folder : Entry::other;
    if (!S_ISDIR(st.st_mode)) {
      if (link_at) *link_at = joined(parts, i);
      return Entry::other;
    }
    int fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return Entry::missing;
    dir = DirFd(fd);
  }
  return Entry::folder;
}

DirFd open_dir_beneath(const stdfs::path& root, std::string_view rel_dir, bool create) {
  auto parts = components(rel_dir);
  DirFd dir(open_root(root));
  if (dir.get() < 0) {
    if (!create) return dir;
    os_failure(fmt::format("cannot open {}: {}", root.string(), std::strerror(ENOENT)));
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string rel = joined(parts, i);
    int fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
      if (::mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
        os_failure(fmt::format("cannot create {}: {}", (root / rel).string(), std::strerror(errno)));
      }
      fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) {
      if (errno == ENOENT) return DirFd(-1);
      if (errno == ELOOP || errno == ENOTDIR) not_a_folder(dir.get(), parts[i], rel);
      unreadable(fmt::format("cannot open: {}", std::strerror(errno)), SourcePos{rel});
    }
    dir = DirFd(fd);
  }
  return dir;
}

void require_writable_beneath(const stdfs::path& root, std::string_view rel_dir) {
  auto parts = components(rel_dir);
  const std::string shown = parts.empty() ? root.string() : (root / rel_dir).lexically_normal().string();
  auto refuse_write = [&](int err) {
    os_failure(fmt::format("cannot write {}/: {}; nothing was changed", shown, std::strerror(err)),
               "give this user write access to the folder, or run the command as its owner");
  };
  DirFd dir(open_root(root));
  if (dir.get() < 0) refuse_write(ENOENT);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    int fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) break;  // made by the write, in the folder above
    if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) not_a_folder(dir.get(), parts[i], joined(parts, i));
    if (fd < 0) refuse_write(errno);
    dir = DirFd(fd);
  }
  if (::faccessat(dir.get(), ".", W_OK | X_OK, AT_EACCESS) != 0) refuse_write(errno);
}

std::optional<std::string> read_beneath_if_exists(const stdfs::path& root, std::string_view rel,
                                                  std::size_t max_bytes) {
  auto parts = components(rel);
  if (parts.empty()) unreadable("is a folder, not a file", SourcePos{std::string(rel)});
  const std::string name = parts.back();
  parts.pop_back();
  DirFd dir = open_dir_beneath(root, joined(parts, parts.size()), false);
  if (dir.get() < 0) return std::nullopt;
  return read_at_if_exists(dir, name, rel, max_bytes);
}

std::optional<std::string> read_at_if_exists(const DirFd& dir, const std::string& name, std::string_view rel,
                                             std::size_t max_bytes) {
  const SourcePos at{std::string(rel)};
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  int fd = ::openat(dir.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    if (errno == ELOOP) unreadable(link_refusal(), at, "replace the link by the file itself, or remove it");
    unreadable(fmt::format("cannot read: {}", std::strerror(errno)), at);
  }
  const DirFd guard(fd);  // closes fd
  return read_open_file(fd, std::string(rel), max_bytes);
}

std::string read_beneath(const stdfs::path& root, std::string_view rel, std::size_t max_bytes) {
  auto data = read_beneath_if_exists(root, rel, max_bytes);
  if (!data) unreadable(fmt::format("cannot read: {}", std::strerror(ENOENT)), SourcePos{std::string(rel)});
  return std::move(*data);
}

}  // namespace interlink::fs
