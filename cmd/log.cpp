// interlink log — the ledger's events, newest first, like `git log`.
// Text: one line per event; json: one event object per line with every hashed
// field plus "hash", so the output can itself be re-hashed and checked.
#include <iostream>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ledger/ledger.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace log_cmd {
namespace {

struct LogOptions {
  std::string kind, subject, since, format = "text";
  long count = -1;
};

void print_text(const ledger::Event& e, bool color) {
  std::string id = ledger::short_id(e.hash);
  std::string line = ledger::readable_line(id, e.time, e.actor, e.kind, e.subject, ledger::canonical_json(e.payload));
  if (color) line = "\033[33m" + id + "\033[0m" + line.substr(id.size());  // the id is hex: never escaped
  std::cout << line << '\n';
}

int run_log(const LogOptions& o, const Globals& g) {
  auto db = project_root(g) / "ledger.db";
  auto l = ledger::Ledger::open(db, ledger::Ledger::Mode::read_only);
  ledger::Query q{o.kind, o.subject, o.since, o.count, /*newest_first=*/true};
  const bool color = o.format == "text" && use_color(g, 1);
  // Streamed, one event at a time: reading them all first held a million
  // events in 967 MB (issue 10).
  long shown = 0;
  l.scan(q, [&](const ledger::Record& r) {
    const ledger::Event e = l.parse(r);
    ++shown;
    if (o.format == "json") {
      std::cout << ledger::canonical_json(ledger::event_json(e)) << '\n';
    } else {
      print_text(e, color);
    }
  });
  std::cout.flush();
  if (shown == 0 && !o.kind.empty()) {
    // Nothing matched: say so when the kind itself is nowhere in the ledger,
    // most likely a typo - still exit 0, since an empty answer is an answer.
    auto kinds = l.kinds();
    bool known = false;
    for (const auto& k : kinds) known = known || k == o.kind || (o.kind.back() == '.' && k.rfind(o.kind, 0) == 0);
    if (!known)
      warn(g, fmt::format("no event of kind '{}' in this ledger{}", o.kind, text::did_you_mean(o.kind, kinds)));
  }
  return 0;
}

}  // namespace
}  // namespace log_cmd

void register_log(CLI::App& app, Globals& g) {
  using namespace log_cmd;
  auto opts = std::make_shared<LogOptions>();
  auto* sub = app.add_subcommand("log", "Show the ledger's events, newest first");
  sub->add_option("--kind", opts->kind,
                  "Only events of this kind (stakeholder.added), or of a family ending in '.' (stakeholder.)")
      ->type_name("KIND");
  sub->add_option("--subject", opts->subject, "Only events about this id (a stakeholder, phase, task, ...)")
      ->type_name("ID");
  sub->add_option("--since", opts->since,
                  "Only events at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM:SSZ)")
      ->type_name("DATE");
  sub->add_option("-n,--max-count", opts->count, "Show at most N events")
      ->type_name("N")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return text::whole_number(v, std::numeric_limits<long>::max())
                       ? std::string()
                       : "'" + v + "' is not a whole number of events, 0 or more";
          },
          ""));
  add_format_option(sub, opts->format, {"text", "json"},
                    "Output format: one line per event, or one JSON object per line");
  sub->callback([opts, &g] { g.exit_code = run_log(*opts, g); });
}

}  // namespace interlink::cli
