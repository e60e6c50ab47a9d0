// The one clock of interlink (SPEC §3): UTC, or SOURCE_DATE_EPOCH when set so
// that scripted runs and tests produce byte-identical ledgers and reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interlink::clock {

// Seconds since the epoch: SOURCE_DATE_EPOCH if set (and valid), else now.
std::int64_t now_seconds();
// "YYYY-MM-DDTHH:MM:SSZ" for now_seconds().
std::string now_iso();
// "YYYY-MM-DD" for now_seconds().
std::string today();
std::string format_iso(std::int64_t seconds);
std::string format_date(std::int64_t seconds);
// The date "YYYY-MM-DD" of a time the ledger records ("YYYY-MM-DDTHH:MM:SSZ"); "" for "".
inline std::string date_of(std::string_view time) { return std::string(time.substr(0, 10)); }

// A calendar date "YYYY-MM-DD", validated (month lengths, leap years).
struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
  [[nodiscard]] std::string str() const;
  [[nodiscard]] std::int64_t days_since_epoch() const;
  [[nodiscard]] Date next_day() const;  // across months and years, leap days included
};
std::optional<Date> parse_date(std::string_view text);
// Accepts "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; returns seconds since epoch.
std::optional<std::int64_t> parse_time(std::string_view text);

}  // namespace interlink::clock
