// See actions.hpp: recording feedback, one item or a whole import, all or
// nothing. Feedback text enters the public, append-only record: it is
// screened for personal data before anything is written.
#include <optional>
#include <set>

#include <fmt/format.h>

#include "io/invalid.hpp"
#include "io/yaml.hpp"
#include "ledger/kinds.hpp"
#include "model/stakeholder.hpp"
#include "privacy/screen.hpp"
#include "process/actions.hpp"
#include "process/load.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;
using ledger::Json;

namespace {

constexpr std::size_t kMaxFeedbackBytes = 8000;
constexpr std::size_t kMaxTagBytes = 64;

// Control characters other than line breaks and tabs are refused: feedback
// may span lines (survey answers do), but must not drive a terminal.
bool bad_controls(const std::string& s) {
  std::string without = s;
  std::erase_if(without, [](char c) { return c == '\n' || c == '\t'; });
  return text::has_control(without);
}

// The phase of an item: as given, else the only active phase.
std::string phase_of(const model::Project& plan, const State& s, const FeedbackInput& in, Issues& issues) {
  if (!in.phase.empty()) {
    if (!plan.find_phase(in.phase)) {
      issues.push_back({ExitStatus::refused,
                        fmt::format("unknown phase '{}'{}", text::excerpt(text::printable(in.phase)),
                                    text::did_you_mean(in.phase, plan.phase_ids())),
                        "", in.line});
      return {};
    }
    return in.phase;
  }
  std::vector<std::string> active;
  for (const auto& ph : plan.phases)
    if (s.phase_status(ph.id) == "active") active.push_back(ph.id);
  if (active.size() == 1) return active.front();
  issues.push_back({ExitStatus::refused,
                    active.empty() ? std::string("no phase is active, so the feedback's phase cannot be chosen")
                                   : fmt::format("several phases are active ({}): say which", text::join(active, ", ")),
                    "name the phase with --phase PHASE (or a 'phase' column)", in.line});
  return {};
}

void check_from(const Context& ctx, const FeedbackInput& in, Issues& issues) {
  auto it = std::find_if(ctx.stakeholders.begin(), ctx.stakeholders.end(),
                         [&](const model::Stakeholder& s) { return s.id == in.from; });
  const auto* rec = ctx.state.stakeholders.find(in.from);
  bool gone = rec != nullptr && rec->status != "current";
  if (in.from.empty()) {
    issues.push_back(
        {ExitStatus::usage, "who said it is missing: give --from STAKEHOLDER (or a 'from' column)", "", in.line});
  } else if (it == ctx.stakeholders.end() || gone) {
    // The suggestion draws on every current stakeholder the ledger knows, not
    // only on the files read (a write reads only those of the ids named):
    // this is the error path, where decoding every record is affordable.
    std::set<std::string> known;
    for (const auto& s : ctx.stakeholders) known.insert(s.id);
    for (const auto& [id, r] : ctx.state.stakeholders)
      if (r.status == "current") known.insert(id);
    const std::vector<std::string> ids(known.begin(), known.end());
    issues.push_back({ExitStatus::refused,
                      gone
                          ? model::gone_stakeholder(in.from, rec->status) + ": their feedback can no longer be recorded"
                          : fmt::format("unknown stakeholder '{}'{}", text::excerpt(text::printable(in.from)),
                                        text::did_you_mean(in.from, ids)),
                      "the stakeholders are listed by 'interlink stakeholders'", in.line});
  } else if (it->kind == "person" && it->consent.status != "given") {
    issues.push_back(
        {ExitStatus::refused,
         fmt::format("'{}' is a person whose consent is {}, not given: their feedback cannot be recorded", in.from,
                     it->consent.status),
         fmt::format("record their consent first: interlink stakeholder update {} --consent given", in.from), in.line});
  }
}

// Only the files of the stakeholders who spoke, read under the lock: one
// item costs the same on a project of 30 stakeholders or of 10,000.
//
// Refused (exit 3, io/invalid.hpp) when one of those files has an error:
// whether their words may be recorded follows from the file's kind and
// consent, and a file read past an error gives defaults instead (a person's
// `kind: persn` would read as an organization, which needs no consent). The
// plan is not checked: recording what someone said does not move the
// process, and a mistyped gate must not lose a workshop's feedback.
std::vector<model::Stakeholder> named_stakeholders(const std::filesystem::path& root,
                                                   const std::vector<FeedbackInput>& items) {
  std::set<std::string> ids;
  for (const auto& in : items)
    if (text::is_slug(in.from)) ids.insert(in.from);
  std::vector<model::Stakeholder> out;
  model::Findings findings;
  for (const auto& id : ids) {
    auto bytes = fs::read_file_if_exists(root / io::stakeholder_path(id), io::kMaxYamlBytes);
    if (!bytes) continue;
    out.push_back(io::load_stakeholder(*bytes, io::stakeholder_path(id), findings));
    io::check_file_name(out.back(), id + ".yaml", findings);
  }
  io::require_no_errors(findings, io::kStakeholdersPath);
  return out;
}

}  // namespace

