// The words of a report in one language, read from the templates'
// i18n/<lang>.json (a flat object of key -> text), never from code, so that a
// translator changes them without a compiler. Dates are written with the
// language's month names and date pattern. tests/unit/test_report_i18n.cpp
// fails when a language lacks a key that English has.
#pragma once

#include <map>
#include <string>

#include "report/templates.hpp"

namespace interlink::report {

class I18n {
 public:
  // The words of lang. An unknown lang is refused (exit 2) naming the
  // languages there are; a malformed file is refused (exit 1) at path:line:column.
  static I18n load(const Templates& t, const std::string& lang);

  // The text of key; the key itself when the language lacks it.
  [[nodiscard]] std::string operator()(const std::string& key) const;
  // The text of prefix.value ("status.done"), or value as is when there is
  // none (a sector or type the vocabulary does not know).
  [[nodiscard]] std::string word(const std::string& prefix, const std::string& value) const;
  // "2026-01-12" or "2026-01-12T09:30:00Z" as the language writes a date
  // ("12 Jan 2026"); "" for "".
  [[nodiscard]] std::string date(const std::string& iso) const;
  // A time as date and hour ("12 Jan 2026 09:30 UTC").
  [[nodiscard]] std::string time(const std::string& iso) const;
  [[nodiscard]] const std::map<std::string, std::string>& words() const { return words_; }
  [[nodiscard]] const std::string& lang() const { return lang_; }

  // Reads one i18n file (for the key test); refuses a malformed one.
  static std::map<std::string, std::string> parse(const std::string& text, const std::string& shown);

 private:
  std::string lang_;
  std::map<std::string, std::string> words_;
  // date()'s answers by day ("2026-01-12"): a report writes the same days
  // again and again, and each took a fill of five words (a seventh of the
  // view's instructions on examples/pspm, callgrind). Not shared between
  // threads: an I18n belongs to one rendering.
  mutable std::map<std::string, std::string, std::less<>> dates_;
  [[nodiscard]] std::string format_date(const std::string& iso) const;  // date(), uncached
};

}  // namespace interlink::report
