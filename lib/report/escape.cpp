// See escape.hpp.
#include "report/escape.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace interlink::report {

namespace {

bool invisible(std::uint32_t cp) {
  if (cp == '\n' || cp == '\t') return false;
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

std::string visible(std::uint32_t cp) { return fmt::format("[U+{:04X}]", cp); }

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  text::for_each_code_point(s, [&](std::uint32_t cp) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&#39;";
        return;
      default:
        break;
    }
    if (invisible(cp)) {
      out += visible(cp);
    } else {
      text::append_utf8(out, cp);
    }
  });
  return out;
}

std::string escape_md(std::string_view s) {
  static constexpr std::string_view kPunct = "\\`*_{}[]#+!|~>";
  std::string out;
  out.reserve(s.size() + 16);
  text::for_each_code_point(s, [&](std::uint32_t cp) {
    if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '\n' || cp == '\r' || cp == '\t') {
      out.push_back(' ');
    } else if (cp < 0x80 && kPunct.find(static_cast<char>(cp)) != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (invisible(cp)) {
      out += visible(cp);
    } else {
      text::append_utf8(out, cp);
    }
  });
  return out;
}

std::string mermaid_label(std::string_view s) {
  std::string out;
  text::for_each_code_point(s, [&](std::uint32_t cp) {
    bool keep = cp >= 0x80 ? !invisible(cp) && cp != 0xFFFD
                           : (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                                 std::string_view(" .,-()/").find(static_cast<char>(cp)) != std::string_view::npos;
    if (keep && cp == ' ') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else if (keep) {
      text::append_utf8(out, cp);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  });
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "-" : out;
}

}  // namespace interlink::report
