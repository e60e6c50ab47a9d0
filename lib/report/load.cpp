// See load.hpp.
#include "report/load.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "process/load.hpp"
#include "process/state.hpp"
#include "process/verified.hpp"
#include "stakeholders/listing.hpp"
#include "stakeholders/private_store.hpp"
#include "stakeholders/recorded_name.hpp"
#include "util/error.hpp"

namespace interlink::report {

Input Loaded::input() const {
  Input in;
  in.project = &workspace.project;
  in.stakeholders = &workspace.stakeholders;
  in.state = &state;
  in.digest = digest ? &*digest : nullptr;
  in.every_row = every_row;
  in.verify = verify;
  in.names = names;
  in.recorded_names = recorded_names;
  in.with_names = with_names;
  return in;
}

namespace {

// The last name the ledger recorded for each organization or group that was
// removed and has no file any more (stakeholder.added, then any
// stakeholder.updated that changed it). Names of organizations are not
// personal data (SPEC §6); persons' names never enter the ledger, and a
// person's events are skipped anyway. A few removed stakeholders: one
// indexed query each.
std::map<std::string, std::string> removed_names(const ledger::Ledger& led, const io::Workspace& ws) {
  std::set<std::string> gone;
  led.scan({.kind = std::string(ledger::kinds::stakeholder_removed)},
           [&](const ledger::Record& r) { gone.insert(r.subject); });
  for (const auto& s : ws.stakeholders) gone.erase(s.id);
  std::map<std::string, std::string> out;
  for (const auto& id : gone) {
    std::string name;  // stays "" for a person, or if no event could be read: the id is shown
    led.scan({.kind = "stakeholder.", .subject = id}, [&](const ledger::Record& r) {
      if (std::string n = stakeholders::recorded_name(led, r); !n.empty()) name = n;
    });
    if (!name.empty()) out[id] = name;
  }
  return out;
}

}  // namespace

Loaded load(const std::filesystem::path& root, const LoadOptions& options, const OnStep& on_step) {
  const bool with_names = options.with_names, every_row = options.every_row;
  auto step = [&](const std::string& what) {
    if (on_step) on_step(what);
  };
  Loaded out;
  step("reading the plan and the stakeholders");
  // Through the parse caches, which are sealed with the user's own key
  // (io/cache_seal.hpp): what they hold is what parsing these bytes gives.
  out.workspace = io::load_workspace(root, io::ParseCache::read_only);
  for (const auto& f : out.workspace.findings) {
    if (f.rule == "unreadable")
      throw Error(ExitStatus::unreadable, f.message, "fix it, or run 'interlink validate'", f.pos);
  }
  auto db = io::ledger_path(root);
  out.every_row = every_row;
  bool from_cache = false;
  {
    auto ledger = ledger::Ledger::open(db, ledger::Ledger::Mode::read_only);
    out.recorded_names = removed_names(ledger, out.workspace);
    std::optional<std::string> print;  // of the rows verify's mark holds for
    if (!every_row && !options.thorough) {
      // Checked by verify, and cached from the very rows it checked.
      print = process::verified_rows_print(root, db, ledger);
      if (auto cached = print ? process::load_reported(ledger, root, *print) : std::nullopt) {
        out.state = std::move(cached->first);
        out.digest = std::move(cached->second);
        out.verify.ok = true;
        out.verify.events = out.state.events;
        out.verify.heads = ledger.heads();
        out.verify.root = ledger.root_hash();
        out.verify.rows_print = *print;
        from_cache = true;
      }
    }
    if (!from_cache) {
      step("verifying and replaying the ledger");
      // md and html: the digest holds what the report shows of the items.
      // Where verify's mark holds (the cache was missing, or too far behind
      // to carry over), the state cache is written from the same replay,
      // so that the next report takes the path above; without the mark the
      // next one reads every event anyway, and the write would only cost
      // this one (about 1 s of its 6 s on a million events). csv and json,
      // and --thorough, always read every event: they write nothing.
      const auto items = print ? process::Items::cache : process::Items::keep;
      auto checked = process::verify_and_replay(ledger, db, /*replay_unverified=*/true, {}, items);
      if (!every_row) out.digest = process::digest_and_cache(root, checked);
      out.state = std::move(checked.state);
      out.verify = std::move(checked.verify);
      if (!every_row) {
        out.state.feedback = {};
        out.state.decisions = {};
        out.state.items = false;
      }
    }
  }
  out.with_names = with_names;
  if (with_names) {
    step("reading names from the private store");
    auto contacts = stakeholders::PrivateStore::open(root, false).all();
    std::set<std::string> erased;
    for (const auto& [id, c] : contacts) {
      const auto* rec = out.state.stakeholders.find(id);
      if (rec != nullptr && rec->status == "erased") erased.insert(id);
    }
    out.erased_held = stakeholders::drop_erased_contacts(contacts, erased);
    for (const auto& [id, c] : contacts) {
      if (!c.name.empty()) out.names[id] = c.name;
    }
  }
  return out;
}

std::string pick_language(const Templates& t, const std::string& project_language) {
  auto langs = t.languages();
  return std::find(langs.begin(), langs.end(), project_language) != langs.end() ? project_language : "en";
}

}  // namespace interlink::report
