// The mark that a ledger file was verified: `validate` trusts it, instead of
// reading and hashing every event again (5.6 s of its 5.6 s on the 1m bench
// project, issue 10).
//
// `verify` (the command whose job is to check every event) writes the mark
// after it finds the project's ledger sound: .interlink/cache/verified.pack,
// sealed with the user's own key (io/cache_seal.hpp) like every cache. It
// names the file as it was then: its device and inode, size, modification
// and change times to the nanosecond, and SQLite's file change counter (the
// header's bytes 24-27, which every committed write increments in the
// ledger's rollback-journal mode), with the build of interlink that checked
// it and the ledger's root and heads. The mark holds while all of them are
// unchanged:
//   - a file replaced (git checkout, pull, a copy, an unpacked archive) has
//     another inode and change time;
//   - a file changed in place by SQLite (interlink, the sqlite3 shell) has a
//     new change counter and change time; by any other writer, a new change
//     time (which no one but the clock sets);
//   - another interlink build verifies for itself.
// The mark also holds the fingerprint of the rows verify checked
// (ledger/row_print.hpp): validate uses cached state only if it was
// replayed from rows of that same print, so a cache replayed from a doctored
// copy with the same heads is never taken for the verified file. A ledger
// that group or others may write is never taken as checked: writes through
// a shared mapping of a page already dirty move none of its times.
// interlink's own writes keep the mark (MarkKeeper): a change committed to
// the file while its mark holds extends the mark by the rows it appended, so
// that `validate` after `feedback add` still reads only those rows.
// What it trades: a change to the file's bytes made in place, not through
// SQLite nor a mapping, within the same tick of the file system's clock as
// the check or while an interlink write is under way, and of the same size,
// would not be seen, nor a change by the user's own processes through a
// mapping. The mark guards against what a file carries in from elsewhere
// (checkouts, copies, caches of another copy, other accounts), not against
// the user's own programs, which hold the key that seals it anyway.
// `validate --thorough` and `verify` read everything whatever the mark says.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"

namespace interlink::process {

// What names a ledger file's bytes as of now (see above).
struct LedgerFileId {
  unsigned long long dev = 0, ino = 0;
  long long size = 0, mtime_s = 0, mtime_ns = 0, ctime_s = 0, ctime_ns = 0;
  unsigned long change_counter = 0;
  unsigned uid = 0, mode = 0;  // owner and mode bits
  bool operator==(const LedgerFileId&) const = default;
};

// The id of the ledger file at db; nullopt if it is not a regular file that
// can be read (a link is not followed).
std::optional<LedgerFileId> ledger_file_id(const std::filesystem::path& db);

// Records that the project's ledger, with id `id` both before and after the
// check, was verified sound with result `v`. Best-effort: a read-only
// checkout or no key of the user's and no mark is written.
void mark_verified(const std::filesystem::path& root, const LedgerFileId& id, const ledger::VerifyResult& v);

// The print of the rows verify checked (VerifyResult::rows_print) if the
// mark of root's project names led's file exactly as it is now, checked by
// this build, with led's root and heads, and the file is the user's and not
// writable by group or others; else nullopt. The caller takes cached state
// only if it was replayed from rows of this very print.
std::optional<std::string> verified_rows_print(const std::filesystem::path& root, const std::filesystem::path& db,
                                               const ledger::Ledger& led);

// The commit watch (ledger/ledger.hpp) that keeps the mark with
// interlink's own writes. Before a change, inside its write transaction,
// it checks that the mark holds for the file as it is (as validate would);
// once the change and its files are written, under the same lock and a
// read transaction, and only if no other connection committed meanwhile
// (ledger::CommitWatch) and the file is the one written to (same device and
// inode), it writes the mark again: the rows' print resumed over the rows
// appended, read back as stored, the file's new identity and heads. A file the mark did not
// hold for before the change stays unmarked: the writer vouches only for
// its own rows on a file verify found sound.
class MarkKeeper final : public ledger::CommitWatch {
 public:
  std::function<void()> before(const ledger::Ledger& led) noexcept override;
};
MarkKeeper& mark_keeper();

}  // namespace interlink::process
