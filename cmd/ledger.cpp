// interlink ledger — placeholder registration; replaced by the command's real front end.
#include "commands.hpp"
#include "util/error.hpp"

namespace interlink::cli {

void register_ledger(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("ledger", "(not built yet)");
  sub->callback([&g] { g.exit_code = 0; os_failure("'ledger' is not built yet"); });
}

}  // namespace interlink::cli
