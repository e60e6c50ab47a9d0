// See private_store_folder.hpp.
#include "stakeholders/private_store_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ledger/git.hpp"
#include "stakeholders/private_store.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::stakeholders {

namespace detail {

// Refuses (exit 3) a .interlink that is a link or not a folder, and a
// private.db that is a link or not a regular file: a committed
// `.interlink -> reports` would send names, emails and phones into tracked files.
void check_private_layout(const stdfs::path& root) {
  for (const char* rel : {".interlink", ".interlink/private.db"}) {
    std::string at;
    fs::Entry kind = fs::entry_at(root, rel, &at);
    const bool folder = std::string_view(rel) == ".interlink";
    if (kind == fs::Entry::missing) return;
    if (kind == fs::Entry::symlink) {
      unreadable(fs::link_refusal(), SourcePos{at},
                 "the private store must be a plain folder .interlink/ that git ignores; remove the link");
    }
    if (kind != (folder ? fs::Entry::folder : fs::Entry::file)) {
      unreadable(folder ? "is not a folder" : "is not a regular file", SourcePos{rel},
                 "interlink keeps personal data in the folder .interlink/; move this away");
    }
  }
}

// Creates .interlink/ for our eyes only, with a .gitignore that keeps every
// file in it out of git, then makes sure that git does ignore the store
// before a byte of personal data goes there (a tracked private.db, or a
// .gitignore that un-ignores it, would put it into the next commit), and
// creates an empty database file readable by its owner only (SQLite gives
// its journal the same mode). Every step refuses links (util/beneath.hpp).
void create_private_folder(const stdfs::path& root) {
  const bool existed = fs::entry_at(root, ".interlink") == fs::Entry::folder;
  if (existed && ::faccessat(AT_FDCWD, (root / ".interlink").c_str(), R_OK | W_OK | X_OK, AT_EACCESS) != 0) {
    // In a folder shared by two accounts, the first one to store a person's
    // data made .interlink/ its own (0700): personal data is kept per account.
    os_failure(fmt::format("cannot open the private store {}/: {}; nothing was changed", (root / ".interlink").string(),
                           std::strerror(errno)),
               "the private store belongs to the account that created it: run this command as that account");
  }
  fs::DirFd dir = fs::open_dir_beneath(root, ".interlink", true);
  if (!existed) ::fchmod(dir.get(), 0700);
  if (fs::entry_at(root, ".interlink/.gitignore") == fs::Entry::missing) {
    fs::write_files_atomic(root, {{".interlink/.gitignore",
                                   std::string("# Written by interlink: personal data never goes into git.\n*\n")}});
  }
  if (auto ignored = ledger::git_ignores(root, ".interlink/private.db"); ignored && !*ignored) {
    refuse(
        ".interlink/private.db is not ignored by git (it is tracked, or a .gitignore un-ignores it): the "
        "personal data written to it would go into the next commit; nothing was written",
        "run 'git rm --cached .interlink/private.db' and keep '.interlink' in .gitignore");
  }
  int fd = ::openat(dir.get(), "private.db", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) {
    os_failure(fmt::format("cannot create {}: {}", (root / ".interlink/private.db").string(), std::strerror(errno)));
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace detail

bool PrivateStore::present_for_names(const stdfs::path& root) {
  std::error_code ec;
  const auto store = path_for(root);
  if (stdfs::exists(store, ec)) return true;
  if (ec) {
    os_failure(fmt::format("cannot read the private store {}: {}", store.string(), ec.message()),
               "the private store belongs to the account that created it: run this command as that account");
  }
  return false;
}

}  // namespace interlink::stakeholders
