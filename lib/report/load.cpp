// See load.hpp.
#include "report/load.hpp"

#include <algorithm>

#include "ledger/ledger.hpp"
#include "process/state.hpp"
#include "stakeholders/private_store.hpp"
#include "util/error.hpp"

namespace interlink::report {

Input Loaded::input() const {
  Input in;
  in.project = &workspace.project;
  in.stakeholders = &workspace.stakeholders;
  in.state = &state;
  in.verify = verify;
  in.names = names;
  in.with_names = with_names;
  return in;
}

Loaded load(const std::filesystem::path& root, bool with_names, const OnStep& on_step) {
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
  step("verifying and replaying the ledger");
  auto db = io::ledger_path(root);
  {
    auto ledger = ledger::Ledger::open(db, ledger::Ledger::Mode::read_only);
    auto checked = process::verify_and_replay(ledger, db, /*replay_unverified=*/true);
    out.state = std::move(checked.state);
    out.verify = std::move(checked.verify);
  }
  out.with_names = with_names;
  if (with_names) {
    step("reading names from the private store");
    for (const auto& [id, c] : stakeholders::PrivateStore::open(root, false).all()) {
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
