// Files inside a project, reached without following symbolic links.
//
// A project folder travels through git, and git stores symbolic links: a
// committed `stakeholders -> /elsewhere` or `stakeholders/x.yaml ->
// /etc/passwd` would make interlink write outside the project or echo any
// file into CI logs. So every path below the project root is walked one
// component at a time with O_NOFOLLOW (openat), and a link anywhere on it is
// refused (exit 3). The root itself is the user's choice (-C DIR, the working
// folder) and may be reached through links.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace interlink::fs {

namespace stdfs = std::filesystem;

// An open folder descriptor, closed on destruction.
class DirFd {
 public:
  explicit DirFd(int fd = -1) : fd_(fd) {}
  DirFd(DirFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  DirFd& operator=(DirFd&& o) noexcept;
  DirFd(const DirFd&) = delete;
  DirFd& operator=(const DirFd&) = delete;
  ~DirFd();
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// What a path below root is, judged with lstat at every component.
enum class Entry { missing, file, folder, symlink, other };
// `link_at` receives the first component (relative path) that is a link, or
// that is not a folder where one is needed.
Entry entry_at(const stdfs::path& root, std::string_view rel, std::string* link_at = nullptr);

// Opens root/rel_dir ("" is root itself) without following a link below
// root. create: makes missing folders (0755). Throws Error(unreadable) naming
// the component that is a link or not a folder; nullopt-like DirFd(-1) when
// the folder is missing and create is false.
DirFd open_dir_beneath(const stdfs::path& root, std::string_view rel_dir, bool create);

// Refuses (exit 4) a folder below root that this user cannot write into:
// faccessat(W_OK, AT_EACCESS) on the folder opened without following links,
// or, where it does not exist yet, on the nearest folder above it (where it
// would be created). "cannot write stakeholders/: Permission denied; nothing
// was changed": for a writer to call before it commits a change, so that a
// change is never recorded whose files then cannot be written. A link or a
// file on the path is refused as open_dir_beneath() does (exit 3). A system
// call per component: the folder is never listed.
void require_writable_beneath(const stdfs::path& root, std::string_view rel_dir);

// Reads root/rel whole, refusing a link anywhere below root, anything but a
// regular file (a FIFO does not block), and files over max_bytes. Errors name
// rel (exit 3).
std::string read_beneath(const stdfs::path& root, std::string_view rel, std::size_t max_bytes);
// The same; nullopt when the file (or its folder) does not exist.
std::optional<std::string> read_beneath_if_exists(const stdfs::path& root, std::string_view rel, std::size_t max_bytes);

// The same for the file `name` of a folder opened with open_dir_beneath()
// (`rel`, its path below root, names it in errors): a caller reading every
// file of one folder opens the folder once, not once per file.
std::optional<std::string> read_at_if_exists(const DirFd& dir, const std::string& name, std::string_view rel,
                                             std::size_t max_bytes);

// The message for a link found inside a project (readers, writers, validate).
std::string link_refusal();

}  // namespace interlink::fs
