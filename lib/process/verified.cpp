// See verified.hpp.
#include "process/verified.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <string_view>

#include "io/cache_files.hpp"
#include "util/build_id.hpp"
#include "util/fs.hpp"
#include "util/pack.hpp"

namespace interlink::process {

namespace {

constexpr const char* kMarkName = "verified.pack";
constexpr std::string_view kMagic = "interlink verified ledger";
constexpr int kVersion = 1;

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

void mark_verified(const std::filesystem::path& root, const LedgerFileId& id, const ledger::VerifyResult& v) {
  if (!v.ok) return;
  pack::Writer w;
  w.str(kMagic);
  w.num(kVersion);
  w.str(build_id());
  put(w, id);
  w.str(v.root);
  w.strs(v.heads);
  w.str(v.rows_print);
  // Best-effort, as every cache, and only into a project that has its
  // private folder already (made by the commands that show the state, which
  // also cache what validate needs with the mark): a check of a fresh or
  // read-only checkout leaves no trace.
  io::write_cache_file(root, kMarkName, w.bytes(), false);
}

std::optional<std::string> verified_rows_print(const std::filesystem::path& root, const std::filesystem::path& db,
                                               const ledger::Ledger& led) {
  auto bytes = io::read_cache_file(root, kMarkName, 1u << 20);
  if (!bytes) return std::nullopt;
  try {
    pack::Reader r(*bytes);
    if (r.str() != kMagic || r.num() != kVersion || r.str() != build_id()) return std::nullopt;
    const LedgerFileId was = get_id(r);
    const std::string root_hash = r.str();
    const std::vector<std::string> heads = r.strs();
    std::string print = r.str();
    if (!r.done() || print.empty()) return std::nullopt;
    auto now = ledger_file_id(db);
    if (!now || !(*now == was) || root_hash != led.root_hash() || heads != led.heads()) return std::nullopt;
    // A file someone else may write could be changed through a shared
    // mapping of a page already dirty, which moves none of its times: only a
    // ledger of this user's that no one else may write is taken as checked.
    if (!fs::only_user_writes(now->uid, now->mode)) return std::nullopt;
    return print;
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged mark is no mark
    return std::nullopt;
  }
}

}  // namespace interlink::process
