// Decision rules and quorum (SPEC §4), computed in integers so that a tie or
// an exact quorum is never decided by a rounding error:
//   majority       for > against
//   supermajority  for >= threshold x (for + against); threshold 2/3 by default
//   consensus      nobody against and at least one for
//   consent        no objection: against = 0
// Quorum: for + against + abstain >= quorum x eligible voters.
#pragma once

#include <optional>
#include <string>

namespace interlink::process {

struct Votes {
  long for_ = 0, against = 0, abstain = 0, eligible = 0;
};

// A share as an exact fraction, and as it is written in the record.
struct Share {
  long long num = 0, den = 1;
  std::string text;  // "2/3", "0.5"
};

// The share of a number from the plan (0.5, 0.75): exact to a millionth;
// 2/3 when the number is 2/3 to that precision (0.666667). Default
// threshold: 2/3.
Share share_of(double value);
Share default_threshold();

struct Outcome {
  std::string outcome;  // approved | rejected | no-quorum
  long needed = 0;      // votes cast needed for the quorum
};

// rule is one of model::vocab::decision_rules; threshold is used only by
// supermajority.
Outcome decide(const Votes& v, const std::string& rule, const Share& quorum, const Share& threshold);

}  // namespace interlink::process
