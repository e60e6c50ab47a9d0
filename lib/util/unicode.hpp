// Unicode normalisation and case folding, from utf8proc (Debian's
// libutf8proc): one spelling per name, whatever the keyboard or the file
// produced it. "Société" typed on a Mac (NFD: e + combining acute) and on a PC
// (NFC: é) must give one id and compare equal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace interlink::text {

// s in Normalization Form C; s unchanged if it is not valid UTF-8.
std::string nfc(std::string_view s);

// s in NFC with case folded (for comparisons only, never for display).
std::string fold(std::string_view s);

// True for a letter, a digit or a combining mark: the characters of a word.
bool is_word_char(std::uint32_t cp);

// The columns s takes in a terminal: two for a wide character (East Asian
// wide and fullwidth, emoji such as U+1F680), none for a combining mark or a
// zero-width one, one for any other, by utf8proc's Unicode tables. A byte
// that is not UTF-8 counts as one (text::printable replaces it with one
// character). What text::table pads columns by.
std::size_t display_width(std::string_view s);

}  // namespace interlink::text
