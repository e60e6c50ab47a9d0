// interlink ledger — git plumbing for ledger.db: `dump` is the diff textconv
// (one readable line per event), `merge` the three-way merge driver (union of
// both sides' events). Both take files, not a project: git calls them on
// temporary copies.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ledger/git.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace ledger_cmd {
namespace {

struct LedgerOptions {
  std::string file, base, ours, theirs;
};

}  // namespace
}  // namespace ledger_cmd

void register_ledger(CLI::App& app, Globals& g) {
  using namespace ledger_cmd;
  auto opts = std::make_shared<LedgerOptions>();
  auto* sub = app.add_subcommand("ledger", "Git plumbing for ledger.db: dump (diff textconv) and merge (merge driver)");
  sub->require_subcommand(1);

  auto* dump = sub->add_subcommand("dump", "Print one readable line per event of a ledger file (git's textconv)");
  dump->add_option("FILE", opts->file, "The ledger file")->required()->type_name("");
  dump->callback([opts, &g] {
    std::ios::sync_with_stdio(false);
    ledger::dump(opts->file, [](const std::string& line) { std::cout << line << '\n'; });
    std::cout.flush();
    g.exit_code = 0;
  });

  auto* merge = sub->add_subcommand(
      "merge", "Merge THEIRS into OURS as git's merge driver: the union of both sides' events, written to OURS");
  merge->add_option("BASE", opts->base, "The common ancestor's ledger (%O; may be empty)")->required()->type_name("");
  merge->add_option("OURS", opts->ours, "Our ledger (%A), which receives the result")->required()->type_name("");
  merge->add_option("THEIRS", opts->theirs, "Their ledger (%B)")->required()->type_name("");
  merge->callback([opts, &g] {
    long n = ledger::merge(opts->base, opts->ours, opts->theirs);
    if (!g.quiet)
      std::cerr << fmt::format("interlink: ledger merge: {} event{} added from theirs\n", n, n == 1 ? "" : "s");
    g.exit_code = 0;
  });
}

}  // namespace interlink::cli
