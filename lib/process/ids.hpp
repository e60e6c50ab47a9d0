// Short ids of feedback items and decisions (SPEC §5): a prefix of their
// event's hash, like git's abbreviated commit ids, never a counter, so that
// items recorded on two branches keep distinct ids after a merge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace interlink::process {

inline constexpr std::size_t kShortIdDigits = 8;
// Digits of a hash kept where a task or decision names the feedback it
// addresses: enough that a later item never makes the reference ambiguous.
inline constexpr std::size_t kReferenceDigits = 12;

// The first 8 bytes of a string as one integer, big-endian, padded with 0:
// integers compare as the strings' first 8 bytes do.
std::uint64_t prefix_key(std::string_view s);

// For each hash, its shortest prefix of at least min_digits that no other
// hash of the list shares (the whole hash for duplicates).
std::vector<std::string> short_ids(const std::vector<std::string>& hashes, std::size_t min_digits = kShortIdDigits);

// The id short_ids() gives `hash` in a list, from only the hashes of the list
// that share its first min_digits digits (itself among them): no other hash
// can lengthen it. "" if `hash` is not among them. What reads one item
// alone (trace_one.hpp) needs no other.
std::string short_id_among(const std::string& hash, const std::vector<std::string>& sharing,
                           std::size_t min_digits = kShortIdDigits);

// Refuses (Error(refused)) an id given by a user that names several items:
// "feedback id 'fb-3a' is ambiguous: it could be fb-3a01…, fb-3a9c…" (the
// first ten candidates, sorted).
[[noreturn]] void refuse_ambiguous(const char* what, const std::string& given, std::vector<std::string> candidates);

}  // namespace interlink::process
