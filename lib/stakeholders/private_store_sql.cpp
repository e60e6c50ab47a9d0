// See private_store_sql.hpp.
#include "stakeholders/private_store_sql.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "ledger/ledger.hpp"
#include "stakeholders/private_store.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::stakeholders::store_sql {

namespace {

constexpr const char* kRecoverHint =
    "run any interlink command that reads the store, such as 'interlink stakeholders --with-names', as a user who "
    "may write .interlink/ and the files in it: it rolls the write back";

// Why this user cannot write the store: the file or its folder (where SQLite
// creates and deletes its journal) refused by the permissions or a read-only
// file system; "" when neither is the reason.
std::string not_writable_because(const stdfs::path& path) {
  if (path.empty()) return {};
  if (::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0 && errno != ENOENT) {
    return fmt::format("{} is not writable by this user ({})", path.filename().string(), std::strerror(errno));
  }
  const stdfs::path dir = path.parent_path().empty() ? stdfs::path(".") : path.parent_path();
  if (::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
    return fmt::format("its folder {}/ is not writable by this user ({})", dir.filename().string(),
                       std::strerror(errno));
  }
  return {};
}

std::string journal_name(const stdfs::path& path) { return path.filename().string() + "-journal"; }

}  // namespace

void rethrow(const SQLite::Exception& e, const stdfs::path& path) {
  const int code = e.getErrorCode() & 0xFF;
  const int extended = e.getExtendedErrorCode();
  const std::string where = path.empty() ? "the private store" : path.string();
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    unreadable(fmt::format("{} is not a readable private store: {}", where, e.what()));
  }
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    os_failure(fmt::format("{} is locked by another process", where), "try again in a moment");
  }
  if (extended == SQLITE_READONLY_ROLLBACK) {  // where roll_back_interrupted() was not asked to
    unreadable(fmt::format("a write to the private store was cut short and is not rolled back yet ({} is left)",
                           journal_name(path)),
               SourcePos{where}, kRecoverHint);
  }
  if (code == SQLITE_READONLY) {
    // SQLite opens a file it may not write read-only, and says "attempt to
    // write a readonly database" at the first write: name the real cause.
    const std::string why = not_writable_because(path);
    os_failure(fmt::format("{}: cannot write the private store: {}", where, why.empty() ? e.what() : why),
               "give this user write access to .interlink/ and the files in it, or run the command as their owner");
  }
  if (code == SQLITE_FULL) os_failure(fmt::format("{}: the disk is full", where), "free some space and try again");
  // A write past the file size limit (ulimit -f) fails with EFBIG, which
  // SQLite reports as an I/O error; errno still holds it here.
  if (extended == SQLITE_IOERR_WRITE && errno == EFBIG) {
    os_failure(fmt::format("{}: {}", where, fs::file_too_large()), "raise the limit (ulimit -f) and try again");
  }
  os_failure(fmt::format("{}: {}", where, e.what()));
}

void roll_back_interrupted(const stdfs::path& path, bool recover) {
  if (!recover) {
    throw InterruptedWrite(
        ExitStatus::unreadable,
        fmt::format("a write to the private store was cut short (a command was killed while it committed) and "
                    "is not rolled back yet ({} is left); validate never writes: the next interlink command that "
                    "reads the store, run where .interlink/ is writable, rolls it back",
                    journal_name(path)),
        "run 'interlink stakeholders --with-names'", SourcePos{path.string()});
  }
  try {
    // NOFOLLOW, as every open of the store: check_private_layout() refused
    // links, and one swapped in since is refused here.
    SQLite::Database rw(path.string(), SQLite::OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, ledger::kBusyTimeoutMs);
    rw.execAndGet("PRAGMA application_id");  // the first read plays the journal back
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xFF;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      rethrow(e, path);
    }
    // A file this user may not write is opened read-only and fails as the
    // reader did; a folder it may not write fails to delete the journal.
    const std::string why = not_writable_because(path);
    unreadable(fmt::format("a write to the private store was cut short (a command was killed while it committed, "
                           "leaving {}), and this user cannot roll it back: {}",
                           journal_name(path), why.empty() ? e.what() : why),
               SourcePos{path.string()}, kRecoverHint);
  }
}

}  // namespace interlink::stakeholders::store_sql
