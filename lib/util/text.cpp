// See text.hpp.
#include "util/text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "util/unicode.hpp"

namespace interlink::text {

std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return i;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
  int line = 1, col = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

bool is_slug(std::string_view id, std::size_t max_len) {
  if (id.empty() || id.size() > max_len) return false;
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return ok(c) || c == '-'; });
}

namespace {

// Cyrillic А..я (U+0410..U+044F, upper then lower case in the same order),
// as Bulgaria's official Streamlined System (2009); Ы and Э as in Russian.
constexpr std::string_view kCyrillic[32] = {"a",  "b",  "v",  "g",   "d", "e", "zh", "z", "i",  "y", "k",
                                            "l",  "m",  "n",  "o",   "p", "r", "s",  "t", "u",  "f", "h",
                                            "ts", "ch", "sh", "sht", "a", "y", "y",  "e", "yu", "ya"};
// Greek Α..Ω (U+0391..U+03A9; U+03A2 is unassigned, final ς takes its place
// in lower case), letter by letter after ELOT 743.
constexpr std::string_view kGreek[25] = {"a", "v", "g", "d", "e", "z", "i", "th", "i", "k",  "l",  "m", "n",
                                         "x", "o", "p", "r", "s", "s", "t", "y",  "f", "ch", "ps", "o"};

// Greek letters with tonos or dialytika (U+0386..U+03CE) to their base.
std::string_view greek_accented(std::uint32_t cp) {
  switch (cp) {
    case 0x386:
    case 0x3AC:
      return "a";
    case 0x388:
    case 0x3AD:
      return "e";
    case 0x389:
    case 0x3AE:
    case 0x38A:
    case 0x3AF:
    case 0x390:
    case 0x3AA:
    case 0x3CA:
      return "i";
    case 0x38C:
    case 0x3CC:
    case 0x38F:
    case 0x3CE:
      return "o";
    case 0x38E:
    case 0x3CD:
    case 0x3B0:
    case 0x3AB:
    case 0x3CB:
      return "y";
    default:
      return {};
  }
}

// Letters of the EU's official languages to ASCII: Latin with diacritics
// (Latin-1 Supplement, Latin Extended-A, Romanian's comma-below letters),
// Bulgarian Cyrillic and Greek; common ligatures. Anything else gives "".
std::string_view transliterate(std::uint32_t cp) {
  if (cp >= 0x410 && cp <= 0x44F) return kCyrillic[(cp - 0x410) % 32];
  if (cp == 0x401 || cp == 0x451) return "e";  // Ё ё
  if (cp >= 0x391 && cp <= 0x3A9) return kGreek[cp - 0x391];
  if (cp >= 0x3B1 && cp <= 0x3C9) return kGreek[cp - 0x3B1];
  if (auto g = greek_accented(cp); !g.empty()) return g;
  if (cp == 0x218 || cp == 0x219) return "s";  // Ș ș
  if (cp == 0x21A || cp == 0x21B) return "t";  // Ț ț
  switch (cp) {
    case 0xFB00:
      return "ff";
    case 0xFB01:
      return "fi";
    case 0xFB02:
      return "fl";
    case 0xFB03:
      return "ffi";
    case 0xFB04:
      return "ffl";
    default:
      break;
  }
  static const std::pair<std::uint32_t, std::string_view> table[] = {
      {0xC0, "a"}, {0xC1, "a"}, {0xC2, "a"}, {0xC3, "a"}, {0xC4, "a"}, {0xC5, "a"},  {0xC6, "ae"}, {0xC7, "c"},
      {0xC8, "e"}, {0xC9, "e"}, {0xCA, "e"}, {0xCB, "e"}, {0xCC, "i"}, {0xCD, "i"},  {0xCE, "i"},  {0xCF, "i"},
      {0xD0, "d"}, {0xD1, "n"}, {0xD2, "o"}, {0xD3, "o"}, {0xD4, "o"}, {0xD5, "o"},  {0xD6, "o"},  {0xD8, "o"},
      {0xD9, "u"}, {0xDA, "u"}, {0xDB, "u"}, {0xDC, "u"}, {0xDD, "y"}, {0xDE, "th"}, {0xDF, "ss"},
  };
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) cp -= 0x20;  // lower-case Latin-1 letters mirror upper case
  if (cp == 0xFF) return "y";
  for (auto& [k, v] : table)
    if (k == cp) return v;
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A: pairs of upper/lower case, in alphabetical blocks.
    static constexpr std::string_view ext_a =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuu"
        "uuuuuuwwyyyzzzzzzs";
    std::size_t i = cp - 0x100;
    if (cp == 0x132 || cp == 0x133) return "ij";
    if (cp == 0x152 || cp == 0x153) return "oe";
    if (i < ext_a.size()) return ext_a.substr(i, 1);
  }
  return {};
}

}  // namespace

