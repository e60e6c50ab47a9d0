// The library's one error type. It carries the exit status it maps to, the
// place in a file that is at fault (if any) and an optional hint, so that the
// binary can print `interlink: error: path:line:col: message` and `hint: …`.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "util/exit_status.hpp"

namespace interlink {

// A position in a file; line and column are 1-based, 0 when unknown.
struct SourcePos {
  std::string path;
  int line = 0;
  int column = 0;

  // "path:line:col" with the parts that are known, or "" when none is.
  [[nodiscard]] std::string str() const;
};

class Error : public std::runtime_error {
 public:
  Error(ExitStatus status, std::string message, std::string hint = {}, SourcePos pos = {});

  [[nodiscard]] ExitStatus status() const { return status_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const std::string& hint() const { return hint_; }
  [[nodiscard]] const SourcePos& pos() const { return pos_; }

 private:
  ExitStatus status_;
  std::string message_;
  std::string hint_;
  SourcePos pos_;
};

// One problem among several found in one input (a row of a CSV import, a
// value of the command line): commands that check many values report them
// all, one per line, instead of stopping at the first.
struct Issue {
  ExitStatus status = ExitStatus::refused;
  std::string message;
  std::string hint;
  int line = 0;  // CSV: the line where the row starts; 0 on the command line
};
using Issues = std::vector<Issue>;

// The exit status for a list of issues: usage if any value was malformed,
// else refused.
ExitStatus worst(const Issues& issues);

// Thrown when a command refuses values: carries every issue, printed one per
// line as "source:line: message" (source: the file the lines are in, "" for
// the command line). Its status is the command's exit status.
class IssuesError : public Error {
 public:
  IssuesError(ExitStatus status, Issues issues, std::string source = {});
  // With the status worst(issues).
  explicit IssuesError(Issues issues, std::string source = {});
  [[nodiscard]] const Issues& issues() const { return issues_; }
  [[nodiscard]] const std::string& source() const { return source_; }

 private:
  Issues issues_;
  std::string source_;
};

// Shorthands for the common kinds.
[[noreturn]] void refuse(std::string message, std::string hint = {});
[[noreturn]] void bad_usage(std::string message, std::string hint = {});
[[noreturn]] void unreadable(std::string message, SourcePos pos = {}, std::string hint = {});
[[noreturn]] void os_failure(std::string message, std::string hint = {});

}  // namespace interlink
