// See process_checks.hpp. Rule ids (man/interlink-validate.1):
// ledger-consistency, conflicting-transition, conflicting-addition,
// evidence-changed, evidence-missing, phase-late; out-of-range and wrong-type
// for a decision's counts.
#include "validate/process_checks.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "process/decision.hpp"
#include "process/ids.hpp"
#include "process/state.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::validate {

namespace {

namespace kinds = ledger::kinds;
namespace stdfs = std::filesystem;
using model::Severity;

void add(io::Workspace& w, const char* rule, Severity sev, SourcePos pos, std::string msg) {
  w.findings.push_back({rule, sev, std::move(pos), std::move(msg)});
}

// Evidence: the newest record of each file, compared with the file now.
void check_evidence(io::Workspace& w, const ledger::Ledger& led) {
  struct Recorded {
    std::string task, sha256, event;
    long long size = 0;
  };
  std::map<std::string, Recorded> newest;
  led.scan({.kind = "task."}, [&](const ledger::Record& r) {
    if (r.payload.find("\"evidence\"") == std::string::npos) return;  // parse only what has evidence
    auto p = led.payload(r);
    for (const auto& e : p.value("evidence", ledger::Json::array())) {
      if (!e.is_object() || !e.contains("path") || !e["path"].is_string()) continue;
      newest[e["path"].get<std::string>()] = {r.subject, e.value("sha256", ""), r.hash, e.value("size", 0LL)};
    }
  });
  for (const auto& [path, rec] : newest) {
    stdfs::path p(path);
    bool inside = !p.is_absolute() && std::none_of(p.begin(), p.end(), [](const stdfs::path& c) { return c == ".."; });
    std::error_code ec;
    auto st = inside ? stdfs::symlink_status(w.root / p, ec) : stdfs::file_status{};
    if (!inside || ec || !stdfs::is_regular_file(st)) {
      add(w, "evidence-missing", Severity::error, SourcePos{path},
          fmt::format("the evidence of task '{}' (event {}) is gone: {} is not a file in the project; restore it "
                      "from git",
                      rec.task, ledger::short_id(rec.event), text::printable(path)));
      continue;
    }
    std::string now = sha256_file_hex(w.root / p);
    if (now != rec.sha256) {
      add(w, "evidence-changed", Severity::error, SourcePos{path},
          fmt::format("the evidence of task '{}' changed since it was recorded (event {}): SHA-256 {} recorded, {} "
                      "now; restore the recorded version from git, or record the new one with 'interlink task "
                      "reopen' and 'task done --evidence'",
                      rec.task, ledger::short_id(rec.event), rec.sha256.substr(0, 12), now.substr(0, 12)));
    }
  }
}

// Decisions: each count recorded (for, against, abstain, eligible, needed)
// must be a whole number from 0 to kMaxVotes, as `decide` writes it. A ledger
// can come from anyone's clone; the state reads any other value as 0
// (process/state.cpp), and this says so. A missing count is not reported:
// it reads as 0, like every missing payload field. Decisions are few (a
// handful per phase iteration), so their payloads are parsed here, on their
// own, even when validate replayed nothing (the digest).
void check_decisions(io::Workspace& w, const ledger::Ledger& led) {
  led.scan({.kind = std::string(kinds::decision_recorded)}, [&](const ledger::Record& r) {
    const auto p = led.payload(r);
    if (!p.is_object()) return;
    for (const char* key : {"for", "against", "abstain", "eligible", "needed"}) {
      auto it = p.find(key);
      if (it == p.end()) continue;
      const bool whole = it->is_number_integer();
      const bool in_range = whole && (it->is_number_unsigned()
                                          ? it->get<std::uint64_t>() <= static_cast<std::uint64_t>(process::kMaxVotes)
                                          : process::is_vote_count(it->get<long long>()));
      if (in_range) continue;
      add(w, whole ? "out-of-range" : "wrong-type", Severity::error, SourcePos{"ledger.db"},
          fmt::format("decision dc-{} records {} {}, {}: it is read as 0", r.hash.substr(0, process::kShortIdDigits),
                      key, text::excerpt(text::printable(it->dump())),
                      whole ? fmt::format("outside 0 to {}", process::kMaxVotes) : std::string("not a whole number")));
    }
  });
}

// The ids of the feedback items ("fb-" and the shortest unique prefix of
// their event's hash), by hash: from the items when the state holds them,
// else from the hashes of the ledger's feedback events (a lean replay keeps
// none; only a finding needs them, so this second read is the rare path).
std::map<std::string, std::string> feedback_ids(const ledger::Ledger& led, const process::State& s) {
  std::map<std::string, std::string> out;
  if (!s.digest) {
    for (const auto& f : s.feedback) out.emplace(f.hash, f.id);
    return out;
  }
  std::vector<std::string> hashes;
  led.scan({.kind = std::string(kinds::feedback_recorded)}, [&](const ledger::Record& r) { hashes.push_back(r.hash); });
  const auto short_ids = process::short_ids(hashes);
  for (std::size_t i = 0; i < hashes.size(); ++i) out.emplace(hashes[i], "fb-" + short_ids[i]);
  return out;
}

}  // namespace