std::vector<ledger::Event> add_feedback(project::Handle& h, const std::string& actor,
                                        const std::vector<FeedbackInput>& items, const std::string& source,
                                        bool dry_run) {
  const model::Project& plan = h.plan();
  // The screen for personal data: one item asks the store for the names that
  // may occur in its texts; an import folds every name once (a query per row
  // would scan the contacts table once per row).
  std::optional<privacy::Names> all_names;
  if (items.size() > 1) all_names.emplace(h.person_names());
  auto personal = [&](const std::string& text) {
    return all_names ? privacy::personal_data_in(text, *all_names)
                     : privacy::personal_data_in(text, h.person_names_in(text));
  };
  // Checks that need no state first: they are the same under the lock.
  Issues issues;
  for (const auto& in : items) {
    auto bad = [&](ExitStatus st, std::string msg, std::string hint = {}) {
      issues.push_back({st, std::move(msg), std::move(hint), in.line});
    };
    if (text::is_blank(in.text)) bad(ExitStatus::usage, "the feedback text is empty");
    if (!text::valid_utf8(in.text))
      bad(ExitStatus::usage, "the feedback text is not valid UTF-8");
    else if (bad_controls(in.text))
      bad(ExitStatus::usage, "the feedback text holds a control character");
    if (in.text.size() > kMaxFeedbackBytes)
      bad(ExitStatus::usage, fmt::format("the feedback text is longer than {} bytes", kMaxFeedbackBytes));
    if (!in.type.empty() && std::find(kFeedbackTypes.begin(), kFeedbackTypes.end(), in.type) == kFeedbackTypes.end()) {
      bad(ExitStatus::usage,
          fmt::format("'{}' is not a feedback type{}; expected one of: {}", text::excerpt(text::printable(in.type)),
                      text::did_you_mean(in.type, kFeedbackTypes), text::join(kFeedbackTypes, ", ")));
    }
    for (const auto& t : in.tags) {
      if (t.empty() || t.size() > kMaxTagBytes || !text::valid_utf8(t) || text::has_control(t)) {
        bad(ExitStatus::usage, fmt::format("the tag '{}' is empty, longer than {} bytes or holds a control character",
                                           text::excerpt(text::printable(t)), kMaxTagBytes));
      }
    }
    if (auto why = personal(in.text)) {
      bad(ExitStatus::refused,
          fmt::format("the feedback text holds {}; it would enter the public record, which can never be erased", *why),
          "leave personal data out: say who spoke with --from; contacts belong in the private store");
    }
    for (const auto& t : in.tags)
      if (auto why = personal(t))
        bad(ExitStatus::refused, fmt::format("the tag '{}' holds {}", text::excerpt(text::printable(t)), *why));
  }
  auto build = [&](const State& s, const std::vector<model::Stakeholder>& people) {
    Context ctx{plan, people, s};
    Issues problems = issues;
    std::vector<ledger::NewEvent> events;
    for (const auto& in : items) {
      check_from(ctx, in, problems);
      std::string phase = phase_of(plan, s, in, problems);
      if (phase.empty()) continue;
      Json p = {{"phase", phase},
                {"iteration", s.recording_iteration(phase)},
                {"type", in.type.empty() ? std::string("idea") : in.type},
                {"text", in.text}};
      if (!in.tags.empty()) p["tags"] = in.tags;
      events.push_back({std::string(kinds::feedback_recorded), in.from, p});
    }
    if (!problems.empty()) {
      // Every bad row in one report, in the order of the file.
      std::stable_sort(problems.begin(), problems.end(),
                       [](const Issue& a, const Issue& b) { return a.line < b.line; });
      throw IssuesError(std::move(problems), source);
    }
    return events;
  };
  // Rows already known bad: report them with the rest, without taking the lock.
  if (!issues.empty()) build(load_state(h, false, Detail::core), named_stakeholders(h.root(), items));
  if (dry_run) {
    named_stakeholders(h.root(), items);  // refused as the write would be
    auto evs = build(load_state(h, false, Detail::core), h.stakeholders());
    std::vector<ledger::Event> out;
    for (auto& ne : evs) out.push_back({{}, {}, {}, actor, ne.kind, ne.subject, ne.payload});
    return out;
  }
  return h.ledger_rw().commit(actor, [&](const ledger::Ledger& led) {
    ledger::Change c;
    c.events = build(load_for_write(led, h.root()), named_stakeholders(h.root(), items));
    return c;
  });
}

}  // namespace interlink::process
