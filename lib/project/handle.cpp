// See handle.hpp.
#include "project/handle.hpp"

#include "io/invalid.hpp"
#include "stakeholders/private_store.hpp"
#include "util/error.hpp"

namespace interlink::project {

Handle::Handle(stdfs::path root) : root_(std::move(root)) { ws_.root = root_; }
Handle::Handle(Handle&&) noexcept = default;
Handle& Handle::operator=(Handle&&) noexcept = default;
Handle::~Handle() = default;

const model::Project& Handle::plan() {
  if (!plan_loaded_) {
    ws_.project = io::read_manifest(root_, ws_.findings, parse_cache_);
    plan_loaded_ = true;
  }
  return ws_.project;
}

const io::Workspace& Handle::workspace() {
  plan();
  if (!stakeholders_loaded_) {
    io::load_stakeholders(ws_, parse_cache_);
    stakeholders_loaded_ = true;
  }
  return ws_;
}

std::vector<model::Stakeholder> Handle::stakeholders_named(const std::vector<std::string>& ids) {
  plan();
  if (stakeholders_loaded_) {
    std::vector<model::Stakeholder> out;
    for (const auto& id : ids) {
      if (const auto* s = ws_.find_stakeholder(id)) out.push_back(*s);
    }
    return out;
  }
  io::Workspace w;
  w.root = root_;
  io::load_stakeholders_named(w, ids);
  named_findings_.insert(named_findings_.end(), w.findings.begin(), w.findings.end());
  return std::move(w.stakeholders);
}

void Handle::require_readable() {
  for (const auto& f : workspace().findings) {
    if (f.rule == "unreadable")
      throw Error(ExitStatus::unreadable, f.message, "fix it, or run 'interlink validate'", f.pos);
  }
}

const model::Project& Handle::require_valid_plan() {
  plan();
  io::require_no_errors(ws_.findings, io::kManifestPath);
  return ws_.project;
}

const std::vector<model::Stakeholder>& Handle::require_valid_stakeholders() {
  workspace();
  io::require_no_errors(ws_.findings, io::kStakeholdersPath);
  return ws_.stakeholders;
}

std::vector<model::Stakeholder> Handle::reread_valid_stakeholders() const {
  io::Workspace w;
  w.root = root_;
  io::load_stakeholders(w, io::ParseCache::read_only);
  io::require_no_errors(w.findings, io::kStakeholdersPath);
  return std::move(w.stakeholders);
}

std::string Handle::errors_warning() const {
  if (stakeholders_loaded_ || named_findings_.empty()) return io::errors_warning(ws_.findings);
  model::Findings all = ws_.findings;
  all.insert(all.end(), named_findings_.begin(), named_findings_.end());
  return io::errors_warning(all);
}

const ledger::Ledger& Handle::ledger() {
  if (!ledger_)
    ledger_ = std::make_unique<ledger::Ledger>(ledger::Ledger::open(ledger_path(), ledger::Ledger::Mode::read_only));
  return *ledger_;
}

ledger::Ledger& Handle::ledger_rw() {
  if (!ledger_ || !ledger_writable_) {
    ledger_ = std::make_unique<ledger::Ledger>(ledger::Ledger::open(ledger_path(), ledger::Ledger::Mode::read_write));
    ledger_writable_ = true;
  }
  return *ledger_;
}

const stakeholders::PrivateStore* Handle::store() {
  if (!store_opened_) {
    std::error_code ec;
    if (stdfs::exists(stakeholders::PrivateStore::path_for(root_), ec))
      store_ = std::make_unique<stakeholders::PrivateStore>(stakeholders::PrivateStore::open(root_, false));
    store_opened_ = true;
  }
  return store_.get();
}

std::vector<std::string> Handle::person_names_in(std::string_view text) {
  const auto* s = store();
  return s ? s->person_names_in(text) : std::vector<std::string>{};
}

std::vector<std::string> Handle::person_names() {
  const auto* s = store();
  return s ? s->person_names() : std::vector<std::string>{};
}

}  // namespace interlink::project
