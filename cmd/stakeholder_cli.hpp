// What the stakeholder commands' front ends share: printing every issue of a
// refused change, a progress bar for bulk imports, and what --with-names
// (stakeholders, report) asks of the private store.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "context.hpp"
#include "stakeholders/fields.hpp"

namespace CLI {
class Option;
}

namespace interlink::cli {

// Runs fn; if it throws IssuesError, prints each issue as
// "interlink: error: [FILE:LINE: ]message" (and its hint on the command line)
// and returns the error's status. file labels issues that have a line.
int with_issues(const Globals& g, const std::string& file, const std::function<int()>& fn);

// Prints issues as with_issues does.
void print_issues(const stakeholders::Issues& issues, const std::string& file);

// The end of a bulk import refused (add-stakeholder --from-csv, feedback
// import): prints every issue as print_issues does, then throws
// Error(status) whose message is the one closing line a script can rely on,
// "FILE: N problems in M lines: nothing was VERB" (verb: added, recorded).
[[noreturn]] void refuse_file(const stakeholders::Issues& issues, const std::string& file, const std::string& verb,
                              ExitStatus status);

// Before --with-names reads names: refuses (exit 4) another account's
// private store, and warns when the project has none, so no names to show.
void check_names_store(const Globals& g, const std::filesystem::path& root);

// A progress bar on stderr, drawn only when stderr is a terminal and not -q.
class ProgressBar {
 public:
  ProgressBar(const Globals& g, std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(std::size_t done, std::size_t total);
  void clear();

 private:
  bool on_ = false;
  bool drawn_ = false;
  std::string label_;
  int last_percent_ = -1;
};

// Whether an option was given on the command line.
bool given(const CLI::Option* o);

}  // namespace interlink::cli
