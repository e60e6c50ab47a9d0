// See db.hpp (check_journal). SQLite rolls a hot journal back into the
// database on the first read, whatever database the journal was made for:
// a ledger.db-journal from another file (left by a copy, an unpacked archive,
// a crafted folder) would overwrite the ledger's pages with its own. Before
// SQLite sees the ledger, the journal beside it is read (format: "The
// Rollback Journal" in https://www.sqlite.org/fileformat.html) and refused
// when it is plainly another database's:
//
// - its page size is not the ledger's;
// - it restores a database of more pages than the ledger has: a change only
//   adds pages, and a rollback truncates back to the size before it;
// - it holds page 1 of a database that is not an interlink ledger (page 1's
//   application_id). Every change interlink commits journals page 1 before
//   it writes a page of the file (the change counter is on it), so a
//   journal of the ledger's own that needs rolling back holds page 1 as the
//   ledger was, with interlink's application_id.
//
// A journal of another database that passes all three is not caught (one of
// a database no larger than the ledger that never journaled its page 1);
// restoring the pages a rollback overwrites when the ledger fails its checks
// after it would be the complete answer.
//
// Only records whose checksum holds count, as only those are rolled back: a
// journal still being written by a writer at work (its last record cut) is
// never refused for what it has not written yet.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "ledger/ledger.hpp"
#include "util/error.hpp"

namespace interlink::ledger::db {

namespace {

constexpr std::array<unsigned char, 8> kJournalMagic = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
// Records read at most, looking for page 1: interlink's changes journal it
// among their first pages; a journal of thousands of pages (16 MiB of 4 KiB
// pages) is read no further.
constexpr int kMaxRecords = 4096;

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

bool read_at(int fd, unsigned char* to, std::size_t n, off_t at) {
  std::size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd, to + done, n - done, at + static_cast<off_t>(done));
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

[[noreturn]] void foreign_journal(const stdfs::path& journal, const std::string& why) {
  unreadable(
      fmt::format("this is not the journal of the ledger beside it ({}): rolling it back would overwrite "
                  "the ledger with another database's pages",
                  why),
      SourcePos{journal.string()},
      fmt::format("move {} out of the project folder; the ledger itself is untouched", journal.filename().string()));
}

}  // namespace

void check_journal(const stdfs::path& path, std::uint32_t page_size) {
  const stdfs::path journal = path.string() + "-journal";
  // Anything but a regular file there (a folder, a symbolic link, a FIFO)
  // SQLite cannot use as the journal: every write would fail with its
  // "disk I/O error" or "unable to open database file", which names neither
  // the journal nor the fix.
  struct stat link {};
  if (::lstat(journal.c_str(), &link) == 0 && !S_ISREG(link.st_mode)) {
    const char* what = S_ISDIR(link.st_mode)   ? "a folder"
                       : S_ISLNK(link.st_mode) ? "a symbolic link"
                                               : "no regular file";
    unreadable(
        fmt::format("this is {}, where SQLite keeps the ledger's rollback journal: the ledger cannot be "
                    "changed, nor safely read, while it is there",
                    what),
        SourcePos{journal.string()},
        fmt::format("move {} out of the project folder; the ledger itself is untouched", journal.filename().string()));
  }
  int fd = ::open(journal.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;  // none (the usual case)
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  struct stat ledger {};
  if (::stat(path.c_str(), &ledger) != 0) return;
  const auto st_ledger_pages = static_cast<std::uint64_t>(ledger.st_size) / page_size;
  // The journal is one or more segments, each a header (magic, record count,
  // checksum nonce, pages before the change, sector size, page size; all
  // big-endian; one sector long) and its records (page number, page,
  // checksum). A change that spilled pages to the file before its commit
  // starts a new segment, at the next sector boundary, at each spill.
  std::vector<unsigned char> rec;
  int seen = 0;
  for (off_t hdr = 0; hdr + 28 <= st.st_size;) {
    std::array<unsigned char, 28> h{};
    if (!read_at(fd, h.data(), h.size(), hdr) || !std::equal(kJournalMagic.begin(), kJournalMagic.end(), h.begin()))
      return;  // no (more) segment: SQLite stops here too; a zeroed header is no hot journal
    const std::uint32_t count = be32(&h[8]), nonce = be32(&h[12]), sector = be32(&h[20]), jpage = be32(&h[24]);
    if (jpage != page_size) {
      // A header cut short by a writer at work reads 0 here; only a whole one names another size.
      if (jpage != 0)
        foreign_journal(journal, fmt::format("its pages are {} bytes, the ledger's {}", jpage, page_size));
      return;
    }
    if (sector < 512 || sector > 65536 || (sector & (sector - 1)) != 0) return;  // SQLite would not read it either
    // Pages before the change: a change only adds pages (interlink never
    // vacuums), and a rollback truncates the file back to that many, never
    // below; so the ledger has at least as many, unless the journal is not its.
    if (const std::uint32_t before = be32(&h[16]); before > st_ledger_pages)
      foreign_journal(
          journal, fmt::format("it restores a database of {} pages, and the ledger has {}", before, st_ledger_pages));
    rec.resize(4 + page_size + 4);
    // count 0xffffffff (or 0, in the last segment): as many records as the file holds.
    const std::uint64_t records = (count == 0 || count == 0xffffffffu) ? ~std::uint64_t{0} : count;
    off_t at = hdr + static_cast<off_t>(sector);
    for (std::uint64_t i = 0; i < records; ++i, at += static_cast<off_t>(rec.size())) {
      if (++seen > kMaxRecords) return;
      if (at + static_cast<off_t>(rec.size()) > st.st_size || !read_at(fd, rec.data(), rec.size(), at)) return;
      const unsigned char* page = rec.data() + 4;
      // SQLite's pager_cksum: the nonce plus every 200th byte from the end.
      std::uint32_t sum = nonce;
      for (std::int64_t k = static_cast<std::int64_t>(page_size) - 200; k > 0; k -= 200) sum += page[k];
      if (sum != be32(rec.data() + 4 + page_size)) return;  // SQLite stops here too
      if (be32(rec.data()) != 1) continue;
      // Page 1 as it was: the database header's application_id, at byte 68.
      if (be32(page + 68) != static_cast<std::uint32_t>(kApplicationId))
        foreign_journal(journal, "the database it was made for is not an interlink ledger");
      return;
    }
    hdr = (at + static_cast<off_t>(sector) - 1) / static_cast<off_t>(sector) * static_cast<off_t>(sector);
  }
}

}  // namespace interlink::ledger::db
