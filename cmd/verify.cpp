// interlink verify — check the ledger's hashes and links, and with --base that
// it is an append-only extension of an older copy (the CI gate on the record).
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "ledger/event.hpp"
#include "ledger/verify.hpp"

namespace interlink::cli {

namespace {

struct VerifyOptions {
  std::string ledger, base, format = "text";
  bool thorough = false;
};

int run_verify(const VerifyOptions& o, const Globals& g) {
  std::filesystem::path db = o.ledger.empty() ? project_root(g) / "ledger.db" : std::filesystem::path(o.ledger);
  std::optional<std::filesystem::path> base;
  if (!o.base.empty()) base = o.base;
  ledger::VerifyResult r = ledger::verify(db, base, o.thorough ? ledger::Depth::thorough : ledger::Depth::quick);
  if (o.format == "json") {
    ledger::Json j = {{"ok", r.ok},     {"ledger", db.string()}, {"events", r.events},      {"heads", r.heads},
                      {"root", r.root}, {"problem", r.problem},  {"bad_event", r.bad_event}};
    if (base) j["base"] = base->string();
    std::cout << j.dump() << '\n';
  } else if (r.ok) {
    if (!g.quiet) {
      std::cout << fmt::format("{}: ok: {} {}, {} {}, root {}{}\n", db.string(), r.events,
                               r.events == 1 ? "event" : "events", r.heads.size(),
                               r.heads.size() == 1 ? "head" : "heads", ledger::short_id(r.root),
                               base ? fmt::format(", every event of {} present", base->string()) : "");
    }
  } else {
    std::cout << fmt::format("{}: FAILED: {}\n", db.string(), r.problem);
  }
  return r.ok ? 0 : 1;
}

}  // namespace

void register_verify(CLI::App& app, Globals& g) {
  auto opts = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand("verify", "Check the ledger's hashes and links (exit 1 if it was changed)");
  sub->add_option("LEDGER", opts->ledger, "The ledger file to check (default: the project's ledger.db)")->type_name("");
  sub->add_option("--base", opts->base, "Also check that every event of this older copy is still present")
      ->type_name("LEDGER");
  sub->add_flag("--thorough", opts->thorough,
                "Also check every index entry against its row (SQLite's integrity_check; slower)");
  add_format_option(sub, opts->format, {"text", "json"}, "Output format");
  sub->callback([opts, &g] { g.exit_code = run_verify(*opts, g); });
}

}  // namespace interlink::cli
