// interlink validate — placeholder registration; replaced by the command's real front end.
#include "commands.hpp"
#include "util/error.hpp"

namespace interlink::cli {

void register_validate(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("validate", "(not built yet)");
  sub->callback([&g] { g.exit_code = 0; os_failure("'validate' is not built yet"); });
}

}  // namespace interlink::cli
