// The one screen of free text for personal data (SPEC §6): text that enters
// a tracked file or the append-only ledger — feedback, notes, reasons, titles,
// consent scopes — must not hold a person's e-mail address, phone number or
// name, because nothing can take it out again.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interlink::privacy {

// The reason text holds personal data ("an e-mail address", "a phone number",
// "the name of a registered person"), or nullopt. person_names: the names held
// in the private store (compared case-insensitively, on word boundaries).
std::optional<std::string> personal_data_in(std::string_view text, const std::vector<std::string>& person_names);

// Throws Error(refused): "<field> holds <reason>; it would enter the public
// record" with a hint; does nothing if the text is clean.
void check_free_text(std::string_view field, std::string_view text, const std::vector<std::string>& person_names);

}  // namespace interlink::privacy
