// See mustache_error.hpp.
#include "util/mustache_error.hpp"

#include <cctype>
#include <regex>

#include "util/text.hpp"

namespace interlink {

MustacheError mustache_error(const std::string& text, const std::string& shown, std::string message) {
  MustacheError out{SourcePos{shown}, std::move(message)};
  static const std::regex at_offset(R"(^(.*) at ([0-9]{1,12})$)");
  std::smatch m;
  if (std::regex_match(out.message, m, at_offset)) {
    auto [line, column] = text::line_column(text, std::stoull(m[2].str()));
    out.pos.line = line;
    out.pos.column = column;
    out.message = m[1].str();
  }
  if (!out.message.empty()) {
    out.message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out.message[0])));
  }
  return out;
}

}  // namespace interlink
