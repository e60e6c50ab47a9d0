// See decision.hpp.
#include "process/decision.hpp"

#include <cmath>

#include <fmt/format.h>

namespace interlink::process {

Share default_threshold() { return {2, 3, "2/3"}; }

Share share_of(double value) {
  constexpr long long kDen = 1'000'000;
  long long num = std::llround(value * static_cast<double>(kDen));
  if (num == std::llround(2.0 / 3.0 * static_cast<double>(kDen))) return default_threshold();
  if (num == std::llround(1.0 / 3.0 * static_cast<double>(kDen))) return {1, 3, "1/3"};
  // The shortest decimal that gives the same millionths.
  std::string text = fmt::format("{}", static_cast<double>(num) / static_cast<double>(kDen));
  return {num, kDen, text};
}

Outcome decide(const Votes& v, const std::string& rule, const Share& quorum, const Share& threshold) {
  Outcome o;
  // needed = ceil(quorum x eligible), in integers. Every operand is a long
  // long: counts up to kMaxVotes times numerators up to 10^6 (decision.hpp).
  const long long product = quorum.num * static_cast<long long>(v.eligible);
  o.needed = static_cast<long>((product + quorum.den - 1) / quorum.den);
  const long long cast = static_cast<long long>(v.for_) + v.against + v.abstain;
  if (cast < o.needed) {
    o.outcome = "no-quorum";
    return o;
  }
  bool approved = false;
  if (rule == "supermajority") {
    const long long for_ = v.for_, against = v.against;
    approved = for_ > 0 && for_ * threshold.den >= threshold.num * (for_ + against);
  } else if (rule == "consensus") {
    approved = v.against == 0 && v.for_ >= 1;
  } else if (rule == "consent") {
    approved = v.against == 0;
  } else {  // majority
    approved = v.for_ > v.against;
  }
  o.outcome = approved ? "approved" : "rejected";
  return o;
}

}  // namespace interlink::process
