// interlink decide: record a decision with its votes; its outcome follows the
// decision rule (man/interlink-decide.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "model/vocab.hpp"
#include "process/actions.hpp"
#include "process_cli.hpp"
#include "stakeholder_cli.hpp"
#include "util/error.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace decide_cmd {
namespace {

struct Options {
  process::DecisionInput in;
  long eligible = -1;  // -1: not given
  std::string format = "text";
};

int run(Options o, const Globals& g) {
  if (o.eligible != -1) o.in.eligible = o.eligible;
  auto h = open_project(g);
  auto e = process::record_decision(h, o.in.dry_run ? "" : actor(g), o.in);
  const auto& p = e.payload;
  if (o.format == "json") {
    ledger::Json j =
        o.in.dry_run ? ledger::Json{{"kind", e.kind}, {"subject", e.subject}, {"payload", p}} : ledger::event_json(e);
    if (!o.in.dry_run) j["id"] = "dc-" + e.hash.substr(0, 8);
    std::cout << j.dump(2) << "\n";
  } else if (!g.quiet) {
    std::string id = o.in.dry_run ? std::string("(not recorded)") : "dc-" + e.hash.substr(0, 8);
    std::cout << fmt::format(
        "{} {}: {} for, {} against, {} abstaining of {} eligible (quorum {} needs {}); rule {}{}\n", id,
        p.value("outcome", ""), p.value("for", 0), p.value("against", 0), p.value("abstain", 0), p.value("eligible", 0),
        p.value("quorum", ""), p.value("needed", 0), p.value("rule", ""),
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
  sub->add_option("title", o->in.title, "What was decided (enters the public record)")->required()->type_name("TITLE");
  sub->add_option("--phase", o->in.phase, "The phase it belongs to (default: the only active phase)")
      ->type_name("PHASE");
  sub->add_option("--for", o->in.for_, "Votes for")->required()->type_name("N")->check(CLI::NonNegativeNumber);
  sub->add_option("--against", o->in.against, "Votes against")
      ->required()
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--abstain", o->in.abstain, "Abstentions (default 0)")->type_name("N")->check(CLI::NonNegativeNumber);
  // Checked by record_decision ("--eligible must be at least 1"): CLI11's
  // range check would print the largest double as the upper bound.
  sub->add_option("--eligible", o->eligible,
                  "Eligible voters (default: current stakeholders whose role is in governance.decisions.voters)")
      ->type_name("N");
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
