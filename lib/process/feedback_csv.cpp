// See actions.hpp: reading a survey export into feedback items. Columns
// (man/interlink-feedback.1): from, text, type, phase, tags (tags separated
// by '|' or ';' in their cell). RFC 4180, ',' or ';', BOM, CRLF: io::csv.
#include "io/csv.hpp"
#include "process/actions.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace {

const std::vector<std::string> kColumns = {"from", "text", "type", "phase", "tags"};

std::vector<std::string> split_tags(const std::string& cell) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b, cur.find_last_not_of(' ') - b + 1));
    cur.clear();
  };
  for (char c : cell) {
    if (c == '|' || c == ';') {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

}  // namespace

std::vector<FeedbackInput> read_feedback_csv(std::string_view text, const std::string& source) {
  Issues issues;
  auto rows = io::csv::read_rows(
      text, kColumns, {{"from", "every item needs the stakeholder who said it"}, {"text", "every item needs its text"}},
      "from,text,type,phase,tags", issues);
  if (!issues.empty()) throw IssuesError(std::move(issues), source);
  std::vector<FeedbackInput> out;
  for (const auto& r : rows) {
    FeedbackInput in;
    in.line = r.line;
    auto get = [&](const char* k) {
      auto it = r.values.find(k);
      return it == r.values.end() ? std::string() : it->second;
    };
    in.from = text::trim(get("from"));
    in.text = text::trim(get("text"));
    in.type = text::trim(get("type"));
    in.phase = text::trim(get("phase"));
    in.tags = split_tags(get("tags"));
    out.push_back(std::move(in));
  }
  if (out.empty()) throw IssuesError({{ExitStatus::refused, "the file holds no feedback rows", {}, 1}}, source);
  return out;
}

}  // namespace interlink::process
