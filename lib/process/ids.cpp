// See ids.hpp. Sorting puts the hashes that share the longest prefix with a
// given hash next to it, so comparing neighbours is enough.
#include "process/ids.hpp"

#include <algorithm>

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

std::uint64_t prefix_key(std::string_view s) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < 8; ++i) k = k << 8 | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0U);
  return k;
}

std::vector<std::string> short_ids(const std::vector<std::string>& hashes, std::size_t min_digits) {
  // Sorted by the first 8 bytes as one integer, the whole strings compared
  // only on a tie: sorting indexes by string was 10% of status on 989,047
  // items (perf, issue 10), most of it memcmp through the indirection.
  std::vector<std::pair<std::uint64_t, std::size_t>> order(hashes.size());
  for (std::size_t i = 0; i < hashes.size(); ++i) order[i] = {prefix_key(hashes[i]), i};
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : hashes[a.second] < hashes[b.second];
  });
  // The common prefix of neighbours: from the keys when they differ (fewer
  // than 8 bytes in common, capped by the lengths, since keys pad with 0).
  auto common = [&](std::size_t x, std::size_t y) -> std::size_t {
    const auto& [kx, ix] = order[x];
    const auto& [ky, iy] = order[y];
    if (kx == ky) return common_prefix(hashes[ix], hashes[iy]);
    const auto bytes = static_cast<std::size_t>(__builtin_clzll(kx ^ ky) / 8);
    return std::min({bytes, hashes[ix].size(), hashes[iy].size()});
  };
  std::vector<std::string> out(hashes.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::string& h = hashes[order[k].second];
    std::size_t need = min_digits;
    if (k > 0) need = std::max(need, common(k, k - 1) + 1);
    if (k + 1 < order.size()) need = std::max(need, common(k, k + 1) + 1);
    out[order[k].second] = h.substr(0, std::min(need, h.size()));
  }
  return out;
}

std::string short_id_among(const std::string& hash, const std::vector<std::string>& sharing, std::size_t min_digits) {
  const auto at = std::find(sharing.begin(), sharing.end(), hash);
  if (at == sharing.end()) return {};
  return short_ids(sharing, min_digits)[static_cast<std::size_t>(at - sharing.begin())];
}

void refuse_ambiguous(const char* what, const std::string& given, std::vector<std::string> candidates) {
  std::sort(candidates.begin(), candidates.end());
  if (candidates.size() > 10) candidates.resize(10);
  refuse(fmt::format("{} id '{}' is ambiguous: it could be {}", what, given, fmt::join(candidates, ", ")),
         "give more digits");
}

}  // namespace interlink::process
