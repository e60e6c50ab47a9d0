// See stakeholder_write.hpp. The key order here is the one documented in
// man/interlink-project.5; keep them in step.
#include "io/stakeholder_write.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "model/vocab.hpp"

namespace interlink::io {

namespace {

// Words YAML 1.1 (and so PyYAML) reads as booleans or null.
bool is_yaml_keyword(std::string_view s) {
  static constexpr std::array<std::string_view, 15> words = {"null", "~", "true", "false", "yes", "no",   "on",   "off",
                                                             "y",    "n", "nan",  ".nan",  "inf", ".inf", "-.inf"};
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(words.begin(), words.end(), lower) != words.end();
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

// Could a YAML reader take this for a number (or a sexagesimal, or a date
// other than plain YYYY-MM-DD)? Conservative: anything that starts like a
// number and has no letter beyond those of number syntax.
bool looks_numeric(std::string_view s) {
  char c = s.front();
  if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isxdigit(static_cast<unsigned char>(ch)) ||
           std::string_view("xXoObB._:+-").find(ch) != std::string_view::npos;
  });
}

// Characters that YAML treats as line breaks or that a reader may drop: NEL,
// LINE and PARAGRAPH SEPARATOR, BOM, the C1 controls, and U+FFFE and U+FFFF
// (not printable in YAML: written raw, a reader refuses them; double_quoted
// escapes them).
bool has_unsafe_unicode(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return true;
    if (i + 2 < s.size()) {
      auto c = static_cast<unsigned char>(s[i + 2]);
      if (a == 0xE2 && b == 0x80 && (c == 0xA8 || c == 0xA9)) return true;
      if (a == 0xEF && b == 0xBB && c == 0xBF) return true;
      if (a == 0xEF && b == 0xBF && (c == 0xBE || c == 0xBF)) return true;  // U+FFFE, U+FFFF
    }
  }
  return false;
}

bool can_be_plain(std::string_view s, bool in_flow) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  auto first = static_cast<unsigned char>(s.front());
  if (!(std::isalnum(first) || first >= 0x80)) return false;
  if (is_yaml_keyword(s) || (looks_numeric(s) && !is_date(s)) || has_unsafe_unicode(s)) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || std::isalnum(c)) continue;
    if (std::string_view(" _.-/()+'@&").find(static_cast<char>(c)) == std::string_view::npos) return false;
    if (in_flow && c == ',') return false;
  }
  // "- " and " #" and ": " are the only other sequences that matter, and
  // ':' and '#' are already excluded above; a space run is kept as is.
  return s.find("  ") == std::string_view::npos;
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02X}", c);
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F &&
                   static_cast<unsigned char>(s[i + 1]) >= 0x80) {
          out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[++i]));
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\L" : "\\P";
          i += 2;
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
                   static_cast<unsigned char>(s[i + 2]) == 0xBF) {
          out += "\\uFEFF";
          i += 2;
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
          // U+FFFE and U+FFFF: not printable in YAML, so a reader (libyaml's,
          // ours) refuses them raw; escaped, they read back as they were.
          out += static_cast<unsigned char>(s[i + 2]) == 0xBE ? "\\uFFFE" : "\\uFFFF";
          i += 2;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string yaml_scalar(std::string_view text, bool in_flow) {
  return can_be_plain(text, in_flow) ? std::string(text) : double_quoted(text);
}

std::string stakeholder_to_yaml(const model::Stakeholder& s) {
  std::string out;
  auto line = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) out += fmt::format("{}: {}\n", key, yaml_scalar(value));
  };
  line("id", s.id);
  line("kind", s.kind);
  line("name", s.name);
  line("sector", s.sector);
  line("role", s.role);
  if (s.influence) out += fmt::format("influence: {}\n", s.influence);
  if (s.interest) out += fmt::format("interest: {}\n", s.interest);
  if (!s.tags.empty()) {
    out += "tags: [";
    for (std::size_t i = 0; i < s.tags.size(); ++i) out += (i ? ", " : "") + yaml_scalar(s.tags[i], true);
    out += "]\n";
  }
  line("joined", s.joined);
  out += "consent:\n";
  out += fmt::format("  status: {}\n", yaml_scalar(s.consent.status));
  if (!s.consent.date.empty()) out += fmt::format("  date: {}\n", yaml_scalar(s.consent.date));
  if (!s.consent.scope.empty()) out += fmt::format("  scope: {}\n", yaml_scalar(s.consent.scope));
  for (const auto& band : model::vocab::bands) {
    if (auto it = s.bands.find(band); it != s.bands.end()) line(band, it->second);
  }
  return out;
}

}  // namespace interlink::io
