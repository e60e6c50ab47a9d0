// See git_config.hpp. Files and precedence as git-config(1) gives them:
// $(prefix)/etc/gitconfig, $XDG_CONFIG_HOME/git/config, ~/.gitconfig, then
// the repository's .git/config found by walking up from the folder.
#include "util/git_config.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace interlink::gitconfig {

namespace {

namespace stdfs = std::filesystem;
using State = Lookup::State;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Reads a file's lookup; a file that does not exist sets nothing.
Lookup lookup_file(const stdfs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return user_name_in(text.str());
}

void merge(Lookup& into, const Lookup& later) {
  if (into.state == State::unsure || later.state == State::unset) return;
  into = later;
}

}  // namespace

Lookup user_name_in(std::string_view text) {
  Lookup out;
  bool in_user = false, in_extensions = false;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.back() == '\\') return {State::unsure, {}};  // a continued line
    if (line.front() == '[') {
      std::size_t close = line.find(']');
      if (close == std::string_view::npos) return {State::unsure, {}};
      std::string_view rest = trim(line.substr(close + 1));
      if (!rest.empty() && rest.front() != '#' && rest.front() != ';') return {State::unsure, {}};
      std::string_view name = trim(line.substr(1, close - 1));
      std::string_view head = name.substr(0, name.find_first_of(" \t\"."));
      if (iequals(head, "include") || iequals(head, "includeIf")) return {State::unsure, {}};
      in_user = iequals(name, "user");
      in_extensions = iequals(name, "extensions");
      continue;
    }
    std::size_t eq = line.find('=');
    // A per-worktree config file may set it too.
    if (in_extensions && iequals(trim(line.substr(0, eq)), "worktreeConfig")) return {State::unsure, {}};
    if (!in_user) continue;
    if (!iequals(trim(line.substr(0, eq)), "name")) continue;
    if (eq == std::string_view::npos) return {State::unsure, {}};  // "name" alone: a boolean
    std::string_view value = trim(line.substr(eq + 1));
    if (value.find_first_of("\"\\") != std::string_view::npos) return {State::unsure, {}};
    value = trim(value.substr(0, value.find_first_of("#;")));
    out = {State::set, std::string(value)};
  }
  return out;
}

std::optional<std::string> user_name(const stdfs::path& cwd) {
  for (const char* var :
       {"GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS", "GIT_DIR",
        "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"}) {
    if (std::getenv(var)) return std::nullopt;
  }
  Lookup found;
  const char* nosystem = std::getenv("GIT_CONFIG_NOSYSTEM");
  if (!nosystem || !*nosystem || std::string_view(nosystem) == "0" || iequals(nosystem, "false")) {
    found = lookup_file("/etc/gitconfig");
  }
  const char* home = std::getenv("HOME");
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) {
    merge(found, lookup_file(stdfs::path(xdg) / "git" / "config"));
  } else if (home && *home) {
    merge(found, lookup_file(stdfs::path(home) / ".config" / "git" / "config"));
  }
  if (home && *home) merge(found, lookup_file(stdfs::path(home) / ".gitconfig"));
  std::error_code ec;
  for (stdfs::path d = cwd; !d.empty(); d = d.parent_path()) {
    stdfs::path dot = d / ".git";
    struct stat st {};
    if (::lstat(dot.c_str(), &st) == 0) {
      // A worktree's or submodule's .git file, or a repository git would
      // refuse as of another owner: let git decide.
      if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) return std::nullopt;
      merge(found, lookup_file(dot / "config"));
      break;
    }
    if (stdfs::exists(d / "HEAD", ec) && stdfs::exists(d / "objects", ec)) return std::nullopt;  // a bare one
    if (d == d.parent_path()) break;
  }
  if (found.state == State::unsure) return std::nullopt;
  return found.value;
}

}  // namespace interlink::gitconfig
