// One project handle: the project folder's paths, and what a command reads
// of it — the plan, the stakeholders, the ledger, the private store's names —
// each loaded once, when first asked for. Commands and the library functions
// they call share one handle instead of re-deriving paths from the root and
// parsing interlink.yaml again in each function.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/project_io.hpp"
#include "ledger/ledger.hpp"

namespace interlink::stakeholders {
class PrivateStore;
}

namespace interlink::project {

namespace stdfs = std::filesystem;

class Handle {
 public:
  explicit Handle(stdfs::path root);
  Handle(Handle&&) noexcept;
  Handle& operator=(Handle&&) noexcept;
  ~Handle();

  [[nodiscard]] const stdfs::path& root() const { return root_; }
  // root / relative path (a path interlink itself writes or reads).
  [[nodiscard]] stdfs::path path(std::string_view relative) const { return root_ / relative; }
  [[nodiscard]] stdfs::path ledger_path() const { return io::ledger_path(root_); }

  // Lets this command refresh the parse caches of .interlink/cache (what
  // the commands that show the project call, like load_state's
  // may_write_cache); by default they are read, never written, so that a
  // write, a check or a refused command leaves no file behind.
  void refresh_caches() { parse_cache_ = io::ParseCache::use; }

  // The plan (interlink.yaml), parsed once. Throws Error(unreadable) when it
  // cannot be parsed; schema problems are in findings().
  const model::Project& plan();
  // The plan and every stakeholder file, loaded once (stakeholders sorted by id).
  const io::Workspace& workspace();
  const std::vector<model::Stakeholder>& stakeholders() { return workspace().stakeholders; }
  // Only the stakeholder files of these ids, those without an error
  // (io::load_stakeholders_named), with the plan: for a command that shows
  // one item, where stakeholders() read 10,000 files (or their cache) for a
  // sender's sector, 86% of `feedback show ID` on a large project (issue
  // 10). Their findings join errors_warning(). From stakeholders() when
  // every file is loaded already.
  std::vector<model::Stakeholder> stakeholders_named(const std::vector<std::string>& ids);
  // Findings of the files loaded so far.
  const model::Findings& findings() const { return ws_.findings; }
  // Throws Error(unreadable) for the first file that could not be parsed at all.
  void require_readable();

  // For the commands that move the process (io/invalid.hpp): the plan, or
  // every stakeholder file, refused (Error(unreadable), exit 3) at its first
  // error finding. From the parse that loading gives (or its cache): no
  // file is read twice for it.
  const model::Project& require_valid_plan();
  const std::vector<model::Stakeholder>& require_valid_stakeholders();
  // The stakeholder files read again (through the parse cache, read only),
  // as a write reads them under the ledger's lock, refused at the first
  // error finding as require_valid_stakeholders() does.
  std::vector<model::Stakeholder> reread_valid_stakeholders() const;
  // For the commands that show the project: the warning line about the
  // errors of the files loaded so far, or "" (io::errors_warning).
  std::string errors_warning() const;

  // The ledger, opened once read-only; ledger_rw() opens (once) for writing.
  const ledger::Ledger& ledger();
  ledger::Ledger& ledger_rw();

  // The names of the persons held in the private store that may occur in
  // text (for the screen of free text, lib/privacy: a superset of those it
  // finds there), asked of the store, which is opened once; empty when there
  // is no store. Never every name of a large project (issue 10).
  std::vector<std::string> person_names_in(std::string_view text);
  // Every person's name, for screening many texts at once (an import): fold
  // them once into a privacy::Names rather than ask the store per text.
  std::vector<std::string> person_names();

 private:
  const stakeholders::PrivateStore* store();  // opened once; nullptr when there is none

  stdfs::path root_;
  io::Workspace ws_;
  model::Findings named_findings_;  // of the files stakeholders_named() read, while not every file is loaded
  bool plan_loaded_ = false, stakeholders_loaded_ = false;
  io::ParseCache parse_cache_ = io::ParseCache::read_only;
  std::unique_ptr<ledger::Ledger> ledger_;
  bool ledger_writable_ = false;
  std::unique_ptr<stakeholders::PrivateStore> store_;
  bool store_opened_ = false;
};

}  // namespace interlink::project
