// The JSON renderers: json (SPEC §8's own shape) and sarif (SARIF 2.1.0, for
// code-scanning services). Keys keep the order written here, so the output is
// byte-for-byte deterministic.
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "validate/render_detail.hpp"
#include "validate/rules.hpp"

namespace interlink::validate::detail {

namespace {

using Json = nlohmann::ordered_json;

// Valid UTF-8 always (U+FFFD for bad bytes): nlohmann would throw on invalid
// input, and a consumer would reject it.
std::string utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](std::uint32_t cp) { append_utf8(out, cp); });
  return out;
}

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

// A relative path as a URI reference (RFC 3986): every byte but the
// unreserved ones and '/' percent-encoded, so that "a b.yaml" or "x:y.yaml"
// (which would read as a scheme) stay paths.
std::string uri_reference(std::string_view path) {
  std::string out;
  for (char ch : utf8(path)) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '~' || c == '/';
    out += keep ? std::string(1, ch) : fmt::format("%{:02X}", c);
  }
  // An absolute path (the project is not below the working folder) as a
  // file URI, which SARIF viewers resolve; a relative one stays relative.
  return !out.empty() && out[0] == '/' ? "file://" + out : out;
}

}  // namespace

std::string render_json(const Report& report) {
  Counts c = count(report);
  Json findings = Json::array();
  for (const auto& f : report.findings) {
    findings.push_back(Json{{"rule", utf8(f.rule)},
                            {"severity", model::severity_name(f.severity)},
                            {"file", utf8(f.pos.path)},
                            {"line", f.pos.line},
                            {"column", f.pos.column},
                            {"message", utf8(f.message)}});
  }
  Json j{{"valid", valid(report, c)}, {"errors", c.errors}, {"warnings", c.warnings}, {"findings", findings}};
  return dump(j);
}

std::string render_sarif(const Report& report) {
  // Rules: those the findings use, sorted by id; results point at them by index.
  std::map<std::string, int> index;
  for (const auto& f : report.findings) index.emplace(utf8(f.rule), 0);
  Json rules = Json::array();
  int next = 0;
  for (auto& [id, i] : index) {
    i = next++;
    rules.push_back(Json{{"id", id}, {"shortDescription", Json{{"text", rule_description(id)}}}});
  }
  Json results = Json::array();
  for (const auto& f : report.findings) {
    std::string rule = utf8(f.rule);
    Json result{{"ruleId", rule},
                {"ruleIndex", index.at(rule)},
                {"level", model::severity_name(f.severity)},
                {"message", Json{{"text", utf8(f.message)}}}};
    if (!f.pos.path.empty()) {
      Json physical{{"artifactLocation", Json{{"uri", uri_reference(f.pos.path)}}}};
      // SARIF requires startLine >= 1 and startColumn >= 1: an unknown column
      // is left out, and a finding about a whole file (ledger.db, a missing
      // file) is put at its line 1, since GitHub code scanning places a
      // result only by its region.startLine (SARIF validator rule GH1003).
      Json region{{"startLine", f.pos.line > 0 ? f.pos.line : 1}};
      if (f.pos.line > 0 && f.pos.column > 0) region["startColumn"] = f.pos.column;
      physical["region"] = region;
      result["locations"] = Json::array({Json{{"physicalLocation", physical}}});
    }
    results.push_back(result);
  }
  Json driver{{"name", "interlink"}, {"version", INTERLINK_VERSION}, {"rules", rules}};
  Json run{{"tool", Json{{"driver", driver}}}, {"columnKind", "unicodeCodePoints"}, {"results", results}};
  Json log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  return dump(log);
}

}  // namespace interlink::validate::detail
