// Internal to lib/ledger: what a Ledger object holds, shared by the write side
// (ledger.cpp, merge.cpp) and the read side (query.cpp), and the statements
// that append events. Not included elsewhere.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "ledger/event.hpp"
#include "ledger/ledger.hpp"

namespace interlink::ledger {

struct Ledger::Impl {
  stdfs::path path;
  SQLite::Database db;
  Mode mode;

  Impl(stdfs::path p, SQLite::Database&& d, Mode m) : path(std::move(p)), db(std::move(d)), mode(m) {}
};

// The statements that record events, prepared once per write: preparing
// them anew for each event was 35% of the instructions of a 2,000-row CSV
// import (callgrind, issue 10).
class EventWriter {
 public:
  explicit EventWriter(SQLite::Database& db)
      : ins_(db, "INSERT INTO events(hash, parents, time, actor, kind, subject, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        del_(db, "DELETE FROM heads WHERE hash = ?"),
        head_(db, "INSERT OR IGNORE INTO heads(hash) VALUES (?)") {}

  void insert(const Event& e) {
    insert_texts(e.hash, parents_json(e.parents), e.time, e.actor, e.kind, e.subject, canonical_json(e.payload));
  }
  void insert_texts(const std::string& hash, const std::string& parents, const std::string& time,
                    const std::string& actor, const std::string& kind, const std::string& subject,
                    const std::string& payload) {
    int i = 0;
    for (const std::string* v : {&hash, &parents, &time, &actor, &kind, &subject, &payload}) ins_.bind(++i, *v);
    ins_.exec();
    ins_.reset();
  }
  // The heads after a new event: its parents are no longer heads, it is one.
  void advance_heads(const std::string& hash, const std::vector<std::string>& parents) {
    for (const auto& p : parents) {
      del_.bind(1, p);
      del_.exec();
      del_.reset();
    }
    head_.bind(1, hash);
    head_.exec();
    head_.reset();
  }

 private:
  SQLite::Statement ins_, del_, head_;
};

// Marks that this process recorded something (recorded_in_this_process()).
void note_recorded();

}  // namespace interlink::ledger
