// kainjow mustache's error messages, made into an interlink position: its
// messages end with a byte offset ("Unclosed tag at 17"), which a user
// reads better as path:line:column. Shared by the project templates
// (catalogue/templates) and the report templates (report/templates).
#pragma once

#include <string>

#include "util/error.hpp"

namespace interlink {

struct MustacheError {
  SourcePos pos;        // shown, with the line and column when the message had an offset
  std::string message;  // without the offset, its first letter in lower case
};

MustacheError mustache_error(const std::string& text, const std::string& shown, std::string message);

}  // namespace interlink
