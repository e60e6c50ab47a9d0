// Listing stakeholders (text table, JSON, CSV) and summarising them by sector
// and role against the project's representation targets. Persons appear by
// their pseudonym; names and contact data only when the caller passes the
// private store's contacts (--with-names).
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/project_io.hpp"
#include "ledger/event.hpp"
#include "stakeholders/private_store.hpp"

namespace interlink::stakeholders {

struct Filter {
  std::string sector, role, kind, tag;
  // Persons erased by forget (erased_ids): their file stays, without their
  // data, and they are listed with the consent status "erased" (what the
  // file's "given" no longer means); no longer current stakeholders, they
  // are not counted by summarize(), as status and the gates leave them out
  // (SPEC §4).
  std::set<std::string> erased;
};

// The ids the ledger records as erased (stakeholder.erased), read from the
// project's ledger; none when it has no ledger.
std::set<std::string> erased_ids(const std::filesystem::path& root);

// A person erased by forget whose data a private store still holds: the
// erasure was recorded in another copy of the project (a colleague's clone,
// reached by git) or the store was restored. drop_erased_contacts() takes
// them out of contacts, so that no command shows them, and returns their
// ids; erased_held_message() is what a command warns of each, and validate
// reports (rule erased-data-held).
std::vector<std::string> drop_erased_contacts(std::map<std::string, Contact>& contacts,
                                              const std::set<std::string>& erased);
std::string erased_held_message(const std::string& id);

// Shows s as erased (consent status "erased", no date or scope): what
// select() does to the erased, and `stakeholder show` to the one it shows.
void mark_erased(model::Stakeholder& s);

// The stakeholders matching every given filter, by id (the erased marked).
// Refuses (exit 1) a sector, role or kind outside the vocabulary, suggesting
// the nearest.
std::vector<model::Stakeholder> select(const io::Workspace& ws, const Filter& f);

// contacts == nullptr: no names, no contact data (the default, publishable).
// Otherwise persons' names and everyone's EMAIL and PHONE columns are shown.
std::string render_text(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts);
std::string render_json(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts);
// The CSV of man/interlink-csv.5: what add-stakeholder --from-csv reads back.
std::string render_csv(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts);

// Counts by kind, sector (with the target of governance.representation),
// role, of the current stakeholders (not the erased), and by consent status
// of the current persons only (what the consent gate counts).
struct Summary {
  std::size_t total = 0;
  std::map<std::string, std::size_t> kinds, sectors, roles, consent;
  std::map<std::string, int> targets;
};
Summary summarize(const io::Workspace& ws, const std::vector<model::Stakeholder>& list);
std::string render_summary_text(const Summary& s);
ledger::Json summary_json(const Summary& s);

}  // namespace interlink::stakeholders
