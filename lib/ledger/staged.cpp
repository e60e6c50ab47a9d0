// See staged.hpp.
#include "ledger/staged.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ledger/event.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::ledger::staged {

namespace {

constexpr const char* kRemoved = "removed";

// Rows another command left staged, which this one cannot write either:
// every command that writes stops here until the cause is fixed, so the
// error names the change that waits (its files and event) and the cause,
// not only the temporary file that could not be made.
[[noreturn]] void left_unwritable(SQLite::Database& db, const std::vector<Row>& rows, const Error& cause) {
  std::string event = short_id(rows.front().event);
  SQLite::Statement q(db, "SELECT kind, subject FROM events WHERE hash = ?");
  q.bind(1, rows.front().event);
  if (q.executeStep()) {
    event += fmt::format(" ({} '{}')", q.getColumn(0).getString(), text::printable(q.getColumn(1).getString()));
  }
  const std::string files = rows.size() == 1
                                ? fmt::format("its file {} is", rows.front().path)
                                : fmt::format("its files {} and {} more are", rows.front().path, rows.size() - 1);
  throw Error(cause.status(),
              fmt::format("an earlier change, event {}, is recorded in the ledger but {} not written yet, and "
                          "cannot be: {}",
                          event, files, cause.message()),
              "this command changed nothing: fix the cause, then run any interlink command that writes; it "
              "writes those files first");
}

}  // namespace

bool is_project_file(std::string_view path) {
  if (path == "interlink.yaml") return true;
  constexpr std::string_view dir = "stakeholders/", ext = ".yaml";
  if (path.size() <= dir.size() + ext.size() || path.substr(0, dir.size()) != dir ||
      path.substr(path.size() - ext.size()) != ext) {
    return false;
  }
  return text::is_slug(path.substr(dir.size(), path.size() - dir.size() - ext.size()));
}

std::string content_hash(const std::optional<std::string>& content) {
  return content ? sha256_hex(*content) : std::string(kRemoved);
}

bool is_legacy(SQLite::Database& db) {
  SQLite::Statement st(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'staged'");
  return st.executeStep() && st.getColumn(0).getString() == kLegacyTable;
}

void upgrade(SQLite::Database& db) {
  if (!is_legacy(db) || db.execAndGet("SELECT count(*) FROM staged").getInt() != 0) return;
  db.exec("DROP TABLE staged");
  db.exec(kTable);
}

std::vector<Row> read(SQLite::Database& db) {
  std::vector<Row> out;
  const bool legacy = is_legacy(db);
  SQLite::Statement st(db, legacy ? "SELECT path, content, '', '' FROM staged ORDER BY path"
                                  : "SELECT path, content, event, sha256 FROM staged ORDER BY path");
  while (st.executeStep()) {
    Row r{st.getColumn(0).getString(), std::nullopt, st.getColumn(2).getString(), st.getColumn(3).getString()};
    if (!st.getColumn(1).isNull()) {
      const auto& c = st.getColumn(1);
      r.content = std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
    }
    out.push_back(std::move(r));
  }
  return out;
}

void stage(SQLite::Database& db, const std::vector<FileChange>& files, const std::string& event) {
  if (files.empty()) return;
  upgrade(db);
  SQLite::Statement st(db, "INSERT OR REPLACE INTO staged(path, content, event, sha256) VALUES (?, ?, ?, ?)");
  for (const auto& f : files) {
    if (!is_project_file(f.path)) {
      os_failure(fmt::format("internal: a change names the file '{}', which interlink does not write", f.path));
    }
    st.bind(1, f.path);
    if (f.content) {
      st.bind(2, f.content->data(), static_cast<int>(f.content->size()));
    } else {
      st.bind(2);
    }
    st.bind(3, event);
    st.bind(4, content_hash(f.content));
    st.exec();
    st.reset();
  }
}

void require_writable(const stdfs::path& root, const std::vector<FileChange>& files) {
  std::vector<std::string_view> folders;
  for (const auto& f : files) {
    const std::string_view path = f.path;
    const auto slash = path.rfind('/');
    const std::string_view folder = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
    if (std::find(folders.begin(), folders.end(), folder) != folders.end()) continue;
    folders.push_back(folder);
    fs::require_writable_beneath(root, folder);
  }
}

std::string problem(SQLite::Database& db, const Row& r) {
  const std::string path = text::excerpt(text::printable(r.path));
  if (!is_project_file(r.path)) {
    return fmt::format(
        "the staged file '{}' is not one interlink writes (only interlink.yaml and "
        "stakeholders/<id>.yaml): the ledger was crafted to write elsewhere",
        path);
  }
  if (!is_hash(r.event)) {
    return fmt::format("the staged file '{}' is bound to no event: it was not staged by this interlink", path);
  }
  SQLite::Statement has(db, "SELECT 1 FROM events WHERE hash = ?");
  has.bind(1, r.event);
  if (!has.executeStep()) {
    return fmt::format("the staged file '{}' belongs to event {}, which the ledger does not hold", path,
                       short_id(r.event));
  }
  if (content_hash(r.content) != r.sha256) {
    return fmt::format("the staged file '{}' does not match the hash it was staged with (it was changed)", path);
  }
  return {};
}

void apply(SQLite::Database& db, const stdfs::path& root, const stdfs::path& db_path, Rows whose) {
  auto rows = read(db);
  if (rows.empty()) return;
  if (root.empty()) os_failure("internal: an in-memory ledger cannot write files");
  std::vector<std::pair<std::string, std::optional<std::string>>> batch;
  std::vector<std::string> paths;
  batch.reserve(rows.size());
  for (auto& r : rows) {
    if (std::string p = problem(db, r); !p.empty()) {
      unreadable(p + "; nothing was written", SourcePos{db_path.string()},
                 "restore ledger.db from a copy you trust, then run 'interlink verify'");
    }
    paths.push_back(r.path);
    batch.emplace_back(r.path, std::move(r.content));
  }
  // The stage stays until the batch has returned: a crash midway is repaired
  // by the next writer applying the same rows again.
  try {
    fs::write_files_atomic(root, batch);
    if (whose == Rows::left) fs::remove_temps_of(root, paths);
  } catch (const Error& e) {
    if (whose == Rows::own) throw;  // Ledger::commit says that its change was recorded
    left_unwritable(db, rows, e);
  }
  db.exec("DELETE FROM staged");
}

std::vector<std::string> dump_lines(SQLite::Database& db) {
  std::vector<std::string> out;
  for (const auto& r : read(db)) {
    out.push_back(fmt::format("staged {} {} event {} {}", text::printable(r.path),
                              text::printable(r.sha256.empty() ? "-" : r.sha256),
                              r.event.empty() ? "-" : text::printable(short_id(r.event, 12)),
                              r.content ? text::printable(*r.content) : "(removed)"));
  }
  return out;
}

}  // namespace interlink::ledger::staged
