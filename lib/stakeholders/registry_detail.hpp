// What the two halves of the stakeholder registry share (registry.cpp adds;
// registry_change.cpp updates, removes and forgets): small text helpers, the
// ids on disk, the checks every change makes first, and settling the private
// store. Internal to lib/stakeholders: include it from nowhere else.
#pragma once

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"
#include "model/project.hpp"
#include "stakeholders/fields.hpp"
#include "stakeholders/private_store.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders::detail {

namespace stdfs = std::filesystem;

std::string lower(std::string s);
using text::trim;  // one trim for the project: util/text.hpp

// True if stakeholders/<id>.yaml exists (parsed or not), with one stat.
bool file_exists(const stdfs::path& root, const std::string& id);

// Which ids have a file. A few additions ask with one stat each: listing the
// folder made adding one stakeholder to a project of 10,000 read 10,000
// names (issue 10). A bulk import (lookups >= 64) lists it once.
class IdsOnDisk {
 public:
  IdsOnDisk(stdfs::path root, std::size_t lookups);
  [[nodiscard]] bool count(const std::string& id) const;
  // The ids listed (only when the folder was listed).
  [[nodiscard]] std::vector<std::string> all() const { return {ids_.begin(), ids_.end()}; }

 private:
  stdfs::path root_;
  bool listed_ = false;
  std::set<std::string> ids_;
};

// What interlink writes it must read back: a file over the loader's limit
// (150,000 tags) would make every later command fail. Checked before the
// ledger records anything.
void check_file_size(Checker& ck, const model::Stakeholder& s);

ledger::Ledger open_ledger(const stdfs::path& root);

// What the ledger says became of stakeholder id ("current", "removed",
// "erased"), or "" when it never names them (or there is no ledger). Asked
// for one id at a time: an id whose file is missing (a removed stakeholder
// is said to be removed, as `feedback add --from` says it, not taken for a
// typo of another id), or one whose file an erased person left.
std::string status_in_ledger(const stdfs::path& root, const std::string& id);

// Refuses (exit 3) to change a project whose plan cannot be read; only the
// manifest is read, and parsed only when its bytes changed (io/plan_check),
// which is cheap whatever the number of stakeholders; and the layout is
// checked (no link, stakeholders/ a folder), so that nothing is recorded that
// its files cannot follow.
void require_readable_plan(const stdfs::path& root);

// Settles contacts that a killed add left pending: kept if the ledger
// recorded their stakeholder. Runs under the project lock, where no other
// command can be between writing its contacts and committing its events.
// (A crash followed by a switch to a branch whose ledger lacks the event
// would erase them: the private store is shared by all branches.)
void settle_private(PrivateStore& store, const ledger::Ledger& led);

// Every stakeholder change settles first, whatever it touches: personal data
// of persons a killed import never registered must not outlive the next
// change (SPEC §6), and 'forget' cannot reach them, having no stakeholder.
// Adds and updates settle here; remove and forget, which open the store in
// any case, settle in it. (Temporary files of killed writes are the ledger's
// to remove: see staged::Rows::left.)
void settle_if_any(const stdfs::path& root, const ledger::Ledger& led);

}  // namespace interlink::stakeholders::detail
