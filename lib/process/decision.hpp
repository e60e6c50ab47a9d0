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

// The most votes for, against, abstentions or eligible voters a decision
// counts: the bound the plan puts on its stakeholder counts (gate minimums,
// io/project_io.cpp). `decide` refuses any other count (exit 2), and readers
// of a ledger, which may come from anyone's clone, take a recorded count
// outside 0..kMaxVotes as missing (validate reports it). Within it, every
// product below (a share's numerator, at most 1,000,000, times a sum of
// counts) stays under 10^13: no overflow in 64 bits.
inline constexpr long kMaxVotes = 1'000'000;

// True if n is a count a decision may hold: 0 to kMaxVotes.
constexpr bool is_vote_count(long long n) { return n >= 0 && n <= kMaxVotes; }

// Counts from 0 to kMaxVotes each (decide's arithmetic relies on it).
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
// supermajority. The counts of v are within kMaxVotes and the shares from 0
// to 1 (the plan's quorum and threshold are): the products are exact.
Outcome decide(const Votes& v, const std::string& rule, const Share& quorum, const Share& threshold);

}  // namespace interlink::process
