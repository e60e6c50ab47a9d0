// interlink git-setup — register the ledger's diff textconv and merge driver in
// the repository's local config (git config is never cloned, so everyone who
// clones a project runs this once; `init` runs it for the first).
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ledger/git.hpp"
#include "util/fs.hpp"

namespace interlink::cli {

void register_git_setup(CLI::App& app, Globals& g) {
  auto* sub =
      app.add_subcommand("git-setup", "Register the ledger's diff and merge drivers in this git repository's config");
  sub->callback([&g] {
    auto root = project_root(g);
    ledger::git_setup(root, ledger::self_exe());
    auto attributes = fs::read_file_if_exists(root / ".gitattributes").value_or("");
    if (attributes.find("diff=interlink-ledger") == std::string::npos ||
        attributes.find("merge=interlink-ledger") == std::string::npos) {
      warn(g, fmt::format("{} does not route ledger.db to the drivers; add the line: "
                          "ledger.db diff=interlink-ledger merge=interlink-ledger",
                          (root / ".gitattributes").string()));
    }
    say(g, "registered the ledger's diff textconv and merge driver (interlink-ledger) in the repository's config");
    g.exit_code = 0;
  });
}

}  // namespace interlink::cli
