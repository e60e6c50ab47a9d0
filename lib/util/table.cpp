// See table.hpp.
#include "util/table.hpp"

#include <algorithm>
#include <sstream>

#include "util/text.hpp"
#include "util/unicode.hpp"

namespace interlink::text {

void print_table(std::ostream& out, std::vector<std::vector<std::string>>&& rows) {
  std::size_t columns = 0;
  for (auto& r : rows) {
    for (auto& c : r) c = printable(c);
    columns = std::max(columns, r.size());
  }
  std::vector<std::size_t> widths(columns, 0);
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.size(); ++k) widths[k] = std::max(widths[k], display_width(r[k]));
  std::string line;
  for (const auto& r : rows) {
    line.clear();
    for (std::size_t k = 0; k < r.size(); ++k) {
      line += r[k];
      if (k + 1 < r.size()) line.append(widths[k] - display_width(r[k]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    line += '\n';
    out << line;
  }
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::ostringstream out;
  print_table(out, std::vector<std::vector<std::string>>(rows));
  return out.str();
}

}  // namespace interlink::text
