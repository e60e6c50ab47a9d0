// See error.hpp.
#include "util/error.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace interlink {

std::string SourcePos::str() const {
  if (path.empty()) return {};
  if (line <= 0) return path;
  if (column <= 0) return fmt::format("{}:{}", path, line);
  return fmt::format("{}:{}:{}", path, line, column);
}

Error::Error(ExitStatus status, std::string message, std::string hint, SourcePos pos)
    : std::runtime_error(pos.path.empty() ? message : pos.str() + ": " + message),
      status_(status),
      message_(std::move(message)),
      hint_(std::move(hint)),
      pos_(std::move(pos)) {}

void refuse(std::string message, std::string hint) {
  throw Error(ExitStatus::refused, std::move(message), std::move(hint));
}
void bad_usage(std::string message, std::string hint) {
  throw Error(ExitStatus::usage, std::move(message), std::move(hint));
}
void unreadable(std::string message, SourcePos pos, std::string hint) {
  throw Error(ExitStatus::unreadable, std::move(message), std::move(hint), std::move(pos));
}
void os_failure(std::string message, std::string hint) {
  throw Error(ExitStatus::internal, std::move(message), std::move(hint));
}

ExitStatus worst(const Issues& issues) {
  bool usage = std::any_of(issues.begin(), issues.end(), [](const Issue& i) { return i.status == ExitStatus::usage; });
  return usage ? ExitStatus::usage : ExitStatus::refused;
}

IssuesError::IssuesError(ExitStatus status, Issues issues, std::string source)
    : Error(status, issues.empty() ? std::string("refused") : issues.front().message,
            issues.empty() ? std::string() : issues.front().hint),
      issues_(std::move(issues)),
      source_(std::move(source)) {}

// Base before members: worst() reads the issues before they are moved.
IssuesError::IssuesError(Issues issues, std::string source)
    : Error(worst(issues), issues.empty() ? std::string("refused") : issues.front().message,
            issues.empty() ? std::string() : issues.front().hint),
      issues_(std::move(issues)),
      source_(std::move(source)) {}

}  // namespace interlink
