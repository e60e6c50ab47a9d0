// The junit renderer: JUnit XML as CI servers (Jenkins, GitLab, Azure) read
// it. One <testsuite> per file with findings, one <testcase> per finding; an
// error is a <failure>, a warning a passing test case whose <system-out>
// says why. A project without findings gives one passing test case, so that
// a CI server counts the check as run.
#include <map>

#include <fmt/format.h>

#include "validate/render_detail.hpp"

namespace interlink::validate::detail {

namespace {

// XML 1.0 allows tab, LF, CR and U+0020 and above except U+FFFE and U+FFFF
// (surrogates cannot come out of for_each_code_point); the rest is dropped.
bool xml_allowed(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
}

// Escapes for element text and attribute values alike. In attributes, tab,
// LF and CR become character references so that parsers do not normalise
// them to spaces; CR is also kept as a reference in text, where parsers
// would turn CR LF into LF.
std::string xml(std::string_view s, bool attribute) {
  std::string out;
  for_each_code_point(s, [&](std::uint32_t cp) {
    if (!xml_allowed(cp)) return;
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
        out += attribute ? "&quot;" : "\"";
        return;
      case '\'':
        out += attribute ? "&apos;" : "'";
        return;
      case '\r':
        out += "&#13;";
        return;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
      default:
        append_utf8(out, cp);
    }
  });
  return out;
}

struct Suite {
  std::string name;
  int tests = 0;
  int failures = 0;
  std::string cases;
};

std::string testcase(const model::Finding& f, const std::string& file) {
  std::string where = f.pos.str();
  std::string name = f.rule;
  if (f.pos.line > 0) name += fmt::format(" at line {}", f.pos.line);
  if (f.pos.line > 0 && f.pos.column > 0) name += fmt::format(", column {}", f.pos.column);
  std::string full = fmt::format("{}{}: {} [{}]", where.empty() ? "" : where + ": ", model::severity_name(f.severity),
                                 f.message, f.rule);
  std::string out = fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml(file, true), xml(name, true));
  if (f.severity == model::Severity::error) {
    out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml(f.rule, true),
                       xml(f.message, true), xml(full, false));
  } else {
    out += fmt::format("      <system-out>{}</system-out>\n", xml(full, false));
  }
  out += "    </testcase>\n";
  return out;
}

}  // namespace

std::string render_junit(const Report& report, const std::string& root_label) {
  // Findings come sorted by file; suites keep the order of first appearance.
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> by_file;
  for (const auto& f : report.findings) {
    std::string file = f.pos.path.empty() ? root_label : f.pos.path;
    auto [it, fresh] = by_file.emplace(file, suites.size());
    if (fresh) suites.push_back(Suite{file, 0, 0, {}});
    Suite& s = suites[it->second];
    s.cases += testcase(f, file);
    s.tests += 1;
    s.failures += f.severity == model::Severity::error ? 1 : 0;
  }
  Counts c = count(report);
  int tests = static_cast<int>(report.findings.size());
  if (tests == 0) {
    Suite s{root_label, 1, 0, fmt::format("    <testcase classname=\"{}\" name=\"valid\"/>\n", xml(root_label, true))};
    suites.push_back(s);
    tests = 1;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     xml("interlink validate " + root_label, true), tests, c.errors);
  for (const auto& s : suites) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                       xml(s.name, true), s.tests, s.failures);
    out += s.cases;
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace interlink::validate::detail
