// See i18n.hpp.
#include "report/i18n.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/error.hpp"
#include "util/json_error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

std::string fill(std::string pattern, const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values) {
    std::string key = "{" + k + "}";
    for (auto at = pattern.find(key); at != std::string::npos; at = pattern.find(key, at + v.size())) {
      pattern.replace(at, key.size(), v);
    }
  }
  return pattern;
}

bool digits(const std::string& s, std::size_t from, std::size_t n) {
  if (s.size() < from + n) return false;
  for (std::size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::map<std::string, std::string> I18n::parse(const std::string& text, const std::string& shown) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for "1e999"
    auto err = json_error(text, shown, e);
    throw Error(ExitStatus::refused, "not valid JSON: " + err.message, {}, err.pos);
  }
  if (!j.is_object()) throw Error(ExitStatus::refused, "expected an object of key -> text", {}, {shown});
  std::map<std::string, std::string> words;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) throw Error(ExitStatus::refused, "the value of '" + k + "' is not a string", {}, {shown});
    words[k] = v.get<std::string>();
  }
  return words;
}

I18n I18n::load(const Templates& t, const std::string& lang) {
  const auto* f = t.find("i18n/" + lang + ".json");
  if (!f) {
    auto langs = t.languages();
    bad_usage("no report language '" + lang + "'" + text::did_you_mean(lang, langs) +
              "; there are: " + text::join(langs, ", "));
  }
  I18n out;
  out.lang_ = lang;
  out.words_ = parse(f->text, f->shown);
  return out;
}

std::string I18n::operator()(const std::string& key) const {
  auto it = words_.find(key);
  return it == words_.end() ? key : it->second;
}

std::string I18n::word(const std::string& prefix, const std::string& value) const {
  auto it = words_.find(prefix + "." + value);
  return it == words_.end() ? value : it->second;
}

std::string I18n::date(const std::string& iso) const {
  if (!digits(iso, 0, 4) || !digits(iso, 5, 2) || !digits(iso, 8, 2)) return iso;
  const std::string_view day_key = std::string_view(iso).substr(0, 10);  // all that is read below
  if (auto it = dates_.find(day_key); it != dates_.end()) return it->second;
  return dates_.emplace(std::string(day_key), format_date(iso)).first->second;
}

std::string I18n::format_date(const std::string& iso) const {
  int month = std::stoi(iso.substr(5, 2));
  int day = std::stoi(iso.substr(8, 2));
  return fill((*this)("format.date"), {{"year", iso.substr(0, 4)},
                                       {"month", (*this)(fmt::format("month.{}", month))},
                                       {"mm", iso.substr(5, 2)},
                                       {"day", std::to_string(day)},
                                       {"dd", iso.substr(8, 2)}});
}

std::string I18n::time(const std::string& iso) const {
  if (!digits(iso, 11, 2) || !digits(iso, 14, 2)) return date(iso);
  return fill((*this)("format.time"), {{"date", date(iso)}, {"hh", iso.substr(11, 2)}, {"min", iso.substr(14, 2)}});
}

}  // namespace interlink::report
