// Internal to lib/ledger: what a Ledger object holds, shared by the write side
// (ledger.cpp) and the read side (query.cpp). Not included elsewhere.
#pragma once

#include <filesystem>
#include <utility>

#include <SQLiteCpp/SQLiteCpp.h>

#include "ledger/ledger.hpp"

namespace interlink::ledger {

struct Ledger::Impl {
  stdfs::path path;
  SQLite::Database db;
  Mode mode;

  Impl(stdfs::path p, SQLite::Database&& d, Mode m) : path(std::move(p)), db(std::move(d)), mode(m) {}
};

}  // namespace interlink::ledger
