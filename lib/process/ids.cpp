// See ids.hpp. Sorting puts the hashes that share the longest prefix with a
// given hash next to it, so comparing neighbours is enough.
#include "process/ids.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "util/error.hpp"

namespace interlink::process {

namespace {

std::size_t common_prefix(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

}  // namespace

std::vector<std::string> short_ids(const std::vector<std::string>& hashes, std::size_t min_digits) {
  std::vector<std::size_t> order(hashes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return hashes[a] < hashes[b]; });
  std::vector<std::string> out(hashes.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::string& h = hashes[order[k]];
    std::size_t need = min_digits;
    if (k > 0) need = std::max(need, common_prefix(h, hashes[order[k - 1]]) + 1);
    if (k + 1 < order.size()) need = std::max(need, common_prefix(h, hashes[order[k + 1]]) + 1);
    out[order[k]] = h.substr(0, std::min(need, h.size()));
  }
  return out;
}

void refuse_ambiguous(const char* what, const std::string& given, std::vector<std::string> candidates) {
  std::sort(candidates.begin(), candidates.end());
  if (candidates.size() > 10) candidates.resize(10);
  refuse(fmt::format("{} id '{}' is ambiguous: it could be {}", what, given, fmt::join(candidates, ", ")),
         "give more digits");
}

}  // namespace interlink::process
