// nlohmann::json's parse exceptions, made into an interlink position and a
// message a user can act on. Json::parse throws parse_error for bad syntax
// but out_of_range for a number too large for a double ("1e999"): a caller
// that catches only parse_error lets a crafted file end the program (found
// by fuzz_schema_import). Shared by the schema importer and the report's
// i18n files.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace interlink {

struct JsonError {
  SourcePos pos;        // shown, with the line and column when known
  std::string message;  // e.g. "syntax error while parsing value - invalid literal; last read: 'x'"
};

JsonError json_error(const std::string& text, const std::string& shown, const nlohmann::json::exception& e);

}  // namespace interlink
