// See actions.hpp: recording a decision with its votes; the outcome follows
// the decision rule (process/decision.hpp) and is stored with the numbers.
#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "model/vocab.hpp"
#include "privacy/screen.hpp"
#include "process/actions.hpp"
#include "process/decision.hpp"
#include "process/load.hpp"
#include "process/plan_check.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;
using ledger::Json;

namespace {

// The roles whose stakeholders vote: governance.decisions.voters, else the default.
const std::vector<std::string>& voting_roles(const model::Project& plan) {
  return plan.governance.decisions.voters.empty() ? model::kDefaultVoters : plan.governance.decisions.voters;
}

}  // namespace

long eligible_voters(const Context& ctx) {
  const auto& voters = voting_roles(ctx.plan);
  long n = 0;
  for (const auto* s : ctx.current())
    if (std::find(voters.begin(), voters.end(), s->role) != voters.end()) ++n;
  return n;
}

ledger::Event record_decision(project::Handle& h, const std::string& actor, const DecisionInput& d) {
  // The rule, quorum and voters come from the plan, the eligible voters from
  // the stakeholder files: none is read past an error (io/invalid.hpp), or a
  // mistyped quorum would decide with none.
  const model::Project& plan = plan_to_move(h);
  const auto& gov = plan.governance.decisions;
  const std::string rule = d.rule.empty() ? gov.rule : d.rule;
  if (std::find(model::vocab::decision_rules.begin(), model::vocab::decision_rules.end(), rule) ==
      model::vocab::decision_rules.end()) {
    bad_usage(fmt::format("'{}' is not a decision rule{}; expected one of: {}", text::excerpt(text::printable(rule)),
                          text::did_you_mean(rule, model::vocab::decision_rules),
                          text::join(model::vocab::decision_rules, ", ")));
  }
  if (text::is_blank(d.title)) bad_usage("the decision's title is empty");
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string*>{"the title", &d.title}, {"--note", &d.note}}) {
    if (!text::valid_utf8(*value) || text::has_control(*value))
      bad_usage(fmt::format("{} holds a control character or bytes that are not UTF-8", field));
    if (value->size() > 2000) bad_usage(fmt::format("{} is longer than 2000 bytes", field));
    privacy::check_free_text(field, *value, h.person_names_in(*value));
  }
  if (!d.review.empty() && !clock::parse_date(d.review))
    bad_usage(fmt::format("--review '{}' is not a date (YYYY-MM-DD)", text::excerpt(text::printable(d.review))));
  // The command line checks each option first, naming it; these are the
  // library's own bounds (decision.hpp), for every other caller.
  for (const auto& [option, n] :
       {std::pair<const char*, long>{"--for", d.for_}, {"--against", d.against}, {"--abstain", d.abstain}}) {
    if (!is_vote_count(n)) bad_usage(fmt::format("{} must be a whole number from 0 to {}", option, kMaxVotes));
  }
  if (d.eligible && (*d.eligible < 1 || *d.eligible > kMaxVotes))
    bad_usage(fmt::format("--eligible must be a whole number from 1 to {}", kMaxVotes));
  const Share quorum = share_of(gov.quorum);
  const Share threshold = gov.threshold ? share_of(*gov.threshold) : default_threshold();

  auto build = [&](const State& s, const std::vector<model::Stakeholder>& people, const ledger::Ledger& led) {
    std::string phase = d.phase;
    if (phase.empty()) {
      std::vector<std::string> active;
      for (const auto& ph : plan.phases)
        if (s.phase_status(ph.id) == "active") active.push_back(ph.id);
      if (active.size() != 1) {
        refuse(active.empty() ? std::string("no phase is active, so the decision's phase cannot be chosen")
                              : fmt::format("several phases are active ({}): say which", text::join(active, ", ")),
               "name the phase with --phase PHASE");
      }
      phase = active.front();
    } else if (!plan.find_phase(phase)) {
      refuse(fmt::format("unknown phase '{}'{}", text::excerpt(text::printable(phase)),
                         text::did_you_mean(phase, plan.phase_ids())));
    }
    Context ctx{plan, people, s};
    const long eligible = d.eligible ? *d.eligible : eligible_voters(ctx);
    // Counted from the stakeholders: only a project of over a million could pass it.
    if (eligible > kMaxVotes)
      refuse(fmt::format("{} voters are eligible, more than a decision counts ({})", eligible, kMaxVotes));
    // Nobody to vote (no --eligible, and no current stakeholder holds a
    // voting role): a quorum of 0 would approve a decision nobody voted on.
    if (eligible == 0) {
      refuse(fmt::format("no stakeholder holds a voting role ({}): no one is eligible to vote on the decision",
                         text::join(voting_roles(plan), ", ")),
             "register the voters (interlink add-stakeholder NAME --role ROLE; the voting roles are "
             "governance.decisions.voters), or give --eligible N");
    }
    const long cast = d.for_ + d.against + d.abstain;
    if (cast > eligible) {
      refuse(fmt::format("{} vote{} cast but only {} voter{} eligible", cast, cast == 1 ? " was" : "s were", eligible,
                         eligible == 1 ? " is" : "s are"),
             d.eligible ? "check the counts"
                        : "the eligible voters are the current stakeholders whose role is in "
                          "governance.decisions.voters; give --eligible N to say otherwise");
    }
    Outcome o = decide({d.for_, d.against, d.abstain, eligible}, rule, quorum, threshold);
    Json p = {{"title", d.title},      {"iteration", s.recording_iteration(phase)},
              {"for", d.for_},         {"against", d.against},
              {"abstain", d.abstain},  {"eligible", eligible},
              {"needed", o.needed},    {"rule", rule},
              {"quorum", quorum.text}, {"outcome", o.outcome}};
    if (rule == "supermajority") p["threshold"] = threshold.text;
    auto refs = resolve_feedback(led, d.addresses);
    if (!refs.empty()) p["addresses"] = refs;
    if (!d.review.empty()) p["review"] = d.review;
    if (!d.note.empty()) p["note"] = d.note;
    return ledger::NewEvent{std::string(kinds::decision_recorded), phase, p};
  };
  // Counting eligible voters reads every stakeholder file; with --eligible
  // nothing but the ledger is read (--dry-run too: it checks what the
  // decision would check).
  if (d.dry_run) {
    const std::vector<model::Stakeholder> none;
    auto ne = build(load_state(h, false, Detail::core), d.eligible ? none : h.require_valid_stakeholders(), h.ledger());
    return {{}, {}, clock::now_iso(), actor, ne.kind, ne.subject, ne.payload};
  }
  auto events = h.ledger_rw().commit(actor, [&](const ledger::Ledger& led) {
    std::vector<model::Stakeholder> people;
    if (!d.eligible) people = h.reread_valid_stakeholders();
    ledger::Change c;
    c.events.push_back(build(load_for_write(led, h.root()), people, led));
    return c;
  });
  return events.front();
}

}  // namespace interlink::process
