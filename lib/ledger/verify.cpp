// See verify.hpp. One pass over the rows in seq order, reading them as stored:
// each row must be in canonical form (so that any changed byte shows, even
// one that would leave the parsed object equal), its hash must match, its
// parents must come before it. Hashes are kept as 32-byte digests so that a
// million events fit in a few tens of megabytes.
#include "ledger/verify.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <future>
#include <optional>
#include <unordered_set>
#include <vector>

#include <sqlite3.h>

#include <fmt/format.h>

#include "ledger/canonical.hpp"
#include "ledger/db.hpp"
#include "ledger/event.hpp"
#include "ledger/ledger.hpp"
#include "ledger/row_print.hpp"
#include "ledger/snapshot.hpp"
#include "ledger/staged.hpp"
#include "util/beside.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"

namespace interlink::ledger {

namespace {

using Digest = std::array<unsigned char, 32>;

struct DigestHash {
  std::size_t operator()(const Digest& d) const noexcept {
    std::size_t h = 0;
    std::memcpy(&h, d.data(), sizeof h);
    return h;
  }
};

using HeadSet = std::unordered_set<Digest, DigestHash>;

// The digests of every event seen: an open-addressing table (linear probing,
// at most half full) in one array. std::unordered_set's node per digest made
// each lookup a chain of cache misses: 14% of verify's time on 1,000,000
// events (perf, issue 10). A digest is 32 bytes of SHA-256, so its first
// 8 bytes are already a good hash.
class DigestSet {
 public:
  void reserve(std::size_t n) {
    std::size_t want = 16;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) rehash(want);
  }
  [[nodiscard]] bool count(const Digest& d) const {
    if (slots_.empty()) return false;
    for (std::size_t i = home(d);; i = (i + 1) & mask_) {
      if (!used_[i]) return false;
      if (slots_[i] == d) return true;
    }
  }
  void insert(const Digest& d) {
    if (2 * (size_ + 1) > slots_.size()) rehash(std::max<std::size_t>(16, 2 * slots_.size()));
    std::size_t i = home(d);
    for (; used_[i]; i = (i + 1) & mask_)
      if (slots_[i] == d) return;
    slots_[i] = d;
    used_[i] = 1;
    ++size_;
  }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::vector<Digest> slots_;
  std::vector<unsigned char> used_;  // not a reserved digest value: any 32 bytes may be a hash named as parent
  std::size_t mask_ = 0, size_ = 0;

