// interlink decide: record a decision with its votes; its outcome follows the
// decision rule (man/interlink-decide.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "model/vocab.hpp"
#include "process/actions.hpp"
#include "process/decision.hpp"
#include "process_cli.hpp"
#include "stakeholder_cli.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace decide_cmd {
namespace {

struct Options {
  process::DecisionInput in;
  long eligible = -1;  // -1: not given
  std::string format = "text";
};

// A count option: decimal digits only, from min to process::kMaxVotes. CLI11's
// own reading took "0x10" for 16 and "99999999999999999999" for -1, and its
// range check printed the largest double (300 digits) as the upper bound.
// Checked on the text, before CLI11 converts it: nothing out of range is
// ever converted.
CLI::Validator count_check(long min) {
  return CLI::Validator(
      [min](std::string& v) -> std::string {
        auto n = text::whole_number(v, static_cast<std::uint64_t>(process::kMaxVotes));
        if (n && static_cast<long>(*n) >= min) return {};
        return fmt::format("'{}' is not a whole number from {} to {}", text::excerpt(text::printable(v)), min,
                           process::kMaxVotes);
      },
      "");
}

int run(Options o, const Globals& g) {
  if (o.eligible != -1) o.in.eligible = o.eligible;
  auto h = open_project(g);
  auto e = process::record_decision(h, o.in.dry_run ? "" : actor(g), o.in);
  const auto& p = e.payload;
  const std::string id = o.in.dry_run ? std::string("(not recorded)") : "dc-" + e.hash.substr(0, 8);
  if (o.format == "json") {
    ledger::Json j =
        o.in.dry_run ? ledger::Json{{"kind", e.kind}, {"subject", e.subject}, {"payload", p}} : ledger::event_json(e);
    if (!o.in.dry_run) j["id"] = id;
    std::cout << j.dump(2) << "\n";
  } else if (g.quiet && !o.in.dry_run) {
    std::cout << id << "\n";  // -q: the new id alone, for a script (interlink(1))
  } else {
    // The counts read back as the long long they were recorded as (never an
    // int: a count that does not fit must not wrap around).
    std::cout << fmt::format(
        "{} {}: {} for, {} against, {} abstaining of {} eligible (quorum {} needs {}); rule {}{}\n", id,
        p.value("outcome", ""), p.value("for", 0LL), p.value("against", 0LL), p.value("abstain", 0LL),
        p.value("eligible", 0LL), p.value("quorum", ""), p.value("needed", 0LL), p.value("rule", ""),
        p.contains("threshold") ? " " + p.value("threshold", "") : std::string());
  }
  return 0;
}

}  // namespace
}  // namespace decide_cmd

void register_decide(CLI::App& app, Globals& g) {
  using namespace decide_cmd;
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("decide", "Record a decision and its votes; the outcome follows the decision rule");
  sub->add_option("title", o->in.title, "What was decided (enters the public record)")
      ->required()
      ->type_name("TITLE")
      ->check(not_blank("title"));
  sub->add_option("--phase", o->in.phase, "The phase it belongs to (default: the only active phase)")
      ->type_name("PHASE");
  sub->add_option("--for", o->in.for_, "Votes for")->required()->type_name("N")->check(count_check(0));
  sub->add_option("--against", o->in.against, "Votes against")->required()->type_name("N")->check(count_check(0));
  sub->add_option("--abstain", o->in.abstain, "Abstentions (default 0)")->type_name("N")->check(count_check(0));
  sub->add_option("--eligible", o->eligible,
                  "Eligible voters (default: current stakeholders whose role is in governance.decisions.voters)")
      ->type_name("N")
      ->check(count_check(1));
  sub->add_option("--rule", o->in.rule,
                  "majority, supermajority, consensus or consent (default: governance.decisions.rule)")
      ->check(CLI::IsMember(model::vocab::decision_rules))
      ->type_name("RULE");
  sub->add_option("--addresses", o->in.addresses, "A feedback item this decision answers (fb-…); repeatable")
      ->type_name("ID");
  sub->add_option("--review", o->in.review, "A date to review the decision on; status lists it from then")
      ->type_name("DATE");
  sub->add_option("--note", o->in.note, "A note recorded with the decision (enters the public record)")
      ->type_name("TEXT");
  sub->add_flag("--dry-run", o->in.dry_run, "Compute the outcome and print it; write nothing");
  add_format_option(sub, o->format, {"text", "json"}, "Output format");
  sub->callback([o, &g] { g.exit_code = run(*o, g); });
}

}  // namespace interlink::cli
