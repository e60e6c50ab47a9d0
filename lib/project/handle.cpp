// See handle.hpp.
#include "project/handle.hpp"

#include "stakeholders/private_store.hpp"
#include "util/error.hpp"

namespace interlink::project {

Handle::Handle(stdfs::path root) : root_(std::move(root)) { ws_.root = root_; }
Handle::Handle(Handle&&) noexcept = default;
Handle& Handle::operator=(Handle&&) noexcept = default;
Handle::~Handle() = default;

const model::Project& Handle::plan() {
  if (!plan_loaded_) {
    ws_.project = io::read_manifest(root_, ws_.findings);
    plan_loaded_ = true;
  }
  return ws_.project;
}

const io::Workspace& Handle::workspace() {
  plan();
  if (!stakeholders_loaded_) {
    io::load_stakeholders(ws_);
    stakeholders_loaded_ = true;
  }
  return ws_;
}

void Handle::require_readable() {
  for (const auto& f : workspace().findings) {
    if (f.rule == "unreadable")
      throw Error(ExitStatus::unreadable, f.message, "fix it, or run 'interlink validate'", f.pos);
  }
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

const std::vector<std::string>& Handle::person_names() {
  if (!person_names_) {
    person_names_.emplace();
    std::error_code ec;
    if (stdfs::exists(stakeholders::PrivateStore::path_for(root_), ec)) {
      for (const auto& [id, c] : stakeholders::PrivateStore::open(root_, false).all())
        if (!c.name.empty()) person_names_->push_back(c.name);
    }
  }
  return *person_names_;
}

}  // namespace interlink::project
