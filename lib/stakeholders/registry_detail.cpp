// See registry_detail.hpp.
#include "stakeholders/registry_detail.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "io/plan_check.hpp"
#include "io/project_io.hpp"
#include "io/stakeholder_write.hpp"
#include "io/yaml.hpp"
#include "ledger/kinds.hpp"
#include "util/beneath.hpp"

namespace interlink::stakeholders::detail {

namespace kinds = ledger::kinds;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool file_exists(const stdfs::path& root, const std::string& id) {
  return fs::entry_at(root, io::stakeholder_path(id)) != fs::Entry::missing;
}

IdsOnDisk::IdsOnDisk(stdfs::path root, std::size_t lookups) : root_(std::move(root)) {
  if (lookups < 64) return;
  listed_ = true;
  std::error_code ec;
  for (stdfs::directory_iterator it(root_ / "stakeholders", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") ids_.insert(it->path().stem().string());
  }
}

std::string status_in_ledger(const stdfs::path& root, const std::string& id) {
  std::error_code ec;
  if (!stdfs::exists(io::ledger_path(root), ec)) return {};
  auto led = ledger::Ledger::open(io::ledger_path(root), ledger::Ledger::Mode::read_only);
  std::string status;
  led.scan({.kind = "stakeholder.", .subject = id},
           [&](const ledger::Record& r) { status = kinds::stakeholder_status_after(status, r.kind); });
  return status;
}

bool IdsOnDisk::count(const std::string& id) const { return listed_ ? ids_.count(id) > 0 : file_exists(root_, id); }

void check_file_size(Checker& ck, const model::Stakeholder& s) {
  const std::size_t bytes = io::stakeholder_to_yaml(s).size();
  if (bytes <= io::kMaxYamlBytes) return;
  ck.add(ExitStatus::usage,
         fmt::format("stakeholder '{}' would be written as a file of {} bytes, more than the {} interlink reads back",
                     s.id, bytes, io::kMaxYamlBytes),
         "give it fewer or shorter tags");
}

ledger::Ledger open_ledger(const stdfs::path& root) { return ledger::Ledger::open(io::ledger_path(root)); }

void require_readable_plan(const stdfs::path& root) {
  io::check_layout(root);
  io::require_readable_plan(root);
}

void settle_private(PrivateStore& store, const ledger::Ledger& led) {
  store.resolve_pending([&](const std::string& id) {
    return !led.read({.kind = std::string(kinds::stakeholder_added), .subject = id}).empty();
  });
}

void settle_if_any(const stdfs::path& root, const ledger::Ledger& led) {
  // Temporary files of a killed write (which may hold a person's bands) are
  // removed by the writer that finishes its staged change (ledger/staged.hpp),
  // before build() runs: this one need not list stakeholders/.
  std::error_code ec;
  if (!stdfs::exists(PrivateStore::path_for(root), ec)) return;
  // Opened for writing only when a killed write left rows to settle: a
  // writer asks git whether the store is ignored (4.5 ms of a 15 ms
  // add-stakeholder on the 1m bench project, strace), which an organisation
  // added to a project with persons would otherwise pay every time.
  if (!PrivateStore::open(root, false).has_pending()) return;
  auto store = PrivateStore::open(root, true);
  settle_private(store, led);
}

}  // namespace interlink::stakeholders::detail
