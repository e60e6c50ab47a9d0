// The SQLite ledger (SPEC §5): an append-only, hash-linked log of events.
//
// File format: table `events(seq, hash, parents, time, actor, kind, subject,
// payload)`; `seq` is this copy's insertion order and is not hashed. Triggers
// forbid UPDATE and DELETE on events. `heads` caches the current heads (events
// no other event names as parent); verify recomputes it. `staged` holds file
// changes that belong to the transaction that appended events (see commit()).
// PRAGMA application_id = kApplicationId, user_version = kFormatVersion;
// rollback journal (never WAL: the file is committed to git), synchronous=FULL.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/event.hpp"

namespace interlink::ledger {

namespace stdfs = std::filesystem;

inline constexpr int kApplicationId = 0x494C4E4B;  // "ILNK"
inline constexpr int kFormatVersion = 1;
inline constexpr int kBusyTimeoutMs = 10000;

// A change to a project file (path relative to the project root) that must
// land together with the events of the same commit. content == nullopt
// deletes the file.
struct FileChange {
  std::string path{};
  std::optional<std::string> content{};
};

// What one command records: its events (appended in order, each the child of
// the one before; the first takes all current heads as parents) and the files
// it writes.
struct Change {
  std::vector<NewEvent> events{};
  std::vector<FileChange> files{};
};

// Filters for read(); empty fields do not filter. Every member has a default
// so that designated initializers may name only some ({.kind = "..."}).
struct Query {
  std::string kind{};     // exact kind, or a prefix ending in '.' ("stakeholder.")
  std::string subject{};  // exact subject
  std::string since{};    // ISO date or time; events at or after it
  long limit = -1;        // newest first when limit >= 0
  bool newest_first = false;
  long long after_seq = 0;  // only events appended after this seq (see Record::seq)
};

// An event as stored, its texts unparsed: what scan() streams. `seq` is this
// copy's insertion order (not hashed; another copy numbers differently).
// Ledger::parse() and Ledger::payload() parse it when a caller needs more.
struct Record {
  long long seq = 0;
  std::string hash, parents, time, actor, kind, subject, payload;
};

// A Record's texts where they lie (SQLite's row buffer, or a Record): what
// verify hands on without copying, valid only during the call that gives it.
struct RecordView {
  long long seq = 0;
  std::string_view hash, parents, time, actor, kind, subject, payload;
};

// Refuses (exit 2) an actor no reader could trust to be one name on one
// line: empty, not UTF-8, longer than 200 bytes, or holding a control
// character (a newline would forge an event line in `log` and `git diff`;
// an escape sequence would drive the reader's terminal).
void check_actor(const std::string& actor);

class Ledger;

// Something that must follow every change commit() makes to a ledger file,
// under its change lock: what keeps `verify`'s mark of a ledger with
// interlink's own writes (process/verified.hpp), without lib/ledger knowing
// of it. The program sets one (cmd/app.cpp); tests may set their own.
class CommitWatch {
 public:
  virtual ~CommitWatch() = default;
  // Called inside the write transaction before the change touches the file
  // (nothing of it is written yet). Returns what to call once the change
  // and its files are written. commit() calls it still under its change
  // lock, inside a read transaction (so no other connection can commit
  // meanwhile), and only if no other connection committed since before()
  // was asked (PRAGMA data_version): the file then holds this change on top
  // of what before() saw, and nothing else written through SQLite. A
  // watch is best-effort: neither may throw, and commit() ignores a throw.
  virtual std::function<void()> before(const Ledger& led) noexcept = 0;
};
// Sets the watch of every commit() of this process (nullptr: none).
void set_commit_watch(CommitWatch* watch);

// True once this process has recorded something in a ledger (a commit(), a
// create(), a merge_from() that added events): what a failure after it
// must not deny (cmd/std_streams.cpp says the change was made even when
// its confirmation could not be printed).
bool recorded_in_this_process();

class Ledger {
 public:
  // read_write_as_is opens for writing without applying staged changes: for
  // git's merge driver, which works on a temporary copy outside the project.
  enum class Mode { read_only, read_write, read_write_as_is };

  // Creates a new ledger file (refuses if it exists) holding the first event,
  // project.created, with no parents.
  static Ledger create(const stdfs::path& db_path, const std::string& actor, const Json& created_payload,
                       const std::string& project_id, const std::vector<FileChange>& files = {});
  // Opens an existing ledger. Refuses (exit 3) a file that is missing, not
  // SQLite, foreign (application_id) or of a newer format (user_version).
  // In read_write mode, first applies changes staged by a killed command;
  // rows staged by a change under way it waits for, sharing the change lock.
  static Ledger open(const stdfs::path& db_path, Mode mode = Mode::read_write);
  // Opens an in-memory ledger holding only a project.created event (tests);
  // it cannot commit file changes.
  static Ledger open_memory(const std::string& actor = "tester", const std::string& project_id = "test");

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  ~Ledger();

