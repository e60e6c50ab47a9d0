// interlink verify — placeholder registration; replaced by the command's real front end.
#include "commands.hpp"
#include "util/error.hpp"

namespace interlink::cli {

void register_verify(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("verify", "(not built yet)");
  sub->callback([&g] { g.exit_code = 0; os_failure("'verify' is not built yet"); });
}

}  // namespace interlink::cli