std::string slugify(std::string_view text, std::size_t max_len) {
  // NFC first: "Société" typed as e + combining accent (NFD, as macOS
  // writes it) must give the same id as the precomposed é.
  const std::string composed = nfc(text);
  std::string_view s = composed;
  std::string out;
  bool dash = false;
  auto put = [&](std::string_view piece) {
    if (piece.empty()) {
      dash = !out.empty();
      return;
    }
    if (dash) out.push_back('-');
    dash = false;
    out.append(piece);
  };
  std::uint32_t prev = 0;  // the previous non-ASCII code point
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      prev = 0;
      char lc = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if ((lc >= 'a' && lc <= 'z') || (lc >= '0' && lc <= '9')) {
        put(std::string_view(&lc, 1));
      } else if (c != '\'') {  // "Citizens' Forum" -> citizens-forum
        put({});
      }
      ++i;
      continue;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp == 0x2019) {  // typographic apostrophe, as '
      i += len;
      continue;
    }
    // Greek ου reads "ou" (ELOT 743), not "oy": Υπουργείο -> ypourgeio.
    bool after_omicron = prev == 0x39F || prev == 0x3BF || prev == 0x38C || prev == 0x3CC;
    bool upsilon = cp == 0x3A5 || cp == 0x3C5 || cp == 0x38E || cp == 0x3CD;
    put(after_omicron && upsilon ? std::string_view("u") : transliterate(cp));
    prev = cp;
    i += len;
  }
  if (out.size() > max_len) {
    auto cut = out.rfind('-', max_len);
    out.resize(cut != std::string::npos && cut > max_len / 2 ? cut : max_len);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and
  // transpositions of neighbours ("nmae" -> "name") each cost 1.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> d((n + 1) * (m + 1));
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
  for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(n, m);
}

std::string excerpt(std::string_view value, std::size_t max) {
  if (value.size() <= max) return std::string(value);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return std::string(value.substr(0, cut)) + "...";
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  // Ids, keys and values worth suggesting are short; a long word is no typo
  // of any of them, and its edit distances would cost O(n*m) each.
  constexpr std::size_t kMaxWord = 128;
  if (word.size() > kMaxWord) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    std::size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (c.size() > kMaxWord || gap > std::max<std::size_t>(1, std::max(word.size(), c.size()) / 3)) continue;
    std::size_t d = edit_distance(word, c);
    if (!best || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  if (!best) return std::nullopt;
  // Plausible typo: at most a third of the longer word, and at least one character right.
  std::size_t limit = std::max<std::size_t>(1, std::max(word.size(), best->size()) / 3);
  if (best_d == 0 || best_d > limit) return std::nullopt;
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto n = nearest(word, candidates);
  return n ? fmt::format(" (did you mean '{}'?)", *n) : std::string{};
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) at = s.size();
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  return parts;
}

void for_each_code_point(std::string_view s, const std::function<void(std::uint32_t)>& f) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    // One sequence at a time keeps this linear however many bytes are bad.
    if (len == 0 || i + len > n || text::invalid_utf8_at(s.substr(i, len)) != std::string_view::npos) {
      f(0xFFFD);
      ++i;
      continue;
    }
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t j = 1; j < len; ++j) cp = (cp << 6) | (static_cast<unsigned char>(s[i + j]) & 0x3Fu);
    f(cp);
    i += len;
  }
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_bidi_or_separator(std::uint32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

namespace {

bool is_unsafe(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || is_bidi_or_separator(cp);
}

}  // namespace

std::string printable(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](std::uint32_t cp) {
    if (cp == '\n') {
      out += keep_newlines ? "\n" : "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", cp);
    } else if ((cp >= 0x80 && cp < 0xA0) || is_bidi_or_separator(cp)) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      append_utf8(out, cp);
    }
  });
  return out;
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

bool has_control(std::string_view s, bool allow_newline) {
  bool found = false;
  for_each_code_point(s, [&](std::uint32_t cp) { found = found || (is_unsafe(cp) && !(allow_newline && cp == '\n')); });
  return found;
}

std::optional<std::uint64_t> whole_number(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

std::string shell_quote(const std::string& word) {
  bool plain = !word.empty() && word.find_first_not_of(
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "0123456789/._+-,:=@") == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace interlink::text