  // The one entry point that appends. Inside BEGIN IMMEDIATE (busy timeout
  // kBusyTimeoutMs; exit 4 if the lock is not obtained), calls build() — which
  // may read the ledger and the files and refuse by throwing — then inserts
  // its events with current heads as parents and stages its files, commits,
  // and finally writes the files atomically and clears the stage. A kill at
  // any instant leaves either nothing or a committed change whose files the
  // next open() applies. Returns the appended events.
  std::vector<Event> commit(const std::string& actor, const std::function<Change(const Ledger&)>& build);
  // Convenience: commit a fixed change.
  std::vector<Event> append(const std::string& actor, Change change);

  // Appends every event of theirs that this ledger lacks, with its hash and
  // parents as they are, in theirs' order (parents before children), and
  // updates the heads: the merge behind `ledger merge`. Both ledgers must
  // already verify: the events lacking are found by walking back from
  // their heads to the first events this ledger holds, which relies on
  // every event being a head or an ancestor of one, and on this ledger
  // holding the ancestors of what it holds (merge.cpp). Refuses (exit 1)
  // ledgers of different projects (different roots). Returns the number of
  // events added.
  long merge_from(const Ledger& theirs);

  // Streams the events that match q to fn, oldest first by default (seq
  // order), filtering in SQL; nothing is parsed. One statement: one snapshot.
  void scan(const Query& q, const std::function<void(const Record&)>& fn) const;
  // Reads the matching events parsed into a vector: for small results only
  // (prefer scan() for anything that may grow with the ledger).
  [[nodiscard]] std::vector<Event> read(const Query& q = {}) const;
  // A streamed record parsed whole, or only its payload. Throw
  // Error(unreadable) naming the event if its texts are not valid JSON.
  [[nodiscard]] Event parse(const Record& r) const;
  [[nodiscard]] Event parse(const RecordView& r) const;
  [[nodiscard]] Json payload(const Record& r) const;
  // The event stored at this seq. Throws Error(refused) if there is none.
  [[nodiscard]] Record record(long long seq) const;
  // The event whose hash is exactly this one, with its seq; nullopt if none.
  [[nodiscard]] std::optional<Record> record_of(const std::string& hash) const;
  // The seq of the newest event (0 for none): a cheap change marker.
  [[nodiscard]] long long last_seq() const;
  // Calls fn for every event in seq order without holding them all in memory.
  void for_each(const std::function<void(const Event&)>& fn) const;
  // The event whose hash is, or starts with, the given lowercase hex (at
  // least 4 digits); nullopt if none. Refuses an ambiguous prefix.
  [[nodiscard]] std::optional<Event> find(const std::string& hash_or_prefix) const;
  // The hashes of the events of this kind whose hash starts with the given
  // hex digits, sorted, at most `limit` of them: one range of the hash index
  // (how `--addresses fb-…` finds a feedback item without the whole state).
  // Empty for a prefix that is not lowercase hex.
  [[nodiscard]] std::vector<std::string> hashes_with_prefix(std::string_view kind, const std::string& prefix,
                                                            int limit) const;
  // The current heads (events no other event names as parent), sorted, as
  // cached in the heads table.
  [[nodiscard]] std::vector<std::string> heads() const;
  [[nodiscard]] long count() const;
  // The distinct kinds of the events, sorted: one index seek per kind.
  [[nodiscard]] std::vector<std::string> kinds() const;
  // The file changes committed but not yet written (normally none: only after
  // a command was killed between its commit and its file writes).
  [[nodiscard]] std::vector<FileChange> staged() const;
  // Hash of the project.created event ("" if none): identifies the project.
  [[nodiscard]] std::string root_hash() const;
  [[nodiscard]] const stdfs::path& path() const;
  // The folder that holds ledger.db: file changes are relative to it. Their
  // paths must be relative and stay inside it (no "..").
  [[nodiscard]] stdfs::path root() const;

  struct Impl;

 private:
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True if the events after `seq` are one chain starting from `heads` (one
// head): each names the one before as its only parent. What a cache kept
// for this ledger at `seq` asks before it is carried over the events
// appended since (process/load.cpp, stakeholders/name_index.cpp); a ledger
// replaced by another copy (git checkout, a merge) fails it.
bool extends_chain(const Ledger& led, long long seq, const std::vector<std::string>& heads);

}  // namespace interlink::ledger
