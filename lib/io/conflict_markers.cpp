// See conflict_markers.hpp.
#include "io/conflict_markers.hpp"

namespace interlink::io {

int conflict_marker_line(std::string_view text) {
  int line = 1;
  for (std::size_t start = 0; start < text.size(); ++line) {
    const std::size_t end = text.find('\n', start);
    std::string_view l = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.rfind("<<<<<<< ", 0) == 0 || l == "<<<<<<<" || l.rfind(">>>>>>> ", 0) == 0 || l == ">>>>>>>") return line;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return 0;
}

}  // namespace interlink::io
