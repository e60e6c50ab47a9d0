// See ledger.hpp. The one writer of ledger files: every write runs inside
// BEGIN IMMEDIATE, so concurrent interlink processes queue on SQLite's lock
// (busy timeout) instead of failing, and a change's events and its staged
// files commit together. Files are written after the commit, under the lock
// again, and any staged rows are applied first by the next writer: so a file
// is never written before its event exists, and never left behind it.
#include "ledger/ledger.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "ledger/impl.hpp"
#include "ledger/snapshot.hpp"
#include "ledger/staged.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::ledger {

namespace {

bool valid_kind(const std::string& kind) {
  if (kind.empty() || kind.size() > 64 || kind.find('.') == std::string::npos) return false;
  return std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// A staged path must name a file inside the project: relative, no "..".
void check_file_path(const std::string& path) {
  stdfs::path p(path);
  bool bad = path.empty() || p.is_absolute() || p.filename().empty();
  for (const auto& part : p)
    if (part == "..") bad = true;
  if (bad) os_failure(fmt::format("internal: a change names the file '{}', which is not inside the project", path));
}

void insert_event(SQLite::Database& db, const Event& e) { EventWriter(db).insert(e); }

void advance_heads(SQLite::Database& db, const std::string& hash, const std::vector<std::string>& parents) {
  EventWriter(db).advance_heads(hash, parents);
}

std::vector<std::string> read_heads(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement st(db, "SELECT hash FROM heads ORDER BY hash");
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

std::string random_suffix() {
  std::random_device rd;
  return fmt::format("{:08x}", rd());
}

Event root_event(const std::string& actor, const Json& payload, const std::string& project_id) {
  Event e;
  e.time = clock::now_iso();
  e.actor = actor;
  e.kind = "project.created";
  e.subject = project_id;
  e.payload = payload.is_null() ? Json::object() : payload;
  e.hash = compute_hash(e);
  return e;
}

void remove_quietly(const stdfs::path& p) {
  std::error_code ec;
  stdfs::remove(p, ec);
  stdfs::remove(stdfs::path(p.string() + "-journal"), ec);
}

}  // namespace

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

void check_actor(const std::string& actor) {
  const char* hint = "give a plain name with --actor NAME or INTERLINK_ACTOR";
  if (actor.empty()) bad_usage("the actor's name is empty", hint);
  if (!text::valid_utf8(actor) || text::has_control(actor)) {
    bad_usage(fmt::format("the actor's name '{}' holds a control character or bytes that are not UTF-8",
                          text::excerpt(text::printable(actor))),
              hint);
  }
  if (actor.size() > 200) bad_usage("the actor's name is longer than 200 bytes", hint);
}

Ledger Ledger::create(const stdfs::path& db_path, const std::string& actor, const Json& created_payload,
                      const std::string& project_id, const std::vector<FileChange>& files) {
  check_actor(actor);
  std::error_code ec;
  if (stdfs::exists(stdfs::symlink_status(db_path, ec))) {
    refuse(fmt::format("{}: a ledger already exists", db_path.string()), "interlink never overwrites a ledger");
  }
  Event root = root_event(actor, created_payload, project_id);
  stdfs::path dir = db_path.parent_path();
  if (!dir.empty()) stdfs::create_directories(dir, ec);
  // Built whole under a temporary name, then linked into place: another
  // process never sees a half-made ledger, and link() refuses to overwrite.
  stdfs::path tmp =
      (dir.empty() ? stdfs::path(".") : dir) / fmt::format(".{}.new-{}", db_path.filename().string(), random_suffix());
  try {
    db::guard(tmp, [&] {
      SQLite::Database db(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, db::busy_timeout_ms());
      db::set_write_pragmas(db);
      db::WriteTxn txn(db, tmp);
      db::create_schema(db);
      insert_event(db, root);
      advance_heads(db, root.hash, {});
      staged::stage(db, files, root.hash);
      txn.commit();
    });
  } catch (...) {
    remove_quietly(tmp);
    throw;
  }
  if (::link(tmp.c_str(), db_path.c_str()) != 0) {
    int err = errno;
    remove_quietly(tmp);
    if (err == EEXIST) refuse(fmt::format("{}: a ledger already exists", db_path.string()));
    os_failure(fmt::format("cannot create {}: {}", db_path.string(), std::strerror(err)));
  }
  remove_quietly(tmp);
  fs::sync_dir(dir);
  note_recorded();
  return open(db_path, Mode::read_write);
}

Ledger Ledger::open(const stdfs::path& db_path, Mode mode) {
  const bool write = mode != Mode::read_only;
  auto impl = std::make_unique<Impl>(db_path, db::open(db_path, write), mode);
  if (mode == Mode::read_write) {
    // Only commands that write open read_write: checks never apply the stage.
    db::guard(db_path, [&] {
      // Cheap check first: a read needs no write lock.
      auto nothing_staged = [&] {
        return impl->db.execAndGet("SELECT count(*) FROM staged").getInt() == 0 && !staged::is_legacy(impl->db);
      };
      if (nothing_staged()) return;
      {
        // Rows are staged while a writer is in the middle of its change,
        // holding the change lock: wait for it to end, then look again. The
        // wait is shared, so that the commands opening meanwhile do not
        // queue on each other: waiting exclusively, as each one did, made a
        // third of 8 concurrent writers' exclusive locks empty ones, in the
        // lock every writer's change waits for (issue 10).
        ChangeLock change_over(db_path, false);
        if (nothing_staged()) return;
      }
      // Still staged with no change under way: left by a writer killed
      // between its commit and its files. Write them, exclusively (staged::
      // apply writes what is left when the lock is obtained).
      ChangeLock lock(db_path, true);
      db::WriteTxn txn(impl->db, db_path);
      staged::apply(impl->db, db_path.parent_path().empty() ? stdfs::path(".") : db_path.parent_path(), db_path,
                    staged::Rows::left);
      staged::upgrade(impl->db);
      txn.commit();
    });
  }
  return Ledger(std::move(impl));
}

Ledger Ledger::open_memory(const std::string& actor, const std::string& project_id) {
  const stdfs::path name(":memory:");
  return db::guard(name, [&] {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db::create_schema(db);
    Event root = root_event(actor, Json::object(), project_id);
    insert_event(db, root);
    advance_heads(db, root.hash, {});
    return Ledger(std::make_unique<Impl>(name, std::move(db), Mode::read_write));
  });
}

stdfs::path Ledger::root() const {
  if (impl_->path == ":memory:") return {};
  auto dir = impl_->path.parent_path();
  return dir.empty() ? stdfs::path(".") : dir;
}

const stdfs::path& Ledger::path() const { return impl_->path; }

namespace {
CommitWatch* g_commit_watch = nullptr;
bool g_recorded = false;  // see recorded_in_this_process()
}  // namespace

void set_commit_watch(CommitWatch* watch) { g_commit_watch = watch; }

bool recorded_in_this_process() { return g_recorded; }

void note_recorded() { g_recorded = true; }

std::vector<Event> Ledger::commit(const std::string& actor, const std::function<Change(const Ledger&)>& build) {
  check_actor(actor);
  if (impl_->mode == Mode::read_only) os_failure("internal: commit on a ledger opened read-only");
  auto& db = impl_->db;
  const auto& path = impl_->path;
  std::vector<Event> added;
  bool has_files = false;
  std::function<void()> watched;  // what the watch runs once all is written
  long long version = 0;          // PRAGMA data_version when the watch was asked
  // Held from the first transaction to the files written and the stage
  // cleared, so that readers taking a snapshot never see half a change.
  ChangeLock lock(path, true);
  db::guard(path, [&] {
    db::WriteTxn txn(db, path);
    if (g_commit_watch && impl_->mode == Mode::read_write) {
      version = db.execAndGet("PRAGMA data_version").getInt64();
      watched = g_commit_watch->before(*this);
    }
    // A change committed by a writer that has not yet written its files (or
    // was killed) lands first, so that build() sees the files as they are.
    if (impl_->mode == Mode::read_write) staged::apply(db, root(), path, staged::Rows::left);
    Change change = build(*this);
    std::vector<std::string> parents = read_heads(db);
    if (parents.empty() && !change.events.empty()) os_failure("internal: the ledger has no head event");
    const std::string now = clock::now_iso();
    EventWriter writer(db);
    for (auto& ne : change.events) {
      if (!valid_kind(ne.kind)) os_failure(fmt::format("internal: '{}' is not a valid event kind", ne.kind));
      if (ne.kind == "project.created") os_failure("internal: only a new ledger records project.created");
      // {} in a brace-initialised NewEvent is JSON null: take it as no payload.
      Event e{
          {}, parents, now, actor, ne.kind, ne.subject, ne.payload.is_null() ? Json::object() : std::move(ne.payload)};
      std::sort(e.parents.begin(), e.parents.end());
      e.hash = compute_hash(e);
      writer.insert(e);
      writer.advance_heads(e.hash, e.parents);
      parents = {e.hash};
      added.push_back(std::move(e));
    }
    if (!change.files.empty() && added.empty()) os_failure("internal: a change that writes files records no event");
    for (const auto& f : change.files) check_file_path(f.path);
    // Before the commit: "both or neither" holds only if the files can be
    // written once the events are recorded.
    if (!root().empty()) staged::require_writable(root(), change.files);
    staged::stage(db, change.files, added.empty() ? std::string() : added.back().hash);
    has_files = !change.files.empty();
    txn.commit();
  });
  note_recorded();
  if (has_files) {
    try {
      db::guard(path, [&] {
        db::WriteTxn txn(db, path);
        staged::apply(db, root(), path, staged::Rows::own);
        txn.commit();
      });
    } catch (const Error& e) {
      // The change is recorded; only its files wait. Say so, rather than the
      // "nothing was changed" of a failure before the commit.
      throw Error(e.status(),
                  "the change was recorded in the ledger, but its files could not be written yet: " + e.message(),
                  "the next interlink command that writes will write them");
    }
  }
  if (watched) {
    // Under a read lock, so that no other connection commits meanwhile, and
    // only if none committed since the watch was asked (data_version moves
    // for every other connection's commit, never for this one's).
    try {
      db::guard(path, [&] {
        db.exec("BEGIN");
        try {
          (void)db.execAndGet("SELECT count(*) FROM heads");
          if (db.execAndGet("PRAGMA data_version").getInt64() == version) watched();
        } catch (...) {
          db.exec("ROLLBACK");
          throw;
        }
        db.exec("COMMIT");
      });
    } catch (...) {  // NOLINT(bugprone-empty-catch): a watch is best-effort
    }
  }
  return added;
}

std::vector<Event> Ledger::append(const std::string& actor, Change change) {
  return commit(actor, [&change](const Ledger&) { return std::move(change); });
}

std::vector<std::string> Ledger::heads() const {
  return db::guard(impl_->path, [&] { return read_heads(impl_->db); });
}

std::vector<FileChange> Ledger::staged() const {
  return db::guard(impl_->path, [&] {
    std::vector<FileChange> out;
    for (auto& r : staged::read(impl_->db)) out.push_back({std::move(r.path), std::move(r.content)});
    return out;
  });
}

std::string Ledger::root_hash() const {
  return db::guard(impl_->path, [&]() -> std::string {
    // Parents come before children, so the root is the first row.
    SQLite::Statement st(impl_->db, "SELECT hash, parents FROM events ORDER BY seq LIMIT 1");
    if (!st.executeStep() || st.getColumn(1).getString() != "[]") return {};
    return st.getColumn(0).getString();
  });
}

}  // namespace interlink::ledger
