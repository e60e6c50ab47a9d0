// interlink completion — placeholder registration; replaced by the command's real front end.
#include "commands.hpp"
#include "util/error.hpp"

namespace interlink::cli {

void register_completion(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("completion", "(not built yet)");
  sub->callback([&g] { g.exit_code = 0; os_failure("'completion' is not built yet"); });
}

}  // namespace interlink::cli
