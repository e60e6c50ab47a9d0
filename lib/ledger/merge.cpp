// The merge of two copies of a ledger (SPEC §5): git's merge driver
// (merge(), declared in git.hpp) and the union behind it
// (Ledger::merge_from, ledger.hpp).
//
// What it costs, and why it is built this way: on the 1m bench project
// (1,000,000 events, 580 MB) the driver took 11-17.5 s to merge one event
// from each side (issue 10). perf and strace showed two halves: three
// verifications one after the other (2.8 s of wall time each, 3.9 s of CPU),
// and a walk over every event of theirs that looked each one up in ours
// (2.6 M page reads). Now the three verifications run at once, and the union
// starts from their heads and walks back only as far as the events ours
// already holds.
#include <algorithm>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "ledger/git.hpp"
#include "ledger/impl.hpp"
#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "util/beside.hpp"
#include "util/error.hpp"

namespace interlink::ledger {

long merge(const stdfs::path& base, const stdfs::path& ours, const stdfs::path& theirs) {
  struct Side {
    stdfs::path path;
    const char* name;
    std::future<VerifyResult> result;
  };
  std::vector<Side> sides;
  std::error_code ec;
  // git passes an empty file as the base when the ledger is new on both sides.
  if (!base.empty() && stdfs::exists(base, ec) && stdfs::file_size(base, ec) > 0)
    sides.push_back({base, "the base", {}});
  sides.push_back({ours, "our", {}});
  sides.push_back({theirs, "their", {}});
  // Each file is read by a verification of its own, at once: each is a
  // scan and a hash of every event, bound by the CPU, and the three share
  // nothing. A failure is reported for the first side in the order above,
  // as when they ran one after the other; the other threads are joined
  // (each future waits in its destructor) before the error leaves.
  for (auto& s : sides) s.result = run_beside([p = s.path] { return verify(p); });
  for (auto& s : sides) {
    VerifyResult r = s.result.get();
    if (!r.ok) {
      refuse(fmt::format("cannot merge: {} ledger {} does not verify: {}", s.name, s.path.string(), r.problem),
             "run 'interlink verify' on each side; restore the bad one from git");
    }
  }
  Ledger o = Ledger::open(ours, Ledger::Mode::read_write_as_is);
  Ledger t = Ledger::open(theirs, Ledger::Mode::read_only);
  return o.merge_from(t);
}

long Ledger::merge_from(const Ledger& theirs) {
  if (impl_->mode == Mode::read_only) os_failure("internal: merge into a ledger opened read-only");
  const std::string ours_root = root_hash();
  const std::string theirs_root = theirs.root_hash();
  if (ours_root != theirs_root) {
    auto describe = [](const Ledger& l, const std::string& root) {
      auto e = l.find(root);
      return e ? fmt::format("'{}' (root event {})", e->subject, short_id(root)) : std::string("an empty ledger");
    };
    refuse(fmt::format("cannot merge the ledgers of two different projects: ours is {}, theirs is {}",
                       describe(*this, ours_root), describe(theirs, theirs_root)),
           "a ledger can only be merged with another copy of the same project's ledger");
  }
  auto& db = impl_->db;
  auto& their_db = theirs.impl_->db;
  long added = 0;
  db::guard(impl_->path, [&] {
    db::WriteTxn txn(db, impl_->path);
    SQLite::Statement has(db, "SELECT 1 FROM events WHERE hash = ?");
    auto present = [&](const std::string& hash) {
      return db::guard(impl_->path, [&] {  // ours, though asked during the walk of theirs
        has.bind(1, hash);
        bool found = has.executeStep();
        has.reset();
        return found;
      });
    };
    // The events of theirs that ours lacks, by their seq in theirs. Every
    // event is a head or an ancestor of one, and an event ours holds has
    // all its ancestors in ours (ours verifies: no parent is missing), so
    // the walk back from their heads stops at the first event ours holds:
    // it visits the new events and their parents, not the shared history.
    // (Each pair: an event to look at, and the child that named it, "" for
    // a head.)
    std::vector<long long> missing;
    // Their reads under their name, our writes under ours (the guard
    // around this one): a failure names the file it happened in.
    const auto& their_path = theirs.path();
    // One read transaction: the walk and the rows it copies see one moment of theirs.
    auto snapshot = db::guard(their_path, [&] {
      return std::make_unique<SQLite::Transaction>(their_db, SQLite::TransactionBehavior::DEFERRED);
    });
    db::guard(their_path, [&] {
      SQLite::Statement by_hash(their_db, fmt::format("SELECT {} FROM events WHERE hash = ?", db::kRowColumns));
      std::vector<std::pair<std::string, std::string>> todo;
      for (auto& h : theirs.heads()) todo.emplace_back(std::move(h), std::string());
      std::unordered_set<std::string> seen;
      while (!todo.empty()) {
        auto [hash, child] = std::move(todo.back());
        todo.pop_back();
        if (!seen.insert(hash).second || present(hash)) continue;
        by_hash.bind(1, hash);
        if (!by_hash.executeStep()) {
          refuse(fmt::format("cannot merge: event {} of theirs names parent {}, which is in neither ledger",
                             short_id(child), short_id(hash)),
                 "run 'interlink verify' on both ledgers");
        }
        const db::Row r = db::read_row(by_hash);
        by_hash.reset();
        missing.push_back(r.seq);
        for (auto& p : db::to_event(r, their_path).parents) todo.emplace_back(std::move(p), r.hash);
      }
    });
    // In theirs' order: parents before children (theirs verifies).
    std::sort(missing.begin(), missing.end());
    EventWriter writer(db);
    auto by_seq = db::guard(their_path, [&] {
      return SQLite::Statement(their_db, fmt::format("SELECT {} FROM events WHERE seq = ?", db::kRowColumns));
    });
    for (const long long seq : missing) {
      const db::Row r = db::guard(their_path, [&] {
        by_seq.bind(1, static_cast<int64_t>(seq));
        if (!by_seq.executeStep())
          os_failure(fmt::format("{}: event #{} went away during the merge", their_path.string(), seq));
        db::Row row = db::read_row(by_seq);
        by_seq.reset();
        return row;
      });
      // Stored texts as they are: theirs verified, so they are canonical.
      writer.insert_texts(r.hash, r.parents, r.time, r.actor, r.kind, r.subject, r.payload);
      writer.advance_heads(r.hash, db::to_event(r, their_path).parents);
      ++added;
    }
    txn.commit();
  });
  if (added > 0) note_recorded();
  return added;
}

}  // namespace interlink::ledger
