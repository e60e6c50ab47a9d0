// See private_store.hpp.
#include "stakeholders/private_store.hpp"

#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "ledger/ledger.hpp"
#include "privacy/screen.hpp"
#include "stakeholders/private_store_folder.hpp"
#include "stakeholders/private_store_sql.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/unicode.hpp"

namespace interlink::stakeholders {

struct PrivateStore::Impl {
  stdfs::path path;                    // "" for memory
  std::optional<SQLite::Database> db;  // nullopt: a reader of a store not yet created
  bool keyed = false;                  // contacts has the name_key column (see person_names_in)
  bool recover = true;                 // false: open_to_check(), which never writes (guard)
};

namespace {

// Runs f, translating SQLite errors and rolling back a write a killed
// command left (store_sql::guard): every use of the store goes through it.
template <class F>
auto guard(const PrivateStore::Impl& impl, F&& f) -> decltype(f()) {
  return store_sql::guard(impl.path, impl.recover, f);
}

void set_pragmas(SQLite::Database& db) {
  // secure_delete: deleted content is overwritten with zeros; DELETE journal:
  // no journal file outlives a transaction; FULL: a commit survives a crash.
  db.exec("PRAGMA secure_delete=ON");
  db.exec("PRAGMA journal_mode=DELETE");
  db.exec("PRAGMA synchronous=FULL");
}

bool has_column(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT count(*) FROM pragma_table_info('contacts') WHERE name = ?");
  q.bind(1, name);
  return q.executeStep() && q.getColumn(0).getInt() > 0;
}

// Each name's key (privacy::name_key) in an indexed column. Its default ''
// makes a row a candidate for every text: a row written by an interlink that
// knows no key (INSERT OR REPLACE of the whole row) is screened, only slower.
// Partial: the rows without a name (organisations, groups) are not in it, or
// the search for the key "" would visit each of them.
constexpr const char* kKeyIndex =
    "CREATE INDEX IF NOT EXISTS contacts_named_key ON contacts (name_key) WHERE name != ''";

// The rows resolve_pending() looks for under every write's lock: without an
// index, a scan of every contact (4.2 M instructions on 10,000, callgrind of
// add-stakeholder on the 1m bench project).
constexpr const char* kPendingIndex = "CREATE INDEX IF NOT EXISTS contacts_pending ON contacts (id) WHERE pending = 1";

// Gives every row its key (a store made before the column existed).
void fill_keys(SQLite::Database& db) {
  std::vector<std::pair<std::string, std::string>> rows;
  SQLite::Statement q(db, "SELECT id, name FROM contacts WHERE name != ''");
  while (q.executeStep()) rows.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
  SQLite::Statement u(db, "UPDATE contacts SET name_key = ? WHERE id = ?");
  for (const auto& [id, name] : rows) {
    u.bind(1, privacy::name_key(name));
    u.bind(2, id);
    u.exec();
    u.reset();
  }
}

// Creates the schema in an empty database, or checks an existing one (and
// brings it up to date when writing). True if contacts has name_key.
bool create_or_check_schema(SQLite::Database& db, const stdfs::path& path, bool write) {
  int app = db.execAndGet("PRAGMA application_id").getInt();
  int version = db.execAndGet("PRAGMA user_version").getInt();
  bool has_table = db.tableExists("contacts");
  if (app == 0 && version == 0 && !has_table) {
    SQLite::Transaction t(db);
    db.exec(fmt::format("PRAGMA application_id={}", kPrivateApplicationId));
    db.exec(fmt::format("PRAGMA user_version={}", kPrivateFormatVersion));
    db.exec(
        "CREATE TABLE contacts (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', "
        "email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', pending INTEGER NOT NULL DEFAULT 0, "
        "name_key TEXT NOT NULL DEFAULT '') WITHOUT ROWID");
    db.exec(kKeyIndex);
    db.exec(kPendingIndex);
    t.commit();
    return true;
  }
  if (app != kPrivateApplicationId || !has_table) {
    unreadable(fmt::format("{} is not an interlink private store", path.string()), {},
               "move it away: interlink keeps personal contact data in .interlink/private.db");
  }
  if (version > kPrivateFormatVersion) {
    unreadable(fmt::format("{} was written by a newer interlink (format {}; this one reads {})", path.string(), version,
                           kPrivateFormatVersion),
               {}, "upgrade interlink");
  }
  // Stores made before contacts had a pending mark (never released, but they
  // exist on development machines) gain the column on their first write.
  if (write && !has_column(db, "pending"))
    db.exec("ALTER TABLE contacts ADD COLUMN pending INTEGER NOT NULL DEFAULT 0");
  // Stores made before names had a key gain it on their first write.
  if (write && !has_column(db, "name_key")) {
    // Immediate: two writers that both saw no column must not both add it.
    SQLite::Transaction t(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (!has_column(db, "name_key")) {
      db.exec("ALTER TABLE contacts ADD COLUMN name_key TEXT NOT NULL DEFAULT ''");
      fill_keys(db);
    }
    t.commit();
  }
  if (write && has_column(db, "name_key")) db.exec(kKeyIndex);  // a no-op once it exists
  if (write) db.exec(kPendingIndex);
  return has_column(db, "name_key");
}

}  // namespace

stdfs::path PrivateStore::path_for(const stdfs::path& root) { return root / ".interlink" / "private.db"; }

PrivateStore::PrivateStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrivateStore::PrivateStore(PrivateStore&&) noexcept = default;
PrivateStore& PrivateStore::operator=(PrivateStore&&) noexcept = default;
PrivateStore::~PrivateStore() = default;

PrivateStore PrivateStore::open(const stdfs::path& root, bool write) { return open(root, write, true); }

PrivateStore PrivateStore::open_to_check(const stdfs::path& root) { return open(root, false, false); }

PrivateStore PrivateStore::open(const stdfs::path& root, bool write, bool recover) {
  auto impl = std::make_unique<Impl>();
  impl->path = path_for(root);
  impl->recover = recover;
  detail::check_private_layout(root);
  std::error_code ec;
  // A file of zero bytes is one whose creation was cut short: nothing in it.
  if (!write && (!stdfs::exists(impl->path, ec) || stdfs::file_size(impl->path, ec) == 0)) {
    return PrivateStore(std::move(impl));
  }
  if (write) detail::create_private_folder(root);
  guard(*impl, [&] {
    impl->db.emplace(impl->path.string(),
                     (write ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY) | SQLITE_OPEN_NOFOLLOW,
                     ledger::kBusyTimeoutMs);
    if (write) set_pragmas(*impl->db);
    // Read only: the checks in one read transaction, not a round of POSIX
    // locks each (seven, in the change lock of every add-stakeholder on a
    // project with a store: strace, issue 10). Writing, the checks may take
    // a write transaction of their own. On a throw the connection closes,
    // which ends the transaction.
    if (!write) impl->db->exec("BEGIN");
    impl->keyed = create_or_check_schema(*impl->db, impl->path, write);
    if (!write) impl->db->exec("COMMIT");
  });
  return PrivateStore(std::move(impl));
}

PrivateStore PrivateStore::open_memory() {
  auto impl = std::make_unique<Impl>();
  impl->db.emplace(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  impl->db->exec("PRAGMA secure_delete=ON");
  impl->keyed = create_or_check_schema(*impl->db, ":memory:", true);
  return PrivateStore(std::move(impl));
}

std::optional<Contact> PrivateStore::get(const std::string& id) const {
  if (!impl_->db) return std::nullopt;
  return guard(*impl_, [&]() -> std::optional<Contact> {
    SQLite::Statement q(*impl_->db, "SELECT name, email, phone FROM contacts WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return Contact{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()};
  });
}

std::map<std::string, Contact> PrivateStore::all() const {
  std::map<std::string, Contact> out;
  if (!impl_->db) return out;
  guard(*impl_, [&] {
    out.clear();  // guard() may run this twice
    SQLite::Statement q(*impl_->db, "SELECT id, name, email, phone FROM contacts");
    while (q.executeStep()) {
      out[q.getColumn(0).getString()] =
          Contact{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()};
    }
  });
  return out;
}

std::vector<std::string> PrivateStore::person_names() const {
  std::vector<std::string> out;
  if (!impl_->db) return out;
  guard(*impl_, [&] {
    out.clear();  // guard() may run this twice
    SQLite::Statement q(*impl_->db, "SELECT DISTINCT name FROM contacts WHERE name != '' ORDER BY name");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  });
  return out;
}

std::vector<std::string> PrivateStore::person_names_in(std::string_view text) const {
  std::vector<std::string> out;
  if (!impl_->db) return out;
  guard(*impl_, [&] {
    out.clear();  // guard() may run this twice
    if (impl_->keyed) {
      // Candidates: the names whose key is a word of the text, or "".
      auto keys = privacy::word_keys(text);
      keys.emplace_back();
      SQLite::Statement q(*impl_->db,
                          "SELECT DISTINCT name FROM contacts WHERE name != '' AND "
                          "name_key IN (SELECT value FROM json_each(?1)) ORDER BY name");
      q.bind(1, nlohmann::json(keys).dump());
      while (q.executeStep()) out.push_back(q.getColumn(0).getString());
      return;
    }
    // A store without keys: for a name of printable ASCII, folding is
    // lowercasing, and a name found in the text has its first word, folded,
    // in the folded text; any other name is always a candidate.
    SQLite::Statement q(*impl_->db,
                        "SELECT DISTINCT name FROM contacts WHERE name != '' AND (name GLOB '*[^ -~]*' OR "
                        "instr(?1, lower(substr(trim(name), 1, instr(trim(name) || ' ', ' ') - 1))) > 0) "
                        "ORDER BY name");
    q.bind(1, text::fold(text));
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  });
  return out;
}

void PrivateStore::put(const std::string& id, const Contact& c, bool pending) {
  if (!impl_->db) os_failure("the private store was opened read-only");
  guard(*impl_, [&] {
    if (c.empty()) {
      SQLite::Statement q(*impl_->db, "DELETE FROM contacts WHERE id = ?");
      q.bind(1, id);
      q.exec();
      return;
    }
    SQLite::Statement q(*impl_->db, impl_->keyed
                                        ? "INSERT OR REPLACE INTO contacts (id, name, email, phone, pending, name_key) "
                                          "VALUES (?, ?, ?, ?, ?, ?)"
                                        : "INSERT OR REPLACE INTO contacts (id, name, email, phone, pending) "
                                          "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, id);
    q.bind(2, c.name);
    q.bind(3, c.email);
    q.bind(4, c.phone);
    q.bind(5, pending ? 1 : 0);
    if (impl_->keyed) q.bind(6, privacy::name_key(c.name));
    q.exec();
  });
}

void PrivateStore::confirm(const std::vector<std::string>& ids) {
  if (!impl_->db || ids.empty()) return;
  guard(*impl_, [&] {
    Transaction tx(*this);
    SQLite::Statement q(*impl_->db, "UPDATE contacts SET pending = 0 WHERE id = ?");
    for (const auto& id : ids) {
      q.bind(1, id);
      q.exec();
      q.reset();
    }
    tx.commit();
  });
}

void PrivateStore::discard(const std::vector<std::string>& ids) {
  if (!impl_->db || ids.empty()) return;
  guard(*impl_, [&] {
    {
      Transaction tx(*this);
      SQLite::Statement q(*impl_->db, "DELETE FROM contacts WHERE id = ? AND pending = 1");
      for (const auto& id : ids) {
        q.bind(1, id);
        q.exec();
        q.reset();
      }
      tx.commit();
    }
    impl_->db->exec("VACUUM");
  });
}

bool PrivateStore::has_pending() const {
  if (!impl_->db) return false;
  return guard(*impl_, [&] {
    if (!has_column(*impl_->db, "pending")) return true;
    SQLite::Statement q(*impl_->db, "SELECT 1 FROM contacts WHERE pending = 1 LIMIT 1");
    return q.executeStep();
  });
}

void PrivateStore::resolve_pending(const std::function<bool(const std::string&)>& committed) {
  if (!impl_->db) return;
  std::vector<std::string> pending;
  guard(*impl_, [&] {
    pending.clear();  // guard() may run this twice
    SQLite::Statement q(*impl_->db, "SELECT id FROM contacts WHERE pending = 1");
    while (q.executeStep()) pending.push_back(q.getColumn(0).getString());
  });
  if (pending.empty()) return;
  std::vector<std::string> keep, drop;
  for (const auto& id : pending) (committed(id) ? keep : drop).push_back(id);
  confirm(keep);
  discard(drop);
}

bool PrivateStore::erase(const std::string& id) {
  if (!impl_->db) return false;
  return guard(*impl_, [&] {
    SQLite::Statement q(*impl_->db, "DELETE FROM contacts WHERE id = ?");
    q.bind(1, id);
    bool existed = q.exec() > 0;
    // The overwritten row may still sit in a free page or in a page SQLite
    // moved; VACUUM rebuilds the file from live rows only and truncates it.
    impl_->db->exec("VACUUM");
    return existed;
  });
}

PrivateStore::Transaction::Transaction(PrivateStore& store) : store_(&store) {
  if (!store.impl_->db) os_failure("the private store was opened read-only");
  guard(*store.impl_, [&] { store.impl_->db->exec("BEGIN IMMEDIATE"); });
}

PrivateStore::Transaction::~Transaction() {
  if (done_) return;
  try {
    store_->impl_->db->exec("ROLLBACK");
  } catch (...) {  // nothing to do: SQLite rolls back a hot journal on the next open
  }
}

void PrivateStore::Transaction::commit() {
  guard(*store_->impl_, [&] { store_->impl_->db->exec("COMMIT"); });
  done_ = true;
}

}  // namespace interlink::stakeholders
