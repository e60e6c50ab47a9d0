// See clock.hpp. Civil-date arithmetic after Howard Hinnant's algorithms, so no
// time zone database or locale is involved.
#include "util/clock.hpp"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::clock {

namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::int64_t now_seconds() {
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    // Refused rather than ignored (as reproducible-builds.org asks): a
    // mistyped value would otherwise stamp events with the real clock, and
    // a year past 9999 would write times that verify rejects for ever.
    constexpr std::uint64_t kLast = 253402300799;  // 9999-12-31T23:59:59Z
    auto v = text::whole_number(sde, kLast);
    if (!v) {
      bad_usage(fmt::format("SOURCE_DATE_EPOCH='{}' is not a whole number of seconds from 0 to {} "
                            "(9999-12-31T23:59:59Z)",
                            text::excerpt(text::printable(sde)), kLast),
                "unset it to use the system clock");
    }
    return static_cast<std::int64_t>(*v);
  }
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::string format_iso(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  Date d = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, rem / 3600, rem / 60 % 60,
                     rem % 60);
}

std::string format_date(std::int64_t seconds) { return format_iso(seconds).substr(0, 10); }
std::string now_iso() { return format_iso(now_seconds()); }
std::string today() { return format_date(now_seconds()); }

std::string Date::str() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

std::int64_t Date::days_since_epoch() const {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::next_day() const { return civil_from_days(days_since_epoch() + 1); }

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!digits(t.substr(0, 4)) || !digits(t.substr(5, 2)) || !digits(t.substr(8, 2))) return std::nullopt;
  Date d{to_int(t.substr(0, 4)), to_int(t.substr(5, 2)), to_int(t.substr(8, 2))};
  static constexpr int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  int max = mdays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  if (d.day > max) return std::nullopt;
  return d;
}

std::optional<std::int64_t> parse_time(std::string_view t) {
  auto d = parse_date(t.substr(0, std::min<std::size_t>(10, t.size())));
  if (!d) return std::nullopt;
  std::int64_t s = d->days_since_epoch() * 86400;
  if (t.size() == 10) return s;
  // YYYY-MM-DDTHH:MM:SSZ
  if (t.size() != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z') return std::nullopt;
  if (!digits(t.substr(11, 2)) || !digits(t.substr(14, 2)) || !digits(t.substr(17, 2))) return std::nullopt;
  int hh = to_int(t.substr(11, 2)), mm = to_int(t.substr(14, 2)), ss = to_int(t.substr(17, 2));
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  return s + hh * 3600 + mm * 60 + ss;
}

}  // namespace interlink::clock
