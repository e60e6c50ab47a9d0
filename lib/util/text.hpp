// Small text helpers shared by loaders and commands: UTF-8 checks, slugs,
// and "did you mean" suggestions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interlink::text {

// Offset of the first byte that is not well-formed UTF-8 (overlongs and
// surrogates are not), or npos if all is well-formed.
std::size_t invalid_utf8_at(std::string_view bytes);
inline bool valid_utf8(std::string_view bytes) { return invalid_utf8_at(bytes) == std::string_view::npos; }

// Calls f with each code point of s; a byte that is not well-formed UTF-8
// comes as U+FFFD, so output is always valid UTF-8.
void for_each_code_point(std::string_view s, const std::function<void(std::uint32_t)>& f);

// Appends code point cp to out as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// True for the characters that reorder or break the text around them when
// shown: bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E,
// U+200F, U+061C) and the line and paragraph separators U+2028, U+2029.
bool is_bidi_or_separator(std::uint32_t cp);

// s as valid UTF-8 (U+FFFD for bad bytes) with control characters (C0, DEL,
// C1) and bidi controls and separators made visible as \n, \r, \t, \xHH or
// \uHHHH: a value shown on one line stays on it, reads in the order it is
// stored, and no file or ledger can drive the reader's terminal. The one
// escaping function of every text output (tables, logs, messages);
// keep_newlines keeps line breaks of multi-line text (a description).
std::string printable(std::string_view s, bool keep_newlines = false);

// s as a whole number from 0 to max written in decimal digits only (no sign,
// no blanks, no exponent), or nullopt: for numbers read from the environment
// and the command line, where "10s" or "-1" must be refused, not truncated.
std::optional<std::uint64_t> whole_number(std::string_view s, std::uint64_t max);

// word as one word for a POSIX shell: as is when it is plain, else in single
// quotes - for command lines that git runs or that users paste.
std::string shell_quote(const std::string& word);

// True if s holds a character printable() would escape: C0 (tab included;
// a newline only unless allow_newline), DEL, C1, a bidi control or a line or
// paragraph separator. Input refuses such text (names, tags, reasons, the actor).
bool has_control(std::string_view s, bool allow_newline = false);
// True for "" and for text of blanks only (spaces, tabs, line breaks): a
// text that says nothing, refused wherever a value must say something.
bool is_blank(std::string_view s);
// s without the blanks (spaces, tabs, line breaks) at either end.
std::string trim(std::string_view s);

// 1-based line and column of a byte offset in text; columns count UTF-8
// characters, not bytes, as editors do.
std::pair<int, int> line_column(std::string_view text, std::size_t offset);

// True for ids of the form [a-z0-9][a-z0-9-]*, at most max_len characters.
bool is_slug(std::string_view id, std::size_t max_len = 64);

// A readable slug from free text: lowercase ASCII, common Latin letters with
// diacritics transliterated ("Società" -> "societa"), other runs -> '-',
// trimmed to max_len at a word boundary where possible.
std::string slugify(std::string_view text, std::size_t max_len = 64);

// A value as quoted in a message: cut to at most max bytes (at a character
// boundary) with "..." appended, so that a 10 MB value makes a short message.
std::string excerpt(std::string_view value, std::size_t max = 80);

// Levenshtein distance (byte-wise; inputs are ids and keys).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to word, if near enough to be a plausible typo.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// The parts of s between separators, as std::getline reads them: a trailing
// separator adds no empty part, and "" has none ("a,,b," -> a, "", b).
std::vector<std::string_view> split(std::string_view s, char sep);

}  // namespace interlink::text
