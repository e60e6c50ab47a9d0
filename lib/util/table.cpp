// See table.hpp.
#include "util/table.hpp"

#include <algorithm>

#include "util/text.hpp"
#include "util/unicode.hpp"

namespace interlink::text {

std::string table(const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return {};
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  std::size_t columns = 0;
  for (const auto& r : rows) {
    std::vector<std::string> row;
    for (const auto& c : r) row.push_back(printable(c));
    columns = std::max(columns, row.size());
    cells.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(columns, 0);
  for (const auto& r : cells)
    for (std::size_t k = 0; k < r.size(); ++k) widths[k] = std::max(widths[k], display_width(r[k]));
  std::string out;
  for (const auto& r : cells) {
    std::string line;
    for (std::size_t k = 0; k < r.size(); ++k) {
      line += r[k];
      if (k + 1 < r.size()) line += std::string(widths[k] - display_width(r[k]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace interlink::text
