// See screen.hpp. Deliberately simple patterns: an e-mail is word@domain.tld,
// a phone number is a run of at least 8 digits once spaces, dots, dashes,
// slashes and brackets between them are ignored (an optional leading +).
// Dates (2026-01-12) and years stay below that bar.
#include "privacy/screen.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "util/error.hpp"

namespace interlink::privacy {

namespace {

bool word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

bool has_email(std::string_view t) {
  for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    auto local_ok = at > 0 && (std::isalnum(static_cast<unsigned char>(t[at - 1])) || t[at - 1] == '.' ||
                               t[at - 1] == '_' || t[at - 1] == '-' || t[at - 1] == '+');
    std::size_t e = at + 1;
    bool dot = false;
    std::size_t last_dot = 0;
    while (e < t.size() && (std::isalnum(static_cast<unsigned char>(t[e])) || t[e] == '.' || t[e] == '-')) {
      if (t[e] == '.') {
        dot = true;
        last_dot = e;
      }
      ++e;
    }
    if (local_ok && dot && last_dot + 2 < e + 1 && last_dot > at + 1 && e - last_dot > 2) return true;
  }
  return false;
}

bool has_phone(std::string_view t) {
  int digits = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (std::isdigit(c)) {
      if (++digits >= 8) return true;
    } else if (c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')' || (c == '+' && digits == 0)) {
      // separators inside a number
      if (c == '-' && digits == 4 && i + 3 < t.size()) {
        // 2026-01-12: a date, not a phone number
        if (std::isdigit(static_cast<unsigned char>(t[i + 1])) && std::isdigit(static_cast<unsigned char>(t[i + 2])) &&
            t[i + 3] == '-')
          digits = 0;
      }
    } else {
      digits = 0;
    }
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_name(std::string_view text, const std::vector<std::string>& names) {
  const std::string t = lower(text);
  for (const auto& n : names) {
    const std::string name = lower(n);
    if (name.size() < 3) continue;
    for (std::size_t at = t.find(name); at != std::string::npos; at = t.find(name, at + 1)) {
      bool start = at == 0 || !word_char(static_cast<unsigned char>(t[at - 1]));
      bool end = at + name.size() == t.size() || !word_char(static_cast<unsigned char>(t[at + name.size()]));
      if (start && end) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> personal_data_in(std::string_view text, const std::vector<std::string>& person_names) {
  if (has_email(text)) return "an e-mail address";
  if (has_phone(text)) return "a phone number";
  if (has_name(text, person_names)) return "the name of a registered person";
  return std::nullopt;
}

void check_free_text(std::string_view field, std::string_view text, const std::vector<std::string>& person_names) {
  if (auto why = personal_data_in(text, person_names)) {
    refuse(fmt::format("{} holds {}; it would enter the public record, which can never be erased", field, *why),
           "leave personal data out of it: contacts belong in the private store (add-stakeholder --email/--phone)");
  }
}

}  // namespace interlink::privacy
