// Opening a ledger.db that may come from anyone (a fork, a merge request):
// the checks SQLite advises for database files from untrusted sources
// (https://sqlite.org/security.html), made before any row is read.
//
// - The file itself, before SQLite sees it: not a symbolic link, a regular
//   file (a FIFO would block the open for ever), a SQLite header, and the
//   rollback-journal format (a WAL-mode file would make even a reader create
//   -wal and -shm files, and interlink never writes one).
// - The connection: SQLITE_DBCONFIG_DEFENSIVE (no writes to the schema or to
//   shadow tables by SQL), trusted_schema off (no SQL function with side
//   effects from a view or trigger), no extension loading, bounds on the
//   length of a value, of SQL text and of expressions, cell size checks.
// - The schema: every row of sqlite_master exactly as interlink makes it, so
//   that no foreign trigger, view or index runs, or reads, in place of ours.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "ledger/ledger.hpp"
#include "ledger/staged.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::ledger::db {

namespace {

[[noreturn]] void foreign(const stdfs::path& path, const std::string& why) {
  unreadable(fmt::format("not an interlink ledger: {}", why), SourcePos{path.string()},
             "restore ledger.db from a copy you trust; 'interlink verify' checks it");
}

struct SchemaRow {
  std::string type, name, table, sql;
  bool operator==(const SchemaRow&) const = default;
  bool operator<(const SchemaRow& o) const { return std::tie(type, name) < std::tie(o.type, o.name); }
};

std::vector<SchemaRow> read_schema(SQLite::Database& db) {
  std::vector<SchemaRow> out;
  SQLite::Statement st(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master");
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString()});
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The schema as create_schema() makes it, read back from a database in memory
// (so that it is the text SQLite stores, whatever the spacing of kSchema).
const std::vector<SchemaRow>& expected_schema() {
  static std::vector<SchemaRow> rows;
  static std::once_flag once;
  std::call_once(once, [] {
    SQLite::Database mem(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    create_schema(mem);
    rows = read_schema(mem);
  });
  return rows;
}

// The rows as one text (NUL between fields, rows sorted) and its digest.
std::string digest_of(const std::vector<SchemaRow>& rows) {
  std::string text;
  for (const auto& r : rows) {
    for (const std::string* f : {&r.type, &r.name, &r.table, &r.sql}) {
      text += *f;
      text.push_back('\0');
    }
  }
  return sha256_hex(text);
}

std::string describe(const SchemaRow& r) {
  return fmt::format("{} '{}'", r.type, text::excerpt(text::printable(r.name)));
}

}  // namespace

void check_file(const stdfs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      // Beside a plan, the project's record was lost: init refuses a folder
      // that has a plan, so the way back is the copy git or a backup keeps.
      std::error_code ec;
      const bool in_project = stdfs::exists(
          path.parent_path().empty() ? stdfs::path("interlink.yaml") : path.parent_path() / "interlink.yaml", ec);
      unreadable("no ledger here", SourcePos{path.string()},
                 in_project ? "the project's ledger is missing: restore it from git or a backup"
                            : "name a project's ledger.db, or create a project with 'interlink init'");
    }
    unreadable(fmt::format("cannot read the ledger: {}", std::strerror(errno)), SourcePos{path.string()});
  }
  if (S_ISLNK(st.st_mode)) {
    unreadable(fs::link_refusal(), SourcePos{path.string()}, "replace the link by the ledger file itself");
  }
  if (S_ISDIR(st.st_mode)) foreign(path, "it is a folder");
  if (!S_ISREG(st.st_mode)) foreign(path, "it is not a regular file (a FIFO, socket or device)");
  if (st.st_size == 0) return;  // SQLite reads it as an empty database: refused by its application_id
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) unreadable(fmt::format("cannot read the ledger: {}", std::strerror(errno)), SourcePos{path.string()});
  std::array<unsigned char, 100> header{};
  ssize_t n = ::read(fd, header.data(), header.size());
  ::close(fd);
  static constexpr char kMagic[] = "SQLite format 3";  // and its NUL: 16 bytes
  if (n < static_cast<ssize_t>(header.size()) || std::memcmp(header.data(), kMagic, sizeof kMagic) != 0) {
    foreign(path, "the file is not a SQLite database");
  }
  // Bytes 18 and 19: file format write and read versions, 1 for a rollback
  // journal, 2 for WAL.
  if (header[18] != 1 || header[19] != 1) {
    foreign(path,
            "the file is in SQLite's WAL mode, which interlink never uses (the ledger keeps a rollback "
            "journal, so that the file committed to git is whole)");
  }
  // Bytes 16 and 17: the page size, big-endian; 1 stands for 65536.
  const std::uint32_t page_size = (std::uint32_t{header[16]} << 8) | header[17];
  check_journal(path, page_size == 1 ? 65536 : page_size);
}

void harden(SQLite::Database& db) {
  sqlite3* h = db.getHandle();
  sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_limit(h, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
  sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, 100000);
  sqlite3_limit(h, SQLITE_LIMIT_COLUMN, 100);
  sqlite3_limit(h, SQLITE_LIMIT_EXPR_DEPTH, 100);
  sqlite3_limit(h, SQLITE_LIMIT_COMPOUND_SELECT, 10);
  sqlite3_limit(h, SQLITE_LIMIT_FUNCTION_ARG, 8);
  sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(h, SQLITE_LIMIT_TRIGGER_DEPTH, 10);
  db.exec("PRAGMA cell_size_check = ON");
}

// Update with the value the unit test "the schema digest is current" prints
// when the schema changes.
const char* const kSchemaDigest = "76bc0482d336bce8ab12140f5c5c70412208348a1e7ee59d602fb18befda3f1f";

std::string expected_schema_digest() { return digest_of(expected_schema()); }

void check_schema(SQLite::Database& db, const stdfs::path& path) {
  const std::vector<SchemaRow> have = read_schema(db);
  // The usual case: exactly the schema interlink makes. Anything else (an
  // older format, ANALYZE's table, a foreign row) is judged row by row.
  if (digest_of(have) == kSchemaDigest) return;
  std::vector<SchemaRow> want = expected_schema();
  // A ledger of the first format has an unbound staged table, which a writer
  // replaces: accept it as it was.
  for (auto& r : want) {
    if (r.type != "table" || r.name != "staged") continue;
    for (const auto& h : have)
      if (h.type == "table" && h.name == "staged" && h.sql == staged::kLegacyTable) r.sql = h.sql;
  }
  for (const auto& h : have) {
    if (h.type == "table" && h.name == "sqlite_stat1") continue;  // ANALYZE's statistics: planner hints only
    auto it = std::find_if(want.begin(), want.end(),
                           [&](const SchemaRow& w) { return w.type == h.type && w.name == h.name; });
    if (it == want.end()) {
      foreign(path,
              fmt::format("it holds a {} that interlink does not make{}", describe(h),
                          h.table != h.name ? fmt::format(" (on '{}')", text::excerpt(text::printable(h.table))) : ""));
    }
    if (!(*it == h)) foreign(path, fmt::format("its {} is not as interlink makes it", describe(h)));
  }
  for (const auto& w : want) {
    // A missing append-only trigger is what tampering leaves: verify names it.
    if (w.type == "trigger") continue;
    if (std::find_if(have.begin(), have.end(),
                     [&](const SchemaRow& h) { return w.type == h.type && w.name == h.name; }) == have.end()) {
      foreign(path, fmt::format("it lacks its {}", describe(w)));
    }
  }
}

}  // namespace interlink::ledger::db
