// See json_error.hpp.
#include "util/json_error.hpp"

#include "util/text.hpp"

namespace interlink {

JsonError json_error(const std::string& text, const std::string& shown, const nlohmann::json::exception& e) {
  std::string msg = e.what();
  // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> from "syntax error"
  if (auto k = msg.find("syntax error"); k != std::string::npos) {
    msg = msg.substr(k);
  } else if (auto b = msg.find("] "); msg.rfind("[json.exception.", 0) == 0 && b != std::string::npos) {
    msg = msg.substr(b + 2);
  }
  std::size_t offset = std::string::npos;
  if (const auto* p = dynamic_cast<const nlohmann::json::parse_error*>(&e)) {
    offset = p->byte > 0 ? p->byte - 1 : 0;
  } else if (auto q = msg.find("parsing '"); q != std::string::npos) {
    // "number overflow parsing '1e999'": the number is in the text.
    auto end = msg.find('\'', q + 9);
    if (end != std::string::npos) offset = text.find(msg.substr(q + 9, end - q - 9));
  }
  JsonError out{SourcePos{shown}, text::printable(msg)};
  if (offset != std::string::npos) {
    auto [line, column] = text::line_column(text, offset);
    out.pos = SourcePos{shown, line, column};
  }
  return out;
}

}  // namespace interlink
