// See ledger_checks.hpp.
#include "validate/ledger_checks.hpp"

#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "process/load.hpp"
#include "process/verified.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "validate/process_checks.hpp"

namespace interlink::validate {

namespace {

namespace stdfs = std::filesystem;
using model::Severity;

// The findings as the plan's Checker adds them (validate.cpp).
struct Add {
  io::Workspace& w;
  void error(const std::string& rule, const SourcePos& pos, std::string msg) const {
    w.findings.push_back({rule, Severity::error, pos, std::move(msg)});
  }
  void warning(const std::string& rule, const SourcePos& pos, std::string msg) const {
    w.findings.push_back({rule, Severity::warning, pos, std::move(msg)});
  }
};

// What check_ledger needs of the ledger: verified, replayed (the core and
// the digest of the items) and its refs. From the cache when `verify` has
// checked this very file since it last changed and the state cache has the
// digest (process/verified.hpp, load_digested: no event is read, or only
// those appended since); else verified and replayed in one read, the refs
// noted from each event verify accepts.
struct CheckedLedger {
  process::VerifiedState checked;
  process::LedgerRefs refs;
};

CheckedLedger check_events(const ledger::Ledger& led, const stdfs::path& root, const stdfs::path& db, bool thorough) {
  CheckedLedger out;
  const auto verified = thorough ? std::nullopt : process::verified_rows_print(root, db, led);
  if (verified) {
    // Only state replayed from the very rows verify checked (the print).
    if (auto s = process::load_digested(led, root); s && s->print && s->print->hex() == *verified) {
      out.refs = std::move(*s->refs);
      s->refs.reset();
      out.checked.state = std::move(*s);
      return out;
    }
  }
  // Without the items (their digest: what check_process needs): the 1m
  // project's 989,047 items were ~650 MB of validate's 758 MiB (issue 10).
  out.checked = process::verify_and_replay(
      led, db, /*replay_unverified=*/false, [&](const ledger::RecordView& e) { out.refs.note(e.kind, e.subject); },
      process::Items::digest);
  return out;
}

// The ledger: readable, verified, and consistent with the files.
}  // namespace

void check_ledger(io::Workspace& w, bool thorough) {
  Add c{w};
  const stdfs::path db = io::ledger_path(w.root);
  const SourcePos at{"ledger.db"};
  std::error_code ec;
  if (!stdfs::exists(db, ec)) {
    c.error(
        "ledger-missing", at,
        "ledger.db is missing: every project has one, which 'interlink init' made; restore it from git or a backup");
    return;
  }
  // Consistency: what the ledger says exists must exist in the files. The
  // refs keep each phase and task that events name once, in the order first
  // named: a million events name a few hundred, and a list of every event's
  // pair held 1m strings to the end (issue 10).
  std::optional<ledger::Ledger> opened;
  CheckedLedger events;
  try {
    opened.emplace(ledger::Ledger::open(db, ledger::Ledger::Mode::read_only));
    events = check_events(*opened, w.root, db, thorough);
  } catch (const Error& e) {
    w.unreadable = true;
    c.error("unreadable", at, e.message());
    return;
  }
  const process::VerifiedState& checked = events.checked;
  const ledger::VerifyResult& v = checked.verify;
  if (!v.ok) {
    c.error("ledger-verify", at, v.problem);
    return;
  }
  const auto& stakeholders = events.refs.stakeholders;
  const ledger::Ledger& ledger = *opened;
  // A ledger of another project (copied over, or brought in by a git
  // fast-forward, which never calls the merge driver) verifies as a chain:
  // its first event names the project it was made for. Every other finding
  // would follow from the mismatch, so it is the only one.
  if (const auto created = ledger.read({.kind = std::string(ledger::kinds::project_created)});
      !created.empty() && !w.project.id.empty() && created.front().subject != w.project.id) {
    c.error("ledger-consistency", at,
            fmt::format("the ledger was made for project '{}', but interlink.yaml is project '{}': what it records "
                        "belongs to the other project; restore this project's ledger.db from git",
                        text::excerpt(text::printable(created.front().subject)),
                        text::excerpt(text::printable(w.project.id))));
    return;
  }
  // Files of a killed command's change, staged and not yet written: one
  // finding for the change, not one per missing file. validate never writes
  // (SPEC §8), so it does not finish the change itself.
  std::set<std::string> staged;
  for (const auto& f : ledger.staged()) staged.insert(f.path);
  if (!staged.empty()) {
    c.error("interrupted-change", at,
            fmt::format("a change interrupted by a kill is still staged in the ledger ({} file{} not yet written); "
                        "validate never writes: the next interlink command that records a change, run where the "
                        "project is writable, finishes it first",
                        staged.size(), staged.size() == 1 ? "" : "s"));
  }
  for (const auto& [id, present] : stakeholders) {
    // A file that exists is not missing, even one that cannot be parsed
    // (a merge conflict's markers): its own finding says what is wrong.
    if (present && !w.has_file(id) && !staged.count(io::stakeholder_path(id))) {
      c.error("ledger-consistency", SourcePos{io::stakeholder_path(id)},
              fmt::format("the ledger records stakeholder '{}' but its file is missing; restore it from git, or "
                          "record its removal with 'interlink stakeholder remove'",
                          id));
    }
  }
  // The files with errors too, by the id they hold (their own findings say
  // what else is wrong with them).
  std::vector<const model::Stakeholder*> files;
  for (const auto& s : w.stakeholders) files.push_back(&s);
  for (const auto& f : w.invalid) files.push_back(&f.parsed);
  for (const model::Stakeholder* file : files) {
    const model::Stakeholder& s = *file;
    if (s.id.empty()) continue;  // its file already has a missing-key finding
    auto it = stakeholders.find(s.id);
    if (it == stakeholders.end()) {
      c.warning("unrecorded-stakeholder", s.at.self,
                fmt::format("stakeholder '{}' has no 'stakeholder.added' event in the ledger (added by hand?)", s.id));
    } else if (!it->second) {
      c.error("ledger-consistency", s.at.self,
              fmt::format("stakeholder '{}' was removed according to the ledger, but its file is still here", s.id));
    }
  }
  for (const auto& [phase, subject] : events.refs.plan_refs) {
    bool exists = phase ? w.project.find_phase(subject) != nullptr : w.project.find_task(subject).second != nullptr;
    if (!exists) {
      c.error("ledger-consistency", SourcePos{"interlink.yaml"},
              fmt::format("the ledger records events of {} '{}', which is no longer in interlink.yaml",
                          phase ? "phase" : "task", subject));
    }
  }
  for (const auto& k : events.refs.unknown_kinds) {
    c.warning("unknown-event-kind", at,
              fmt::format("the ledger holds events of kind '{}', unknown to this version", k));
  }
  check_process(w, ledger, checked.state, clock::today());
}

}  // namespace interlink::validate
