// See escape.hpp.
#include "report/escape.hpp"

#include <array>

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

// Which ASCII bytes a document takes as they are.
using Plain = std::array<bool, 128>;

constexpr Plain plain_except(std::string_view special, std::string_view kept_controls) {
  Plain p{};
  for (int c = 0x20; c < 0x7F; ++c)
    p[static_cast<std::size_t>(c)] = special.find(static_cast<char>(c)) == std::string_view::npos;
  for (char c : kept_controls) p[static_cast<std::size_t>(c)] = true;
  return p;
}

// Appends s to out: runs of plain ASCII bytes as they are, everything else
// one code point at a time through `each` (a run of non-ASCII bytes is
// decoded on its own: UTF-8 never has an ASCII byte inside a sequence, so
// the code points are those of the whole string). Most of a report's text
// is plain: a tenth of `report --format html` on examples/pspm went to
// decoding it one code point at a time (callgrind, issue 10).
template <class Each>
void escape_runs(std::string_view s, const Plain& plain, std::string& out, const Each& each) {
  auto is_plain = [&plain](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x80 && plain[u];
  };
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    std::size_t j = i;
    while (j < n && is_plain(s[j])) ++j;
    out.append(s.data() + i, j - i);
    if (j == n) break;
    std::size_t k = j + 1;
    if (static_cast<unsigned char>(s[j]) >= 0x80) {
      while (k < n && static_cast<unsigned char>(s[k]) >= 0x80) ++k;
    }
    text::for_each_code_point(s.substr(j, k - j), each);
    i = k;
  }
}

constexpr Plain kHtmlPlain = plain_except("&<>\"'", "\n\t");
// What Markdown escapes: & and < as entities, the punctuation with a
// backslash; line breaks and tabs become spaces.
constexpr std::string_view kMdSpecial = "&<\\`*_{}[]#+!|~>";
constexpr std::string_view kMdPunct = kMdSpecial.substr(2);
constexpr Plain kMdPlain = plain_except(kMdSpecial, "");

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  escape_runs(s, kHtmlPlain, out, [&](std::uint32_t cp) {
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
  std::string out;
  out.reserve(s.size() + 16);
  escape_runs(s, kMdPlain, out, [&](std::uint32_t cp) {
    if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '\n' || cp == '\r' || cp == '\t') {
      out.push_back(' ');
    } else if (cp < 0x80 && kMdPunct.find(static_cast<char>(cp)) != std::string_view::npos) {
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
