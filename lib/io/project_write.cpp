// See project_write.hpp. The key order here is the one documented in
// man/interlink-project.5 and used by the built-in templates.
#include "io/project_write.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/project_io.hpp"
#include "io/stakeholder_write.hpp"
#include "model/vocab.hpp"

namespace interlink::io {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Multi-line text reads best as a literal block, when it can be one without
// changing a byte: no control characters but newlines, no trailing blanks
// on a line, no leading blank, at most one final newline.
bool fits_literal_block(std::string_view s) {
  if (s.find('\n') == std::string_view::npos) return false;
  if (s.front() == ' ' || s.front() == '\n') return false;
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\n\n") return false;
  // Line and paragraph separators, BOM and C1 controls: only escapes keep them.
  for (std::string_view bad : {"\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"})
    if (s.find(bad) != std::string_view::npos) return false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0 &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80)
      return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c != '\n' && is_control(c)) return false;
    if (c == '\n' && i > 0 && (s[i - 1] == ' ')) return false;
  }
  return s.back() != ' ';
}

class Emitter {
 public:
  std::string out;

  void scalar(int indent, std::string_view key, std::string_view value) {
    line(indent, fmt::format("{}: {}", key, yaml_scalar(value)));
  }
  void scalar_if(int indent, std::string_view key, std::string_view value) {
    if (!value.empty()) scalar(indent, key, value);
  }
  // Free text: a literal block when it spans lines, else a scalar.
  void text_if(int indent, std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!fits_literal_block(value)) return scalar(indent, key, value);
    bool final_newline = value.back() == '\n';
    line(indent, fmt::format("{}: {}", key, final_newline ? "|" : "|-"));
    std::string_view rest = final_newline ? value.substr(0, value.size() - 1) : value;
    while (true) {
      auto nl = rest.find('\n');
      std::string_view l = rest.substr(0, nl);
      if (l.empty()) {
        out += '\n';
      } else {
        line(indent + 2, l);
      }
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
  void raw(int indent, std::string_view key, std::string_view value) {
    line(indent, fmt::format("{}: {}", key, value));
  }
  void list_if(int indent, std::string_view key, const std::vector<std::string>& items) {
    if (items.empty()) return;
    std::string v = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) v += ", ";
      v += yaml_scalar(items[i], true);
    }
    raw(indent, key, v + "]");
  }
  void key(int indent, std::string_view key) { line(indent, fmt::format("{}:", key)); }
  void blank() { out += '\n'; }

  // Starts a list item: the next line written at indent + 2 is prefixed "- ".
  void item(int indent) { item_at_ = indent; }

  void line(int indent, std::string_view text) {
    if (item_at_ >= 0) {
      out.append(static_cast<std::size_t>(item_at_), ' ');
      out += "- ";
      item_at_ = -1;
    } else {
      out.append(static_cast<std::size_t>(indent), ' ');
    }
    out += text;
    out += '\n';
  }

 private:
  int item_at_ = -1;
};

std::string number(double v) { return fmt::format("{}", v); }

void write_counts(Emitter& e, int indent, std::string_view key, const std::map<std::string, int>& counts,
                  const std::vector<std::string>& order) {
  if (counts.empty()) return;
  e.key(indent, key);
  for (const auto& name : order)
    if (auto it = counts.find(name); it != counts.end()) e.raw(indent + 2, name, std::to_string(it->second));
  for (const auto& [name, n] : counts)
    if (std::find(order.begin(), order.end(), name) == order.end())
      e.raw(indent + 2, yaml_scalar(name), std::to_string(n));
}

void write_gate(Emitter& e, int indent, std::string_view key, const model::Gate& g) {
  if (g.empty()) return;
  e.key(indent, key);
  int i = indent + 2;
  if (g.stakeholders_min || !g.sectors_min.empty() || !g.roles_min.empty()) {
    e.key(i, "stakeholders");
    if (g.stakeholders_min) e.raw(i + 2, "min", std::to_string(*g.stakeholders_min));
    write_counts(e, i + 2, "sectors", g.sectors_min, model::vocab::sectors);
    write_counts(e, i + 2, "roles", g.roles_min, model::vocab::roles);
  }
  if (g.consent_all) e.raw(i, "consent", "all");
  if (g.tasks_required) e.raw(i, "tasks", "required");
  if (g.decisions_min) e.raw(i, "decisions", std::to_string(*g.decisions_min));
  if (g.feedback_min) e.raw(i, "feedback", std::to_string(*g.feedback_min));
}

