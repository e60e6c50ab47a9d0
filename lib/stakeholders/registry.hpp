// Registering, changing, removing and forgetting stakeholders: the library
// side of add-stakeholder, stakeholder update|remove and forget.
//
// Every change goes through Ledger::commit: under the project lock the
// function re-reads what it depends on, then the ledger records its events and
// its files as one change. Personal contact data goes to the private store in
// the same critical section, ordered so that a crash never leaves personal
// data without a stakeholder: on add, the contacts are committed after the
// ledger (a crash in between leaves a stakeholder without contacts); on
// remove and forget, they are erased before it (a crash in between leaves the
// erasure done but unrecorded, and running the command again records it).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/project_io.hpp"
#include "ledger/event.hpp"
#include "stakeholders/fields.hpp"
#include "stakeholders/name_index.hpp"

namespace interlink::stakeholders {

namespace stdfs = std::filesystem;

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// Checks inputs (check_input) and then against the project at root and each
// other: ids already taken (by a file in stakeholders/), organizations whose
// derived id is taken, persons whose email a registered person has (contacts:
// the private store's), persons' ids that reveal their name; draws the ids of
// persons; refuses an organization or group named like a current one
// (name_index.hpp). Every problem is an issue.
struct AddPlan {
  std::vector<Candidate> candidates;
  Issues issues;  // sorted by line
  // The index of names it read, when an organization or group came: the
  // caller keeps it in the cache (NameIndex::save) once the change is
  // committed, so that a command that fails or only checks writes nothing.
  std::optional<NameIndex> names;
};
AddPlan plan_add(const stdfs::path& root, const std::map<std::string, Contact>& contacts,
                 const std::vector<Input>& inputs, const Progress& progress = {});

// Records candidates (from a plan without issues): one file and one
// stakeholder.added event each, in one ledger change; their contacts in the
// private store. Re-checks ids and emails under the project lock and throws
// IssuesError(refused) if another process took one meanwhile.
void commit_add(const stdfs::path& root, const std::string& actor, const std::vector<Candidate>& candidates);

// What stakeholder.added records: only non-identifying fields for persons
// (kind, sector, role, influence, interest, consent status); organizations
// and groups also their name and tags.
ledger::Json added_payload(const model::Stakeholder& s);

// Changes to one stakeholder; nullopt leaves a field as it is, "" clears it
// (where it may be empty).
struct Update {
  std::optional<std::string> name, sector, role, influence, interest, joined, consent, consent_date, consent_scope,
      email, phone;
  std::vector<std::string> add_tags, remove_tags;
  std::map<std::string, std::string> bands;  // "" clears
};

struct UpdateResult {
  model::Stakeholder before, after;
  std::vector<std::string> changed;      // names of changed fields, in file order
  std::vector<ledger::NewEvent> events;  // stakeholder.updated and/or consent.recorded; empty: nothing changed
};

// Applies u to stakeholder id. Throws IssuesError for bad values (usage or
// refused), Error(refused) for an unknown id (with a suggestion). With
// dry_run, computes the result and writes nothing.
UpdateResult update_stakeholder(const stdfs::path& root, const std::string& actor, const std::string& id,
                                const Update& u, bool dry_run);

// Removes stakeholder id (its file, and its contacts from the private store)
// and records stakeholder.removed with the reason. Refuses while the plan
// names it (RACI of a task).
model::Stakeholder remove_stakeholder(const stdfs::path& root, const std::string& actor, const std::string& id,
                                      const std::string& reason, bool dry_run);

struct ForgetResult {
  model::Stakeholder after;         // the tracked file as it is left
  std::vector<std::string> erased;  // kinds of data erased: name, email, phone, age_band, gender, area, tags
  bool has_file = true;             // false: the file was missing; only the private store was erased
};

// Erases a person (SPEC §6): deletes their private record so that no byte of
// it remains, strips their bands and tags from the tracked file, and records
// stakeholder.erased (whose payload names the kinds of data erased, never
// their values). Refuses organizations and groups, whose names are not
// personal data, and a person with nothing left to erase. Works from the
// private store and the ledger when the person's file is missing.
ForgetResult forget(const stdfs::path& root, const std::string& actor, const std::string& id, bool dry_run);

// Reads stakeholders/<id>.yaml for a change. Throws Error(refused) for an
// unknown id (suggesting the nearest), Error(unreadable) for a file with
// findings (a rewrite would lose what interlink does not understand).
model::Stakeholder read_for_change(const stdfs::path& root, const std::string& id);

}  // namespace interlink::stakeholders
