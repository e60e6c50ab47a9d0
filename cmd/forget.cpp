// interlink forget — placeholder registration; replaced by the command's real front end.
#include "commands.hpp"
#include "util/error.hpp"

namespace interlink::cli {

void register_forget(CLI::App& app, Globals& g) {
  auto* sub = app.add_subcommand("forget", "(not built yet)");
  sub->callback([&g] { g.exit_code = 0; os_failure("'forget' is not built yet"); });
}

}  // namespace interlink::cli
