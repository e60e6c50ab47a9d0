// A replayed state as text, field by field, for tests that hold two ways of
// computing a state to the same answer (the cache against the replay, the
// verified replay against the plain one).
#pragma once

#include <map>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "process/state.hpp"

// Every field of a state but its items, as text: what the core file holds.
inline std::string core_dump(const interlink::process::State& s) {
  std::string out;
  for (const auto& [id, p] : s.phases) {
    out += "phase " + id + " " + p.id + " " + p.status + " " + std::to_string(p.iteration) + "\n";
    for (const auto& it : p.iterations)
      out +=
          fmt::format("  {} {} {} {} {}\n", it.number, it.started, it.completed, it.forced_start, it.forced_complete);
  }
  for (const auto& [id, t] : s.tasks) {
    out += fmt::format("task {} {} {} {} {} {} {} {} {} {} {}\n", id, t.id, t.phase, t.status, t.iteration, t.started,
                       t.finished, t.actor, t.note, t.reason, t.event);
    for (const auto& e : t.evidence) out += fmt::format("  evidence {} {} {} {}\n", e.path, e.size, e.sha256, e.url);
    for (const auto& a : t.addresses) out += "  addresses " + a + "\n";
    for (const auto& a : t.earlier_answers)
      out += fmt::format("  earlier {} {} {} [{}]\n", a.iteration, a.finished, a.actor, fmt::join(a.addresses, ","));
  }
  for (const auto& [key, n] : s.feedback_counts) out += fmt::format("fc {} {} {}\n", key.first, key.second, n);
  for (const auto& [key, n] : s.approved_counts) out += fmt::format("ac {} {} {}\n", key.first, key.second, n);
  out +=
      fmt::format("totals {} {} {} {} chain {}\n", s.feedback_total, s.decisions_total, s.events, s.last_time, s.chain);
  for (const auto& o : s.overrides) {
    out += fmt::format("override {} {} {} {} {} {} {}\n", o.hash, o.time, o.actor, o.phase, o.transition, o.iteration,
                       o.reason);
    for (const auto& u : o.unmet) out += fmt::format("  unmet {} {} {}\n", u.condition, u.have, u.need);
  }
  for (const auto& [id, r] : s.stakeholders)
    out += fmt::format("stakeholder {} {} {} {} {} {}\n", id, r.id, r.status, r.consent, r.joined, r.sector);
  for (const auto& c : s.conflicts)
    out += fmt::format("conflict {} {} {} {} {}\n", c.subject, c.first, c.second, c.first_kind, c.second_kind);
  return out;
}

// The feedback items and decisions, every field, in replay order.
inline std::string items_dump(const interlink::process::State& s) {
  std::string out;
  for (const auto& f : s.feedback) {
    out += fmt::format("feedback {} {} {} {} {} {} {} {} {} [{}]\n", f.id, f.hash, f.time, f.actor, f.from, f.phase,
                       f.iteration, f.type, f.text, fmt::join(f.tags, ","));
  }
  for (const auto& d : s.decisions) {
    out +=
        fmt::format("decision {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} [{}] {} {}\n", d.id, d.hash, d.time,
                    d.actor, d.title, d.phase, d.iteration, d.votes_for, d.votes_against, d.votes_abstain, d.eligible,
                    d.needed, d.rule, d.threshold, d.quorum, d.outcome, fmt::join(d.addresses, ","), d.review, d.note);
  }
  return out;
}

// Every field of status's summary of the items, as text.
inline std::string summary_dump(const interlink::process::ItemSummary& s) {
  std::string out = fmt::format("open {}\n", s.open);
  for (const auto& [from, n] : s.open_by_from) out += fmt::format("open-from {} {}\n", from, n);
  for (const auto& from : s.heard) out += "heard " + from + "\n";
  for (const auto& d : s.reviewable) out += fmt::format("review {} {} {} {}\n", d.id, d.title, d.review, d.outcome);
  return out;
}

// The digest validate keeps instead of the items (process::digest_items).
inline std::string digest_dump(const interlink::process::ItemDigest& d) {
  std::string out;
  for (const auto& p : d.feedback_phases) out += "fp " + p + "\n";
  for (const auto& p : d.decision_phases) out += "dp " + p + "\n";
  for (const auto& [from, hash] : d.first_from) out += "from " + from + " " + hash + "\n";
  return out;
}
