// The line-oriented renderers: text (like a compiler) and github (workflow
// commands, which GitHub Actions turns into annotations on the diff).
#include <fmt/format.h>

#include "util/text.hpp"
#include "validate/render_detail.hpp"

namespace interlink::validate::detail {

namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kRed = "\033[1;31m";
constexpr const char* kMagenta = "\033[1;35m";
constexpr const char* kReset = "\033[0m";

// GitHub's escaping of workflow-command values: data escapes %, CR and LF;
// properties also ':' and ','. Other control characters are made visible
// first, as in the text format.
std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for_each_code_point(s, [&](std::uint32_t cp) {
    switch (cp) {
      case '%':
        out += "%25";
        return;
      case '\r':
        out += "%0D";
        return;
      case '\n':
        out += "%0A";
        return;
      case ':':
        out += property ? "%3A" : ":";
        return;
      case ',':
        out += property ? "%2C" : ",";
        return;
      default:
        break;
    }
    std::string one;
    append_utf8(one, cp);
    out += printable(one);
  });
  return out;
}

}  // namespace

std::string render_text(const Report& report, const std::string& root_label, bool color) {
  std::string out;
  for (const auto& f : report.findings) {
    std::string where = f.pos.str();
    where = printable(where.empty() ? root_label : where);
    bool error = f.severity == model::Severity::error;
    if (color) {
      out += fmt::format("{}{}:{} {}{}:{} {} [{}]\n", kBold, where, kReset, error ? kRed : kMagenta,
                         model::severity_name(f.severity), kReset, printable(f.message), printable(f.rule));
    } else {
      out += fmt::format("{}: {}: {} [{}]\n", where, model::severity_name(f.severity), printable(f.message),
                         printable(f.rule));
    }
  }
  Counts c = count(report);
  out += fmt::format("{}, {}\n", plural(c.errors, "error", "errors"), plural(c.warnings, "warning", "warnings"));
  return out;
}

std::string render_github(const Report& report) {
  std::string out;
  for (const auto& f : report.findings) {
    std::vector<std::string> props;
    if (!f.pos.path.empty()) props.push_back("file=" + github_escape(f.pos.path, true));
    if (f.pos.line > 0) props.push_back(fmt::format("line={}", f.pos.line));
    if (f.pos.line > 0 && f.pos.column > 0) props.push_back(fmt::format("col={}", f.pos.column));
    props.push_back("title=" + github_escape(f.rule, true));
    out += fmt::format("::{} {}::{}\n", model::severity_name(f.severity), text::join(props, ","),
                       github_escape(f.message, false));
  }
  return out;
}

}  // namespace interlink::validate::detail