  [[nodiscard]] std::size_t home(const Digest& d) const { return DigestHash{}(d)&mask_; }
  void rehash(std::size_t capacity) {
    std::vector<Digest> old_slots = std::move(slots_);
    std::vector<unsigned char> old_used = std::move(used_);
    slots_.assign(capacity, Digest{});
    used_.assign(capacity, 0);
    mask_ = capacity - 1;
    size_ = 0;
    for (std::size_t i = 0; i < old_slots.size(); ++i)
      if (old_used[i]) insert(old_slots[i]);
  }
};

// Only for text that is_hash() accepted.
Digest to_digest(std::string_view hex) {
  auto nibble = [](char c) { return static_cast<unsigned char>(c <= '9' ? c - '0' : c - 'a' + 10); };
  Digest d{};
  for (std::size_t i = 0; i < 32; ++i)
    d[i] = static_cast<unsigned char>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  return d;
}

// A row as SQLite holds it, read like db::read_row but without copies: the
// views are valid until the next step. Copying eight strings per row was
// malloc and memcpy for each of a million rows (callgrind, issue 10).
RecordView view_row(SQLite::Statement& st) {
  auto text = [&](int i) {
    const SQLite::Column c = st.getColumn(i);
    const auto* data = static_cast<const char*>(c.getBlob());  // as Column::getString reads it
    return std::string_view(data ? data : "", static_cast<std::size_t>(c.getBytes()));
  };
  return {st.getColumn(0).getInt64(), text(1), text(2), text(3), text(4), text(5), text(6), text(7)};
}

// The problem with one row, or "" if it is sound given the rows before it.
// `previous` is the hash of the row before, already in `seen`: in a ledger of
// one chain it is every row's parent, and comparing saves a random lookup.
std::string check_row(const RecordView& r, const DigestSet& seen, const std::string& previous, bool have_root,
                      Event& e) {
  const std::string id = is_hash(r.hash) ? short_id(std::string(r.hash)) : fmt::format("#{}", r.seq);
  if (!is_hash(r.hash)) return fmt::format("event {}: its hash '{}' is not 64 lowercase hex digits", id, r.hash);
  if (seen.count(to_digest(r.hash))) return fmt::format("event {}: appears twice", id);
  if (!parse_canonical_parents(r.parents, e.parents)) {
    return fmt::format("event {}: its parents are not a canonical JSON list of hashes", id);
  }
  // The usual payload is shown canonical in place; any other takes the DOM
  // path, which gives the exact reason (canonical.hpp).
  const bool canonical = is_canonical_payload(r.payload);
  if (!canonical) {
    e.payload = Json::parse(r.payload, nullptr, false);
    if (e.payload.is_discarded() || !e.payload.is_object())
      return fmt::format("event {}: its payload is not a JSON object", id);
  }
  std::string expected;
  try {
    if (!std::is_sorted(e.parents.begin(), e.parents.end()))
      return fmt::format("event {}: its parents are not sorted", id);
    if (!canonical && canonical_json(e.payload) != r.payload)
      return fmt::format("event {}: its payload is not canonical JSON", id);
    expected = hashed_text_hash(r.actor, r.kind, r.parents, r.payload, r.subject, r.time);
  } catch (const Error& err) {
    return fmt::format("event {}: {}", id, err.message());
  }
  if (expected != r.hash) return fmt::format("event {}: its hash does not match its content (it was changed)", id);
  if (r.time.size() != 20 || !clock::parse_time(r.time)) {
    return fmt::format("event {}: its time '{}' is not YYYY-MM-DDTHH:MM:SSZ", id, r.time);
  }
  if (std::adjacent_find(e.parents.begin(), e.parents.end()) != e.parents.end()) {
    return fmt::format("event {}: names the same parent twice", id);
  }
  for (const auto& p : e.parents) {
    if (p != previous && !seen.count(to_digest(p))) {
      return fmt::format("event {}: its parent {} is missing (not earlier in the ledger)", id, short_id(p));
    }
  }
  if (e.parents.empty()) {
    if (have_root) return fmt::format("event {}: a second root (an event without parents); the first is earlier", id);
    if (r.kind != "project.created")
      return fmt::format("event {}: the root event is '{}', not project.created", id, r.kind);
  } else if (!have_root) {
    return fmt::format("event {}: comes before any root event", id);
  }
  return {};
}

std::vector<std::string> cached_heads(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement st(db, "SELECT hash FROM heads ORDER BY hash");
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

// SQLite's own check of the file's structure: "ok", or what it found wrong.
// Runs on a connection of its own, in a thread beside the scan of the events
// (verify_file): the two read the same file and share nothing else. On
// 1,000,000 events quick_check alone takes 1.8 s, most of it copying pages
// through pread(), and verify waited for it before scanning (issue 10).
std::string check_structure(const std::filesystem::path& path, Depth depth) {
  try {
    SQLite::Database db = db::open(path, false);
    // integrity_check looks every row up in every index: with pages mapped
    // instead of copied through read() it runs several times faster. The
    // quick check reads each page once, and a mapping would only hold them all.
    if (depth == Depth::thorough) db.exec("PRAGMA mmap_size = 4294967296");
    return db.execAndGet(depth == Depth::thorough ? "PRAGMA integrity_check" : "PRAGMA quick_check").getString();
  } catch (const SQLite::Exception& ex) {
    if (ex.getErrorCode() == SQLITE_CORRUPT) return ex.what();
    db::rethrow(ex, path);  // as an Error, which the future hands on to whoever waits for it
  }
}

// Verifies one file; fills seen with its events' digests, and hands each
// accepted row to on_record if given.
// with_print: compute the rows' print (VerifyResult::rows_print), which
// only a mark needs (process/verified.hpp): 6.5% of validate's instructions
// on a clean checkout of examples/pspm (callgrind, issue 10).
VerifyResult verify_file(const std::filesystem::path& path, DigestSet& seen, Depth depth, const OnRecord* on_record,
                         bool with_print = true) {
  VerifyResult res;
  ReadSnapshot snapshot(path);  // no interlink writer in the middle of a change
  SQLite::Database db = db::open(path, false);
  // The structure is checked beside the scan (check_structure), and what it
  // finds comes first, as when it ran before the scan: a damaged file is
  // reported as damaged, whatever the scan of its rows met on the way. The
  // future is destroyed, so its thread joined, before the snapshot's lock
  // is let go.
  std::future<std::string> structure = run_beside([&path, depth] { return check_structure(path, depth); });
  std::optional<std::string> damage;  // "" once the structure is known sound
  auto damaged = [&]() -> const std::string& {
    if (!damage) {
      damage.emplace();  // get() is called once, even if it throws
      if (std::string found = structure.get(); found != "ok") damage = std::move(found);
    }
    return *damage;
  };
  auto fail = [&](std::string problem, std::string bad = {}) {
    res.ok = false;
    if (!damaged().empty()) {
      problem = "the SQLite database is damaged: " + damaged();
      bad.clear();
    }
    res.problem = std::move(problem);
    res.bad_event = std::move(bad);
    return res;
  };
  try {
    // One read transaction: events, heads and staged rows of one moment.
    SQLite::Transaction read(db, SQLite::TransactionBehavior::DEFERRED);
    for (const char* trigger : {"events_no_update", "events_no_delete"}) {
      SQLite::Statement st(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?");
      st.bind(1, trigger);
      st.executeStep();
      if (st.getColumn(0).getInt() != 1) return fail(fmt::format("the append-only trigger {} was removed", trigger));
    }
    // Sized once for the events (the largest seq bounds their number): growing
    // a set of a million digests rehashed it again and again (perf of verify:
    // 12% in the set). Capped, so that a forged seq cannot ask for gigabytes.
    const long long last_seq = db.execAndGet("SELECT coalesce(max(seq), 0) FROM events").getInt64();
    seen.reserve(seen.size() + static_cast<std::size_t>(std::clamp(last_seq, 0LL, 1LL << 22)));
    HeadSet heads;
    bool have_root = false;
    std::string problem;
    std::string bad;
    std::string previous;  // the hash of the last row accepted
    Event e;
    RowPrint print;
    SQLite::Statement st(db, fmt::format("SELECT {} FROM events ORDER BY seq", db::kRowColumns));
    while (st.executeStep()) {
      const RecordView r = view_row(st);
      problem = check_row(r, seen, previous, have_root, e);
      if (!problem.empty()) {
        bad = r.hash;
        break;
      }
      if (on_record) (*on_record)(r);
      if (with_print) print.add(r);
      Digest d = to_digest(r.hash);
      if (e.parents.empty()) res.root = r.hash;
      have_root = true;
      seen.insert(d);
      for (const auto& p : e.parents) heads.erase(to_digest(p));
      heads.insert(d);
      ++res.events;
      previous.assign(r.hash);
    }
    if (!problem.empty()) return fail(problem, bad);
    if (!damaged().empty()) return fail({});
    if (res.events == 0) return fail("the ledger has no events");
    if (with_print) {
      res.rows_print = print.hex();
      res.rows_print_state = print.state();
    }
    // The heads, recomputed, as sorted hex.
    for (const auto& d : heads) res.heads.push_back(to_hex(d.data(), d.size()));
    std::sort(res.heads.begin(), res.heads.end());
    auto cached = cached_heads(db);
    if (cached != res.heads) {
      return fail(
          fmt::format("the heads table names [{}] but the events end in [{}]: an event was removed, or the "
                      "table was edited",
                      fmt::join(cached, ", "), fmt::join(res.heads, ", ")));
    }
    // Staged rows are input too: one that interlink would not apply is an error.
    for (const auto& row : staged::read(db)) {
      if (std::string p = staged::problem(db, row); !p.empty()) return fail(p);
    }
  } catch (const SQLite::Exception& ex) {
    if (ex.getErrorCode() == SQLITE_CORRUPT) return fail(std::string("the SQLite database is damaged: ") + ex.what());
    db::rethrow(ex, path);
  }
  return res;
}

// The digests of every event of the ledger at path, as stored: of a ledger
// this process has verified already (verify_holds).
void read_digests(const std::filesystem::path& path, DigestSet& seen) {
  ReadSnapshot snapshot(path);
  SQLite::Database db = db::open(path, false);
  db::guard(path, [&] {
    SQLite::Statement st(db, "SELECT hash FROM events");
    while (st.executeStep()) {
      const std::string h = st.getColumn(0).getString();
      if (!is_hash(h)) os_failure(fmt::format("{} changed since it was verified", path.string()));
      seen.insert(to_digest(h));
    }
  });
}

// verify(), verify_extending() and verify_holds(): the ledger at path (unless
// own: its result, from this process), and with a base, that every event of
// the base is still there; the base itself verified too, unless base_checked.
VerifyResult verify_with_base(const std::filesystem::path& path, const std::optional<std::filesystem::path>& base,
                              const std::string& base_label, Depth depth, bool base_checked,
                              const VerifyResult* own = nullptr) {
  if (!base) {
    if (own) return *own;
    DigestSet seen;
    return verify_file(path, seen, depth, nullptr);
  }
  // The base is verified beside the ledger, in a thread of its own: the two
  // read two files and share nothing, and each leaves part of a core idle
  // (its scan and its structure check run at different speeds). On two
  // cores, `verify --base` of two copies of the 1m bench project took
  // ~1.9x one verify one after the other (issue 10). The ledger's own
  // problem still comes first: the base's result is looked at only when
  // the ledger verifies.
  DigestSet base_seen;
  std::future<VerifyResult> old;
  if (!base_checked)
    old = run_beside([&base_seen, &base, depth] { return verify_file(*base, base_seen, depth, nullptr); });
  DigestSet seen;
  VerifyResult res;
  if (own) {
    res = *own;
    if (res.ok) read_digests(path, seen);
  } else {
    res = verify_file(path, seen, depth, nullptr);
  }
  if (!res.ok) return res;  // (old's destructor waits for its thread)
  const std::string label = base_label.empty() ? base->string() : base_label;
  if (old.valid()) {
    if (VerifyResult o = old.get(); !o.ok) {
      res.ok = false;
      res.problem = fmt::format("the base {} does not verify: {}", label, o.problem);
      res.bad_event = o.bad_event;
      return res;
    }
  }
  // Report the first missing event in the base's order, for a stable message.
  SQLite::Database db = db::open(*base, false);
  db::guard(*base, [&] {
    SQLite::Statement st(db, "SELECT hash FROM events ORDER BY seq");
    while (st.executeStep()) {
      std::string h = st.getColumn(0).getString();
      if (!seen.count(to_digest(h))) {
        res.ok = false;
        res.problem = fmt::format("event {} of the base {} is missing: the ledger was rewritten, not extended",
                                  short_id(h), label);
        res.bad_event = h;
        return;
      }
    }
  });
  return res;
}

}  // namespace

VerifyResult verify(const std::filesystem::path& path, const std::optional<std::filesystem::path>& base,
                    const std::string& base_label, Depth depth) {
  return verify_with_base(path, base, base_label, depth, false);
}

VerifyResult verify_extending(const std::filesystem::path& path, const std::filesystem::path& checked_base,
                              const std::string& base_label, Depth depth) {
  return verify_with_base(path, checked_base, base_label, depth, true);
}

VerifyResult verify_holds(const std::filesystem::path& path, const VerifyResult& own, const std::filesystem::path& base,
                          const std::string& base_label, Depth depth, bool base_checked) {
  return verify_with_base(path, base, base_label, depth, base_checked, &own);
}

VerifyResult verify_each(const std::filesystem::path& path, const OnRecord& on_record) {
  DigestSet seen;
  return verify_file(path, seen, Depth::quick, &on_record, /*with_print=*/false);
}

}  // namespace interlink::ledger
