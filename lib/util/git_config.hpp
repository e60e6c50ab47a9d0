// git's user.name, read from git's configuration files as `git config
// user.name` would print it in a folder, without running git: through popen
// and /bin/sh that cost every command recording an event ~4 ms (issue 10).
// Only the plain case is read: anything this reader does not follow (include
// and includeIf, GIT_CONFIG_* or GIT_DIR in the environment, a .git file,
// quoted or escaped values, a repository of another owner) answers "unsure",
// and the caller asks git itself.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace interlink::gitconfig {

struct Lookup {
  enum class State { unset, set, unsure } state = State::unset;
  std::string value;  // when set
};

// What one configuration file's text says of user.name (its last value).
Lookup user_name_in(std::string_view text);

// user.name for a command run in cwd: system, global, then the repository's
// config, the last value winning. "" when none sets it; nullopt when unsure.
std::optional<std::string> user_name(const std::filesystem::path& cwd);

}  // namespace interlink::gitconfig