void check_process(io::Workspace& w, const ledger::Ledger& led, const process::State& s, const std::string& today) {
  const SourcePos plan{"interlink.yaml"};
  std::set<std::string> phases;
  for (const auto& ph : w.project.phases) phases.insert(ph.id);
  std::set<std::string> reported;
  auto missing_phase = [&](const std::string& phase, const std::string& what) {
    if (phase.empty() || phases.count(phase) || !reported.insert(phase).second) return;
    add(w, "ledger-consistency", Severity::error, plan,
        fmt::format("the ledger records {} of phase '{}', which is no longer in interlink.yaml", what,
                    text::printable(phase)));
  };
  // The digest whether validate replayed leanly (the usual case) or with
  // the items (a merged ledger): the same findings, in the same order.
  const process::ItemDigest items = process::digest_items(s);
  for (const auto& phase : items.feedback_phases) missing_phase(phase, "feedback");
  for (const auto& phase : items.decision_phases) missing_phase(phase, "decisions");
  std::optional<std::map<std::string, std::string>> ids;  // hash -> fb- id, made when first needed
  for (const auto& [from, hash] : items.first_from) {
    if (s.stakeholders.find(from) != nullptr || w.has_file(from)) continue;
    if (!ids) ids = feedback_ids(led, s);
    add(w, "ledger-consistency", Severity::error, SourcePos{"ledger.db"},
        fmt::format("feedback {} comes from stakeholder '{}', whom neither the ledger nor stakeholders/ knows",
                    (*ids)[hash], text::printable(from)));
  }
  for (const auto& c : s.conflicts) {
    if (c.first_kind == ledger::kinds::stakeholder_added && c.second_kind == c.first_kind) {
      add(w, "conflicting-addition", Severity::warning, SourcePos{"ledger.db"},
          fmt::format("stakeholder '{}' was added on two branches that did not see each other, by events {} and {}, "
                      "perhaps with different fields; the commands read stakeholders/{}.yaml, which holds whichever "
                      "side the merge kept: check it, and record the fields that are right with 'interlink "
                      "stakeholder update'",
                      text::printable(c.subject), ledger::short_id(c.first), ledger::short_id(c.second),
                      text::printable(c.subject)));
      continue;
    }
    add(w, "conflicting-transition", Severity::warning, SourcePos{"ledger.db"},
        fmt::format("'{}' was moved on two branches that did not see each other: {} by event {} and {} by event {}; "
                    "the merged record keeps {} (the later); check which is right and record it again",
                    text::printable(c.subject), c.first_kind, ledger::short_id(c.first), c.second_kind,
                    ledger::short_id(c.second), c.second_kind));
  }
  check_evidence(w, led);
  check_decisions(w, led);
  for (const auto& ph : w.project.phases) {
    if (s.phase_status(ph.id) == "active" && !ph.end.empty() && ph.end < today) {
      add(w, "phase-late", Severity::warning, ph.at.at("end"),
          fmt::format("phase '{}' is still active past its planned end {}: complete it ('interlink run-phase {} "
                      "--complete') or move its end date",
                      ph.id, ph.end, ph.id));
    }
  }
}

}  // namespace interlink::validate
