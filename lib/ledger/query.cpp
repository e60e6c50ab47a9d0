// See ledger.hpp: the read side of the ledger. Reads stream rows as stored
// (Record) and parse payloads only when the caller asks, so that a command
// that needs a few fields of a million events never holds them all.
#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ledger/canonical.hpp"
#include "ledger/db.hpp"
#include "ledger/impl.hpp"
#include "ledger/ledger.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

namespace interlink::ledger {

namespace {

// The distinct kinds after `after` and before `before` ("" for no bound),
// sorted: one index seek per kind, skipping from one to the next. nullopt
// when there are more than `most`, or when the index answers a kind that is
// not after the last one: a damaged index, on which the loop would never end
// (found by fuzz_ledger_read).
std::optional<std::vector<std::string>> kinds_between(SQLite::Database& db, const std::string& after,
                                                      const std::string& before, std::size_t most) {
  std::vector<std::string> out;
  SQLite::Statement next(db, before.empty() ? "SELECT min(kind) FROM events WHERE kind > ?"
                                            : "SELECT min(kind) FROM events WHERE kind > ? AND kind < ?");
  for (std::string at = after;;) {
    next.reset();
    next.bind(1, at);
    if (!before.empty()) next.bind(2, before);
    if (!next.executeStep() || next.getColumn(0).isNull()) return out;
    std::string kind = next.getColumn(0).getString();
    if (kind <= at || out.size() == most) return std::nullopt;
    at = kind;
    out.push_back(std::move(kind));
  }
}

}  // namespace

void Ledger::scan(const Query& q, const std::function<void(const Record&)>& fn) const {
  // Each condition tests one indexed column: "{c} op ?", where {c} becomes
  // the column, or "+column" to keep the planner off its index (see below).
  struct Condition {
    std::string column;
    std::string test;
    std::vector<std::string> args;
  };
  std::vector<Condition> where;
  if (!q.kind.empty()) {
    if (q.kind.back() == '.') {
      // A prefix: the range [prefix, prefix with its final '.' as '/').
      where.push_back({"kind", "{c} >= ? AND {c} < ?", {q.kind, q.kind.substr(0, q.kind.size() - 1) + "/"}});
    } else {
      where.push_back({"kind", "{c} = ?", {q.kind}});
    }
  }
  if (!q.subject.empty()) where.push_back({"subject", "{c} = ?", {q.subject}});
  if (!q.since.empty()) {
    if (!clock::parse_time(q.since)) {
      bad_usage(fmt::format("'{}' is not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM:SSZ)", q.since));
    }
    where.push_back({"time", "{c} >= ?", {q.since}});
  }
  // The WHERE clause of the conditions; only the one named by `indexed` may
  // use its index ("*": all may).
  auto clause = [](const std::vector<Condition>& conds, const std::string& indexed) {
    std::string w;
    for (std::size_t i = 0; i < conds.size(); ++i) {
      std::string c = (indexed == "*" || indexed == conds[i].column ? "" : "+") + conds[i].column;
      w += (i == 0 ? " WHERE " : " AND ") + fmt::format(fmt::runtime(conds[i].test), fmt::arg("c", c));
    }
    return w;
  };
  auto bind_all = [](SQLite::Statement& st, const std::vector<Condition>& conds) {
    int k = 0;
    for (const auto& c : conds)
      for (const auto& a : c.args) st.bind(++k, a);
  };
  // The values to walk (see below): (column, value, the other conditions),
  // for an equality on kind, each kind of a kind prefix (at most
  // kMaxWalked of them; the index skips from one to the next), or else an
  // equality on subject. nullopt: none of these.
  struct Walk {
    std::string column, value;
    std::vector<Condition> others;
  };
  auto walk_values = [&](const std::vector<Condition>& conds) -> std::optional<std::vector<Walk>> {
    constexpr std::size_t kMaxWalked = 32;
    for (const char* column : {"kind", "subject"}) {
      auto it = std::find_if(conds.begin(), conds.end(), [&](const Condition& c) { return c.column == column; });
      if (it == conds.end()) continue;
      std::vector<Condition> others(conds.begin(), it);
      others.insert(others.end(), it + 1, conds.end());
      if (it->args.size() == 1) return std::vector<Walk>{{column, it->args[0], others}};
      // A kind prefix: the range [args[0], args[1]). The prefix itself is a
      // kind only in a hand-made ledger ("task." as a kind), and is walked too.
      auto kinds = kinds_between(impl_->db, it->args[0], it->args[1], kMaxWalked);
      if (!kinds) return std::nullopt;
      SQLite::Statement self(impl_->db, "SELECT 1 FROM events WHERE kind = ? LIMIT 1");
      self.bind(1, it->args[0]);
      if (self.executeStep()) kinds->insert(kinds->begin(), it->args[0]);
      std::vector<Walk> out;
      for (auto& kind : *kinds) out.push_back({column, std::move(kind), others});
      return out;
    }
    return std::nullopt;
  };
  db::guard(impl_->path, [&] {
    std::string from = " FROM events", indexed = "*";
    std::string order = (q.newest_first || q.limit >= 0) ? " ORDER BY seq DESC" : " ORDER BY seq";
    if (q.limit >= 0 && !where.empty()) {
      // "The newest N that match": SQLite either walks the events newest
      // first and stops after N matches (fast when matches are many), or
      // reads the matches through an index and sorts them (fast when they
      // are few). Left to itself it guesses, and a wrong guess reads a
      // million rows (log --since a recent date: 140 ms instead of 3). So
      // count each condition's matches in its index, up to a bound: if one
      // has few, read through that index and sort; if all have many, walk
      // newest first, off the indexes ("+column").
      constexpr int kFewMatches = 2000;
      indexed.clear();
      for (const auto& c : where) {
        SQLite::Statement probe(impl_->db, fmt::format("SELECT count(*) FROM (SELECT 1 FROM events{} LIMIT {})",
                                                       clause({c}, c.column), kFewMatches));
        bind_all(probe, {c});
        probe.executeStep();
        if (probe.getColumn(0).getInt() < kFewMatches) {
          indexed = c.column;
          from = " FROM events INDEXED BY events_" + c.column;
          break;
        }
      }
    }
    // Not an indexed column: never probed above, always tested on the rows.
    const std::string after = q.after_seq > 0 ? fmt::format("seq > {}", q.after_seq) : std::string();
    if (q.limit >= 0 && !where.empty() && indexed.empty()) {
      // Every condition matches many events. Walking the events newest first
      // reads every row newer than the Nth match: most of the ledger for a
      // kind recorded long ago (log --kind stakeholder.added -n 5 on the 1m
      // bench project read 990,000 rows, 0.3-0.8 s; issue 10). An index of
      // kind or subject holds (value, seq): read backwards for one value, it
      // gives that value's newest events first. So for an equality on kind
      // (each kind of a prefix, when they are few) or else on subject, walk
      // each value's index that way, the other conditions tested on the
      // rows, and keep the newest N of all.
      if (auto walked = walk_values(where)) {
        std::vector<long long> seqs;
        for (const auto& [column, value, others] : *walked) {
          std::vector<Condition> conds = others;
          conds.insert(conds.begin(), Condition{column, "{c} = ?", {value}});
          SQLite::Statement st(
              impl_->db, fmt::format("SELECT seq FROM events INDEXED BY events_{}{}{}{} ORDER BY "
                                     "seq DESC LIMIT {}",
                                     column, clause(conds, column), after.empty() ? "" : " AND ", after, q.limit));
          bind_all(st, conds);
          while (st.executeStep()) seqs.push_back(st.getColumn(0).getInt64());
        }
        std::sort(seqs.begin(), seqs.end(), std::greater<>());
        if (seqs.size() > static_cast<std::size_t>(q.limit)) seqs.resize(static_cast<std::size_t>(q.limit));
        if (seqs.empty()) return;
        SQLite::Statement st(impl_->db, fmt::format("SELECT {} FROM events WHERE seq IN ({}) ORDER BY seq DESC",
                                                    db::kRowColumns, fmt::join(seqs, ",")));
        while (st.executeStep()) fn(db::read_row(st));
        return;
      }
    }
    std::string filter = clause(where, indexed);
    if (!after.empty()) filter += (filter.empty() ? " WHERE " : " AND ") + after;
    std::string sql;
    if (q.limit >= 0 && !indexed.empty() && indexed != "*") {
      // Read through an index and sorted: sort only the seqs, which the
      // index holds, then fetch the N rows. Sorting the whole rows made
      // SQLite build a b-tree of every match's payload (callgrind of log
      // --kind task. -n 20 on 1,000,000 events: 60% of the instructions).
      sql = fmt::format("SELECT {} FROM events WHERE seq IN (SELECT seq{}{}{} LIMIT {}){}", db::kRowColumns, from,
                        filter, order, q.limit, order);
    } else {
      sql = fmt::format("SELECT {}{}{}{}", db::kRowColumns, from, filter, order);
      if (q.limit >= 0) sql += fmt::format(" LIMIT {}", q.limit);
    }
    SQLite::Statement st(impl_->db, sql);
    bind_all(st, where);
    while (st.executeStep()) fn(db::read_row(st));
  });
}

std::vector<Event> Ledger::read(const Query& q) const {
  std::vector<Event> out;
  scan(q, [&](const Record& r) { out.push_back(db::to_event(r, impl_->path)); });
  return out;
}

Event Ledger::parse(const Record& r) const { return db::to_event(r, impl_->path); }
Event Ledger::parse(const RecordView& r) const { return db::to_event(r, impl_->path); }

Json Ledger::payload(const Record& r) const {
  Json p;
  if (parse_canonical_payload(r.payload, p)) return p;
  p = Json::parse(r.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return db::to_event(r, impl_->path).payload;  // throws, naming the event
  return p;
}

Record Ledger::record(long long seq) const {
  return db::guard(impl_->path, [&] {
    SQLite::Statement st(impl_->db, fmt::format("SELECT {} FROM events WHERE seq = ?", db::kRowColumns));
    st.bind(1, static_cast<int64_t>(seq));
    if (!st.executeStep()) refuse(fmt::format("the ledger has no event at position {}", seq));
    return db::read_row(st);
  });
}

std::optional<Record> Ledger::record_of(const std::string& hash) const {
  return db::guard(impl_->path, [&]() -> std::optional<Record> {
    SQLite::Statement st(impl_->db, fmt::format("SELECT {} FROM events WHERE hash = ?", db::kRowColumns));
    st.bind(1, hash);
    if (!st.executeStep()) return std::nullopt;
    return db::read_row(st);
  });
}

long long Ledger::last_seq() const {
  return db::guard(impl_->path,
                   [&] { return impl_->db.execAndGet("SELECT coalesce(max(seq), 0) FROM events").getInt64(); });
}

void Ledger::for_each(const std::function<void(const Event&)>& fn) const {
  db::guard(impl_->path,
            [&] { db::for_each_row(impl_->db, [&](const db::Row& r) { fn(db::to_event(r, impl_->path)); }); });
}

std::optional<Event> Ledger::find(const std::string& hash_or_prefix) const {
  std::string prefix = hash_or_prefix;
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), [](unsigned char c) { return std::tolower(c); });
  bool hex =
      std::all_of(prefix.begin(), prefix.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (!hex || prefix.size() < 4 || prefix.size() > 64) {
    refuse(fmt::format("'{}' is not an event id (4 to 64 hex digits)", hash_or_prefix));
  }
  return db::guard(impl_->path, [&]() -> std::optional<Event> {
    SQLite::Statement st(
        impl_->db,
        fmt::format("SELECT {} FROM events WHERE hash >= ? AND hash < ? ORDER BY hash LIMIT 2", db::kRowColumns));
    st.bind(1, prefix);
    st.bind(2, prefix + "g");  // just past every hex continuation
    if (!st.executeStep()) return std::nullopt;
    Event e = db::to_event(db::read_row(st), impl_->path);
    if (st.executeStep()) refuse(fmt::format("event id '{}' is ambiguous", hash_or_prefix), "give more digits");
    return e;
  });
}

std::vector<std::string> Ledger::hashes_with_prefix(std::string_view kind, const std::string& prefix, int limit) const {
  std::vector<std::string> out;
  bool hex = !prefix.empty() && prefix.size() <= 64 && std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (!hex) return out;
  db::guard(impl_->path, [&] {
    // "+kind": the hash range is narrow, the kind's index is not.
    SQLite::Statement st(impl_->db,
                         "SELECT hash FROM events WHERE hash >= ? AND hash < ? AND +kind = ? ORDER BY hash LIMIT ?");
    st.bind(1, prefix);
    st.bind(2, prefix + "g");  // just past every hex continuation
    st.bind(3, std::string(kind));
    st.bind(4, limit);
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  });
  return out;
}

long Ledger::count() const {
  return db::guard(impl_->path,
                   [&] { return static_cast<long>(impl_->db.execAndGet("SELECT count(*) FROM events").getInt64()); });
}

std::vector<std::string> Ledger::kinds() const {
  return db::guard(impl_->path, [&] {
    auto out = kinds_between(impl_->db, "", "", std::numeric_limits<std::size_t>::max());
    if (!out) unreadable("the ledger's index of event kinds is damaged", {impl_->path.string()});
    return std::move(*out);
  });
}

bool extends_chain(const Ledger& led, long long seq, const std::vector<std::string>& heads) {
  if (heads.size() != 1) return false;
  std::string prev = heads.front();
  bool ok = true;
  led.scan({.after_seq = seq}, [&](const Record& r) {
    if (!ok) return;
    ok = r.parents == "[\"" + prev + "\"]";
    prev = r.hash;
  });
  return ok;
}

}  // namespace interlink::ledger
