// interlink stakeholder — placeholder registration; replaced by the command's real front end.
#include "commands.hpp"
#include "util/error.hpp"

namespace interlink::cli {

void register_stakeholder(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("stakeholder", "(not built yet)");
  sub->callback([&g] { g.exit_code = 0; os_failure("'stakeholder' is not built yet"); });
}

}  // namespace interlink::cli
