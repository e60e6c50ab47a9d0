// See check_files.hpp.
#include "validate/check_files.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "ledger/git.hpp"
#include "model/vocab.hpp"
#include "stakeholders/listing.hpp"
#include "stakeholders/name_index.hpp"
#include "stakeholders/private_store.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

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

void orphans(io::Workspace& w, const std::set<std::string>& erased) {
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
    if (erased.count(id)) {
      // forget ran in another copy of the project (a colleague's clone),
      // or this store was restored from a backup: the erasure the ledger
      // records has not reached this store.
      w.findings.push_back({"erased-data-held", Severity::error, SourcePos{".interlink/private.db"},
                            stakeholders::erased_held_message(id)});
      continue;
    }
    if (w.has_file(id) || fs::entry_at(w.root, io::stakeholder_path(id)) != fs::Entry::missing) continue;
    w.findings.push_back(
        {"orphaned-private-record", Severity::warning, SourcePos{".interlink/private.db"},
         fmt::format("the private store holds contact data of '{}', which has no file in stakeholders/; erase it "
                     "with 'interlink forget {}', or restore the file from git",
                     id, id)});
  }
}

// The file of a person erased by forget keeps what the record of the
// process needs and identifies no one: a merge that kept the other side of
// a conflict (a colleague had set a band before the erasure reached them)
// puts bands or tags back into a tracked file.
void erased_files(io::Workspace& w, const std::set<std::string>& erased) {
  for (const auto& s : w.stakeholders) {
    if (!erased.count(s.id)) continue;
    std::vector<std::string> held;
    for (const auto& band : model::vocab::bands)
      if (s.bands.count(band)) held.push_back(band);
    if (!s.tags.empty()) held.push_back("tags");
    if (held.empty()) continue;
    w.findings.push_back(
        {"erased-data-held", Severity::error, SourcePos{io::stakeholder_path(s.id)},
         fmt::format("holds {} of '{}', whom 'interlink forget' erased (a merge may have kept them): erase them "
                     "again with 'interlink forget {}'",
                     text::join(held, ", "), s.id, s.id)});
  }
}

// Two organizations or groups with one name: add-stakeholder refuses the
// second in one copy, but two branches that each added it under another id
// merge without a conflict (two files), and the gates count both.
void same_names(io::Workspace& w) {
  std::map<std::string, std::vector<const model::Stakeholder*>> by_key;
  for (const auto& s : w.stakeholders)
    if (s.kind != "person" && !s.name.empty()) by_key[stakeholders::name_key(s.name)].push_back(&s);
  for (const auto& [key, list] : by_key) {
    for (std::size_t k = 1; k < list.size(); ++k) {
      w.findings.push_back(
          {"duplicate-name", Severity::warning, SourcePos{io::stakeholder_path(list[k]->id)},
           fmt::format("'{}' is registered twice, as '{}' and '{}' (added on two branches that did not see each "
                       "other?), and counted twice by the gates: keep one, with 'interlink stakeholder remove {} "
                       "--reason TEXT'",
                       text::printable(list[k]->name), list[0]->id, list[k]->id, list[k]->id)});
    }
  }
}

}  // namespace

void check_files(io::Workspace& w) {
  // The persons the ledger records as erased; none when it cannot be read
  // (the ledger's own checks report that, naming the file).
  std::set<std::string> erased;
  try {
    erased = stakeholders::erased_ids(w.root);
  } catch (const Error&) {  // NOLINT(bugprone-empty-catch): reported by the ledger checks
  }
  if (private_store_place(w)) orphans(w, erased);
  erased_files(w, erased);
  same_names(w);
  leftovers(w);
}

}  // namespace interlink::validate