// Dates are validated YYYY-MM-DD and read back as text: written plain, as a
// person would type them.
void date_if(Emitter& e, int indent, std::string_view key, const std::string& date) {
  if (date.empty()) return;
  bool plain = date.size() == 10 &&
               std::all_of(date.begin(), date.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  e.raw(indent, key, plain ? date : yaml_scalar(date));
}

void write_task(Emitter& e, int indent, const model::Task& t) {
  e.item(indent);
  int i = indent + 2;
  e.scalar(i, "id", t.id);
  e.scalar(i, "name", t.name);
  e.text_if(i, "description", t.description);
  e.list_if(i, "requires", t.requires_);
  e.list_if(i, "interlinkers", t.interlinkers);
  e.list_if(i, "problem_profiles", t.problem_profiles);
  e.list_if(i, "responsible", t.responsible);
  e.scalar_if(i, "accountable", t.accountable);
  e.list_if(i, "consulted", t.consulted);
  e.list_if(i, "informed", t.informed);
  date_if(e, i, "due", t.due);
  if (t.optional) e.raw(i, "optional", "true");
}

void write_objective(Emitter& e, int indent, const model::Objective& o) {
  e.item(indent);
  int i = indent + 2;
  e.scalar(i, "id", o.id);
  e.scalar(i, "name", o.name);
  e.text_if(i, "description", o.description);
  e.list_if(i, "requires", o.requires_);
  if (o.tasks.empty()) return;
  e.key(i, "tasks");
  for (const auto& t : o.tasks) write_task(e, i + 2, t);
}

void write_phase(Emitter& e, int indent, const model::Phase& p) {
  e.item(indent);
  int i = indent + 2;
  e.scalar(i, "id", p.id);
  e.scalar(i, "name", p.name);
  e.text_if(i, "description", p.description);
  e.scalar_if(i, "participation", p.participation);
  date_if(e, i, "start", p.start);
  date_if(e, i, "end", p.end);
  e.list_if(i, "requires", p.requires_);
  write_gate(e, i, "entry", p.entry);
  write_gate(e, i, "exit", p.exit);
  if (p.objectives.empty()) return;
  e.key(i, "objectives");
  for (const auto& o : p.objectives) write_objective(e, i + 2, o);
}

void write_governance(Emitter& e, const model::Governance& g) {
  e.key(0, "governance");
  e.scalar(2, "model", g.model);
  e.scalar(2, "participation", g.participation);
  e.key(2, "decisions");
  e.scalar(4, "rule", g.decisions.rule);
  if (g.decisions.quorum > 0) e.raw(4, "quorum", number(g.decisions.quorum));
  if (g.decisions.threshold) e.raw(4, "threshold", number(*g.decisions.threshold));
  e.list_if(4, "voters", g.decisions.voters);
  write_counts(e, 2, "representation", g.representation, model::vocab::sectors);
}

void write_interlinker(Emitter& e, int indent, const model::Interlinker& il) {
  e.item(indent);
  int i = indent + 2;
  e.scalar(i, "id", il.id);
  e.scalar(i, "name", il.name);
  e.scalar(i, "nature", il.nature.empty() ? "knowledge" : il.nature);
  e.text_if(i, "description", il.description);
  e.scalar_if(i, "url", il.url);
  e.list_if(i, "problem_profiles", il.problem_profiles);
}

}  // namespace

std::string write_project(const model::Project& p, const WriteOptions& options) {
  Emitter e;
  if (!options.header.empty()) {
    std::string_view h = options.header;
    while (!h.empty()) {
      auto nl = h.find('\n');
      std::string_view l = h.substr(0, nl);
      e.out += l.empty() ? "#\n" : fmt::format("# {}\n", l);
      if (nl == std::string_view::npos) break;
      h.remove_prefix(nl + 1);
    }
  }
  e.raw(0, "interlink", std::to_string(kProjectFormat));
  e.scalar(0, "id", p.id);
  e.scalar(0, "title", p.title);
  e.scalar_if(0, "organization", p.organization);
  e.scalar(0, "language", p.language.empty() ? "en" : p.language);
  e.text_if(0, "description", p.description);
  e.blank();
  write_governance(e, p.governance);
  e.blank();
  if (p.phases.empty()) {
    e.raw(0, "phases", "[]");
  } else {
    e.key(0, "phases");
    for (std::size_t k = 0; k < p.phases.size(); ++k) {
      if (k) e.blank();
      write_phase(e, 2, p.phases[k]);
    }
  }
  if (!p.interlinkers.empty()) {
    e.blank();
    e.key(0, "interlinkers");
    for (const auto& il : p.interlinkers) write_interlinker(e, 2, il);
  }
  return e.out;
}

}  // namespace interlink::io
