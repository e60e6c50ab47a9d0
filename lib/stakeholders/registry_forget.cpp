// See registry.hpp: forgetting a person (erasing their personal data at
// their request, GDPR art. 17), apart from registry_change.cpp's updates and
// removals.
#include "stakeholders/registry.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "io/parse_cache.hpp"
#include "io/plan_check.hpp"
#include "io/stakeholder_write.hpp"
#include "io/yaml.hpp"
#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "model/stakeholder.hpp"
#include "model/vocab.hpp"
#include "privacy/screen.hpp"
#include "stakeholders/ids.hpp"
#include "stakeholders/registry_detail.hpp"
#include "util/beneath.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

namespace kinds = ledger::kinds;
using namespace detail;

namespace {

ForgetResult plan_forget(const stdfs::path& root, const std::string& id, const PrivateStore& store,
                         const ledger::Ledger* led) {
  require_readable_plan(root);
  ForgetResult r;
  model::Stakeholder s;
  if (text::is_slug(id) && !file_exists(root, id)) {
    // The file is gone (deleted by hand, or never written by a killed
    // import): the person's data may still be in the private store, and
    // forget works from it and the ledger, whatever the files say.
    auto added =
        led ? led->read({.kind = std::string(kinds::stakeholder_added), .subject = id}) : std::vector<ledger::Event>{};
    const std::string kind = added.empty() ? std::string() : added.back().payload.value("kind", std::string());
    if (kind.empty() && !store.get(id)) s = read_for_change(root, id);  // unknown: refused with a suggestion
    s.id = id;
    s.kind = kind.empty() ? "person" : kind;
    r.has_file = false;
  } else {
    s = read_for_change(root, id);
  }
  if (s.kind != "person") {
    refuse(fmt::format("'{}' is an {}, not a person: forget erases a person's personal data, and the name of an "
                       "organization or group is not personal data",
                       id, s.kind == "group" ? "group" : "organization"),
           fmt::format("to take it out of the project: interlink stakeholder remove {} --reason TEXT; to drop its "
                       "contact email or phone: interlink stakeholder update {} --email '' --phone ''",
                       id, id));
  }
  Contact c = store.get(id).value_or(Contact{});
  if (!c.name.empty()) r.erased.push_back("name");
  if (!c.email.empty()) r.erased.push_back("email");
  if (!c.phone.empty()) r.erased.push_back("phone");
  for (const auto& band : model::vocab::bands)
    if (s.bands.count(band)) r.erased.push_back(band);
  if (!s.tags.empty()) r.erased.push_back("tags");
  if (r.erased.empty() && led && !led->read({.kind = std::string(kinds::stakeholder_erased), .subject = id}).empty()) {
    refuse(fmt::format("'{}' has already been forgotten: nothing of theirs is left to erase", id));
  }
  s.bands.clear();
  s.tags.clear();
  r.after = s;
  return r;
}

}  // namespace

ForgetResult forget(const stdfs::path& root, const std::string& actor, const std::string& id, bool dry_run) {
  // A dry run is a check: it must not apply what the ledger has staged.
  auto led = ledger::Ledger::open(io::ledger_path(root),
                                  dry_run ? ledger::Ledger::Mode::read_only : ledger::Ledger::Mode::read_write);
  ForgetResult r;
  {
    auto store = PrivateStore::open(root, false);
    r = plan_forget(root, id, store, &led);
  }
  if (dry_run) return r;
  led.commit(actor, [&](const ledger::Ledger& l) {
    std::error_code ec;
    bool has_store = stdfs::exists(PrivateStore::path_for(root), ec);
    auto store = PrivateStore::open(root, has_store);
    r = plan_forget(root, id, store, &l);
    io::remove_leftover_temp_files(root);  // one may hold the person's bands
    io::forget_parsed_stakeholders(root);  // the parse cache holds them too
    // Erase first: should the ledger commit fail, the person's data is gone
    // all the same, and running forget again records it.
    if (has_store) {
      settle_private(store, l);
      store.erase(id);
    }
    ledger::Change change;
    change.events.push_back({std::string(kinds::stakeholder_erased), id, {{"erased", r.erased}}});
    if (r.has_file) change.files.push_back({io::stakeholder_path(id), io::stakeholder_to_yaml(r.after)});
    return change;
  });
  return r;
}

}  // namespace interlink::stakeholders
