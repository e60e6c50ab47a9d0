// See verified.hpp.
#include "process/verified.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <string_view>
#include <vector>

#include "io/cache_files.hpp"
#include "ledger/row_print.hpp"
#include "util/build_id.hpp"
#include "util/fs.hpp"
#include "util/pack.hpp"

namespace interlink::process {

namespace {

constexpr const char* kMarkName = "verified.pack";
constexpr std::string_view kMagic = "interlink verified ledger";
// 2: the running state of the rows' print, not its hex: a writer that
// appends to the marked file resumes it (MarkKeeper).
constexpr int kVersion = 2;

void put(pack::Writer& w, const LedgerFileId& id) {
  w.num(static_cast<long long>(id.dev));
  w.num(static_cast<long long>(id.ino));
  w.num(id.size);
  w.num(id.mtime_s);
  w.num(id.mtime_ns);
  w.num(id.ctime_s);
  w.num(id.ctime_ns);
  w.num(static_cast<long long>(id.change_counter));
  w.num(id.uid);
  w.num(id.mode);
}

LedgerFileId get_id(pack::Reader& r) {
  LedgerFileId id;
  id.dev = static_cast<unsigned long long>(r.num());
  id.ino = static_cast<unsigned long long>(r.num());
  id.size = r.num();
  id.mtime_s = r.num();
  id.mtime_ns = r.num();
  id.ctime_s = r.num();
  id.ctime_ns = r.num();
  id.change_counter = static_cast<unsigned long>(r.num());
  id.uid = static_cast<unsigned>(r.num());
  id.mode = static_cast<unsigned>(r.num());
  return id;
}

}  // namespace

std::optional<LedgerFileId> ledger_file_id(const std::filesystem::path& db) {
  // O_NONBLOCK: a FIFO in the ledger's place must not hang the command (it
  // is then refused as not a regular file).
  const int fd = ::open(db.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::array<unsigned char, 4> counter{};
  const bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                  ::pread(fd, counter.data(), counter.size(), 24) == static_cast<ssize_t>(counter.size());
  ::close(fd);
  if (!ok) return std::nullopt;
  LedgerFileId id;
  id.uid = st.st_uid;
  id.mode = st.st_mode;
  id.dev = st.st_dev;
  id.ino = st.st_ino;
  id.size = st.st_size;
  id.mtime_s = st.st_mtim.tv_sec;
  id.mtime_ns = st.st_mtim.tv_nsec;
  id.ctime_s = st.st_ctim.tv_sec;
  id.ctime_ns = st.st_ctim.tv_nsec;
  // Big-endian, as SQLite writes it.
  id.change_counter = (static_cast<unsigned long>(counter[0]) << 24) | (static_cast<unsigned long>(counter[1]) << 16) |
                      (static_cast<unsigned long>(counter[2]) << 8) | counter[3];
  return id;
}

namespace {

// The mark as written.
struct Mark {
  LedgerFileId id;
  std::string root;
  std::vector<std::string> heads;
  ledger::RowPrint print;
};

void write_mark(const std::filesystem::path& root, const Mark& m) {
  pack::Writer w;
  w.str(kMagic);
  w.num(kVersion);
  w.str(build_id());
  put(w, m.id);
  w.str(m.root);
  w.strs(m.heads);
  w.str(m.print.state());
  // Best-effort, as every cache, and only into a project that has its
  // private folder already (made by the commands that show the state, which
  // also cache what validate needs with the mark): a check of a fresh or
  // read-only checkout leaves no trace.
  io::write_cache_file(root, kMarkName, w.bytes(), false);
}

// root's mark if it names db's file exactly as it is now, checked by this
// build, with led's root and heads, and the file is the user's and not
// writable by group or others; else nullopt.
std::optional<Mark> holding_mark(const std::filesystem::path& root, const std::filesystem::path& db,
                                 const ledger::Ledger& led) {
  auto bytes = io::read_cache_file(root, kMarkName, 1u << 20);
  if (!bytes) return std::nullopt;
  try {
    pack::Reader r(*bytes);
    if (r.str() != kMagic || r.num() != kVersion || r.str() != build_id()) return std::nullopt;
    Mark m;
    m.id = get_id(r);
    m.root = r.str();
    m.heads = r.strs();
    auto print = ledger::RowPrint::resume(r.str());
    if (!r.done() || !print) return std::nullopt;
    m.print = *print;
    auto now = ledger_file_id(db);
    if (!now || !(*now == m.id) || m.root != led.root_hash() || m.heads != led.heads()) return std::nullopt;
    // A file someone else may write could be changed through a shared
    // mapping of a page already dirty, which moves none of its times: only a
    // ledger of this user's that no one else may write is taken as checked.
    if (!fs::only_user_writes(now->uid, now->mode)) return std::nullopt;
    return m;
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged mark is no mark
    return std::nullopt;
  }
}

}  // namespace

void mark_verified(const std::filesystem::path& root, const LedgerFileId& id, const ledger::VerifyResult& v) {
  if (!v.ok) return;
  auto print = ledger::RowPrint::resume(v.rows_print_state);
  if (!print) return;
  write_mark(root, {id, v.root, v.heads, *print});
}

std::optional<std::string> verified_rows_print(const std::filesystem::path& root, const std::filesystem::path& db,
                                               const ledger::Ledger& led) {
  auto m = holding_mark(root, db, led);
  if (!m) return std::nullopt;
  return m->print.hex();
}

std::function<void()> MarkKeeper::before(const ledger::Ledger& led) noexcept {
  try {
    const std::filesystem::path db = led.path();
    const std::filesystem::path root = led.root();  // where verify writes the mark: the ledger's folder
    auto m = holding_mark(root, db, led);
    if (!m) return {};
    const long long seq = led.last_seq();
    // After the change: the print resumed over the rows appended (read back
    // as stored, as verify reads them), the file's new identity and heads.
    // Called by commit() under its change lock and inside a read
    // transaction, only if no other connection committed since the check
    // above (PRAGMA data_version): no other interlink writes meanwhile, and
    // no sqlite3 shell either.
    return [&led, db, root, seq, mark = std::move(*m)]() mutable {
      try {
        auto id = ledger_file_id(db);
        // The very file the change was written to, not one put in its place.
        if (!id || id->dev != mark.id.dev || id->ino != mark.id.ino) return;
        led.scan({.after_seq = seq}, [&](const ledger::Record& r) { mark.print.add(r); });
        mark.id = *id;
        mark.heads = led.heads();
        write_mark(root, mark);
      } catch (...) {  // NOLINT(bugprone-empty-catch): the old mark no longer holds; nothing is lost
      }
    };
  } catch (...) {  // NOLINT(bugprone-empty-catch): best-effort
    return {};
  }
}

MarkKeeper& mark_keeper() {
  static MarkKeeper keeper;
  return keeper;
}

}  // namespace interlink::process
