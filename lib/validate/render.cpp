// See render.hpp: format names and the dispatch to one renderer per format,
// plus the helpers of render_detail.hpp.
#include "validate/render.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"
#include "validate/render_detail.hpp"

namespace interlink::validate {

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names = {"text", "json", "junit", "sarif", "github"};
  return names;
}

Format parse_format(const std::string& name) {
  const auto& names = format_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Format>(i);
  bad_usage(fmt::format("unknown format '{}'{}; expected one of: {}", name, text::did_you_mean(name, names),
                        text::join(names, ", ")));
}

std::string render(const Report& report, Format format, const std::string& root_label, bool color) {
  switch (format) {
    case Format::text: return detail::render_text(report, root_label, color);
    case Format::json: return detail::render_json(report);
    case Format::junit: return detail::render_junit(report, root_label);
    case Format::sarif: return detail::render_sarif(report);
    case Format::github: return detail::render_github(report);
  }
  return {};
}

namespace detail {

Counts count(const Report& report) {
  Counts c;
  for (const auto& f : report.findings) (f.severity == model::Severity::error ? c.errors : c.warnings) += 1;
  return c;
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

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](std::uint32_t cp) {
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", cp);
    } else if (cp >= 0x80 && cp < 0xA0) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      append_utf8(out, cp);
    }
  });
  return out;
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace detail

}  // namespace interlink::validate
