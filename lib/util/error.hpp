// The library's one error type. It carries the exit status it maps to, the
// place in a file that is at fault (if any) and an optional hint, so that the
// binary can print `interlink: error: path:line:col: message` and `hint: …`.
#pragma once

#include <stdexcept>
#include <string>

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

// Shorthands for the common kinds.
[[noreturn]] void refuse(std::string message, std::string hint = {});
[[noreturn]] void bad_usage(std::string message, std::string hint = {});
[[noreturn]] void unreadable(std::string message, SourcePos pos = {}, std::string hint = {});
[[noreturn]] void os_failure(std::string message, std::string hint = {});

}  // namespace interlink
