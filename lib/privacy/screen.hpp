// The one screen for personal data in free text (SPEC §6): every free-text
// field that reaches a tracked file or the append-only ledger — a consent
// scope, a removal reason, a note, feedback, a decision — passes through
// check_free_text before it is recorded, since nothing can take it out of the
// ledger afterwards (`forget` erases the private store, not events).
//
// What it finds: e-mail addresses; phone numbers (a '+' and at least 6
// digits, or at least 9 digits, in one run of digits, blanks, dots, dashes and
// brackets: dates, years and counts stay clear); and the names of persons held
// in the private store, compared in NFC with case folded, on word boundaries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interlink::privacy {

// The reason text holds personal data ("an e-mail address", "a phone number",
// "the name of a registered person"), or nullopt. person_names: the names held
// in the private store (compare case-insensitively, NFC, on word boundaries).
std::optional<std::string> personal_data_in(std::string_view text, const std::vector<std::string>& person_names);

// Throws Error(refused): "<field> holds <reason>; it would enter the public record" + a hint; does nothing if clean.
void check_free_text(std::string_view field, std::string_view text, const std::vector<std::string>& person_names);

}  // namespace interlink::privacy
