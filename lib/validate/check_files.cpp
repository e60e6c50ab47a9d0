// See check_files.hpp.
#include "validate/check_files.hpp"

#include <fmt/format.h>

#include "io/layout.hpp"
#include "ledger/git.hpp"
#include "stakeholders/private_store.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"

namespace interlink::validate {

namespace {

using model::Finding;
using model::Severity;

// Problems of the private store's place; true if it may be opened.
bool private_store_place(io::Workspace& w) {
  bool sound = true;
  for (const auto& p : io::layout_problems(w.root)) {
    if (p.path.rfind(".interlink", 0) != 0) continue;  // the others are read, and reported, where they are read
    w.findings.push_back({"private-store", Severity::error, SourcePos{p.path}, p.message + "; " + p.hint});
    sound = false;
  }
  if (!sound || fs::entry_at(w.root, ".interlink/private.db") != fs::Entry::file) return sound;
  if (auto ignored = ledger::git_ignores(w.root, ".interlink/private.db"); ignored && !*ignored) {
    w.findings.push_back({"private-store", Severity::error, SourcePos{".interlink/private.db"},
                          "git does not ignore the private store (it is tracked, or a .gitignore un-ignores it): the "
                          "names, emails and phones in it would be committed; run 'git rm --cached "
                          ".interlink/private.db' and keep '.interlink' in .gitignore"});
  }
  return true;
}

void leftovers(io::Workspace& w) {
  for (const auto& rel : io::leftover_temp_files(w.root)) {
    w.findings.push_back({"leftover-temp-file", Severity::warning, SourcePos{rel},
                          "a temporary file left by an interrupted write (it may hold a person's data); the "
                          "command that finishes that write removes it, as does 'interlink forget'; otherwise "
                          "delete it"});
  }
}

void orphans(io::Workspace& w) {
  std::map<std::string, stakeholders::Contact> contacts;
  try {
    // validate never writes: a write a killed command left in the store's
    // journal is reported, not rolled back as other commands do.
    contacts = stakeholders::PrivateStore::open_to_check(w.root).all();
  } catch (const stakeholders::InterruptedWrite& e) {
    w.findings.push_back({"interrupted-store-write", Severity::error, SourcePos{".interlink/private.db"}, e.message()});
    return;
  } catch (const Error& e) {
    w.findings.push_back({"private-store", Severity::error, SourcePos{".interlink/private.db"}, e.message()});
    return;
  }
  for (const auto& [id, c] : contacts) {
    if (w.has_file(id) || fs::entry_at(w.root, io::stakeholder_path(id)) != fs::Entry::missing) continue;
    w.findings.push_back(
        {"orphaned-private-record", Severity::warning, SourcePos{".interlink/private.db"},
         fmt::format("the private store holds contact data of '{}', which has no file in stakeholders/; erase it "
                     "with 'interlink forget {}', or restore the file from git",
                     id, id)});
  }
}

}  // namespace

void check_files(io::Workspace& w) {
  if (private_store_place(w)) orphans(w);
  leftovers(w);
}

}  // namespace interlink::validate
