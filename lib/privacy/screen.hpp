// The one screen for personal data in free text (SPEC §6): every free-text
// field that reaches a tracked file or the append-only ledger — a consent
// scope, a removal reason, a note, feedback, a decision — passes through
// check_free_text before it is recorded, since nothing can take it out of the
// ledger afterwards (`forget` erases the private store, not events).
//
// What it finds: e-mail addresses; phone numbers (a '+' and at least 6
// digits, or at least 9 digits, in one run of digits, blanks, dots, dashes and
// brackets: dates, years and counts stay clear); and the names of persons held
// in the private store, compared in NFC with case folded, on word boundaries,
// as given or surname first (name_forms).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace interlink::privacy {

// The names of persons, folded once (NFC, case folded, blanks as one space)
// and indexed by their first word, for screening many texts: building it
// costs one fold per name, and a text is then screened in time that grows
// with the text, not with the number of persons. (Folding every name again
// for every text made a 3,000-row import spend 70% of its time in utf8proc.)
class Names {
 public:
  Names() = default;
  // Implicit, so that a call with the names of one text reads as before.
  Names(const std::vector<std::string>& names);  // NOLINT(google-explicit-constructor)
  Names(std::initializer_list<std::string> names) : Names(std::vector<std::string>(names)) {}  // NOLINT
  [[nodiscard]] bool empty() const { return by_word_.empty() && other_.empty(); }
  // True if a name occurs in text (already folded) on word boundaries.
  [[nodiscard]] bool in(const std::u32string& folded_text) const;

 private:
  void add(std::u32string folded_form);
  std::unordered_map<std::u32string, std::vector<std::u32string>> by_word_;  // by the name's first word
  std::vector<std::u32string> other_;  // names that start with a character that is not a word's
};

// The forms of a person's name the screen looks for, folded (NFC, case
// folded, blanks as one space): the name as registered and, when it has a
// given name and a surname, given name first, surname first and surname
// with a comma: "giuseppina rossi", "rossi giuseppina", "rossi, giuseppina"
// for "Giuseppina Rossi" and for "Rossi, Giuseppina" alike (without a comma,
// the last part is taken for the surname). Every form
// holds the name's first word, so the private store's index (name_key) finds
// the person for a text in any of them.
std::vector<std::string> name_forms(std::string_view name);

// The private store indexes each person's name by its key (name_key), so
// that a text is screened against the few names that may occur in it, not
// against every name (stakeholders/private_store.cpp):
//   name_key   the name's first word as Names cuts it (folded, UTF-8); ""
//              when the name starts with no word character (such a name is
//              a candidate for every text);
//   word_keys  every word of a text cut the same way: a name may occur in
//              the text only if its key is one of them, or "".
std::string name_key(std::string_view name);
std::vector<std::string> word_keys(std::string_view text);

// The reason text holds personal data ("an e-mail address", "a phone number",
// "the name of a registered person"), or nullopt. person_names: the names held
// in the private store (compare case-insensitively, NFC, on word boundaries).
// For many texts, build Names once and pass it to each call.
std::optional<std::string> personal_data_in(std::string_view text, const Names& person_names);

// Throws Error(refused): "<field> holds <reason>; it would enter the public record" + a hint; does nothing if clean.
void check_free_text(std::string_view field, std::string_view text, const Names& person_names);

}  // namespace interlink::privacy
