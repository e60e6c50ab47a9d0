// Listing stakeholders (text table, JSON, CSV) and summarising them by sector
// and role against the project's representation targets. Persons appear by
// their pseudonym; names and contact data only when the caller passes the
// private store's contacts (--with-names).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "io/project_io.hpp"
#include "ledger/event.hpp"
#include "stakeholders/private_store.hpp"

namespace interlink::stakeholders {

struct Filter {
  std::string sector, role, kind, tag;
};

// The stakeholders matching every given filter, by id. Refuses (exit 1) a
// sector, role or kind outside the vocabulary, suggesting the nearest.
std::vector<model::Stakeholder> select(const io::Workspace& ws, const Filter& f);

// contacts == nullptr: no names, no contact data (the default, publishable).
// Otherwise persons' names and everyone's EMAIL and PHONE columns are shown.
std::string render_text(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts);
std::string render_json(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts);
// The CSV of man/interlink-csv.5: what add-stakeholder --from-csv reads back.
std::string render_csv(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts);

// Counts by kind, sector (with the target of governance.representation),
// role and consent status.
struct Summary {
  std::size_t total = 0;
  std::map<std::string, std::size_t> kinds, sectors, roles, consent;
  std::map<std::string, int> targets;
};
Summary summarize(const io::Workspace& ws, const std::vector<model::Stakeholder>& list);
std::string render_summary_text(const Summary& s);
ledger::Json summary_json(const Summary& s);

}  // namespace interlink::stakeholders
