// See screen.hpp.
#include "privacy/screen.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

namespace interlink::privacy {

namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_local_char(char c) { return is_ascii_alnum(c) || std::string_view("._%+-'").find(c) != std::string_view::npos; }
bool is_domain_char(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

// local@domain.tld, with a local part of one character or more and a domain
// with a dot followed by at least two letters.
bool has_email(std::string_view t) {
  for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    if (at == 0 || !is_local_char(t[at - 1])) continue;
    std::size_t end = at + 1;
    while (end < t.size() && is_domain_char(t[end])) ++end;
    std::string_view domain = t.substr(at + 1, end - at - 1);
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) domain.remove_suffix(1);
    auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) continue;
    return true;
  }
  return false;
}

bool has_phone(std::string_view t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool plus = t[i] == '+';
    if (!plus && !(t[i] >= '0' && t[i] <= '9')) continue;
    if (i > 0 && ((t[i - 1] >= '0' && t[i - 1] <= '9') || is_ascii_alnum(t[i - 1])))
      continue;  // not the start of a run
    int digits = 0;
    std::size_t j = plus ? i + 1 : i;
    for (; j < t.size(); ++j) {
      char c = t[j];
      if (c >= '0' && c <= '9') {
        ++digits;
      } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/') {
        break;
      }
    }
    if ((plus && digits >= 6) || digits >= 9) return true;
    i = j;
  }
  return false;
}

// Code points of s, folded, with every run of blanks as one space.
std::u32string folded_words(std::string_view s) {
  std::u32string out;
  text::for_each_code_point(text::fold(s), [&](std::uint32_t cp) {
    bool blank = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0;
    if (blank) {
      if (!out.empty() && out.back() != U' ') out.push_back(U' ');
    } else {
      out.push_back(cp);
    }
  });
  while (!out.empty() && out.back() == U' ') out.pop_back();
  return out;
}

std::string utf8_of(const std::u32string& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) text::append_utf8(out, cps[i]);
  return out;
}

}  // namespace

std::string name_key(std::string_view name) {
  const std::u32string folded = folded_words(name);
  std::size_t word = 0;
  while (word < folded.size() && text::is_word_char(folded[word])) ++word;
  return utf8_of(folded, 0, word);
}

std::vector<std::string> word_keys(std::string_view text) {
  const std::u32string folded = folded_words(text);
  std::vector<std::string> out;
  for (std::size_t at = 0; at < folded.size();) {
    if (!text::is_word_char(folded[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < folded.size() && text::is_word_char(folded[end])) ++end;
    out.push_back(utf8_of(folded, at, end));
    at = end;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// See name_forms: name is folded already.
std::vector<std::u32string> forms_of(const std::u32string& name) {
  std::vector<std::u32string> forms{name};
  auto trim = [](std::u32string s) {
    while (!s.empty() && s.back() == U' ') s.pop_back();
    while (!s.empty() && s.front() == U' ') s.erase(s.begin());
    return s;
  };
  // Given name(s) and surname: a name registered as "Rossi, Mario" says
  // which is which; otherwise the last blank-separated part is taken for
  // the surname, and a one-part name has no other form.
  std::u32string given, surname;
  if (auto comma = name.find(U','); comma != std::u32string::npos) {
    surname = trim(name.substr(0, comma));
    given = trim(name.substr(comma + 1));
  } else if (auto last = name.rfind(U' '); last != std::u32string::npos && last != 0) {
    given = name.substr(0, last);
    surname = name.substr(last + 1);
  }
  if (given.empty() || surname.empty()) return forms;
  // As registers, sign-up sheets and minutes write it: given name first,
  // surname first, surname and a comma.
  for (auto form : {given + U" " + surname, surname + U" " + given, surname + U", " + given}) {
    if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(std::move(form));
  }
  return forms;
}

}  // namespace

std::vector<std::string> name_forms(std::string_view name) {
  std::vector<std::string> out;
  for (const auto& f : forms_of(folded_words(name))) out.push_back(utf8_of(f, 0, f.size()));
  return out;
}

Names::Names(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    for (auto& form : forms_of(folded_words(n))) add(std::move(form));
  }
}

void Names::add(std::u32string name) {
  if (name.empty()) return;
  std::size_t word = 0;
  while (word < name.size() && text::is_word_char(name[word])) ++word;
  if (word == 0) {
    other_.push_back(std::move(name));
  } else {
    auto key = name.substr(0, word);
    by_word_[key].push_back(std::move(name));
  }
}

bool Names::in(const std::u32string& text) const {
  auto right_boundary = [&](std::size_t end) { return end == text.size() || !text::is_word_char(text[end]); };
  // A name that starts with a word character matches only where a word of
  // the text starts, and that word is the name's first word: one lookup per
  // word of the text instead of a search per name.
  if (!by_word_.empty()) {
    for (std::size_t at = 0; at < text.size();) {
      if (!text::is_word_char(text[at])) {
        ++at;
        continue;
      }
      std::size_t end = at;
      while (end < text.size() && text::is_word_char(text[end])) ++end;
      if (auto it = by_word_.find(text.substr(at, end - at)); it != by_word_.end()) {
        for (const auto& name : it->second) {
          if (text.compare(at, name.size(), name) == 0 && right_boundary(at + name.size())) return true;
        }
      }
      at = end;
    }
  }
  for (const auto& name : other_) {
    for (std::size_t at = text.find(name); at != std::u32string::npos; at = text.find(name, at + 1)) {
      bool left = at == 0 || !text::is_word_char(text[at - 1]);
      if (left && right_boundary(at + name.size())) return true;
    }
  }
  return false;
}

std::optional<std::string> personal_data_in(std::string_view text, const Names& person_names) {
  if (has_email(text)) return "an e-mail address";
  if (has_phone(text)) return "a phone number";
  if (!person_names.empty() && person_names.in(folded_words(text))) return "the name of a registered person";
  return std::nullopt;
}

void check_free_text(std::string_view field, std::string_view text, const Names& person_names) {
  auto reason = personal_data_in(text, person_names);
  if (!reason) return;
  refuse(fmt::format("{} holds {}; it would enter the public record", field, *reason),
         "tracked files and the append-only ledger are public and cannot forget: name a person by their "
         "stakeholder id, and keep contact details in the private store (interlink stakeholder update ID --email ...)");
}

}  // namespace interlink::privacy
