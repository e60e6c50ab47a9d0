// See portfolio.hpp.
#include "report/portfolio.hpp"

#include <utility>

#include <nlohmann/json.hpp>

#include "io/csv.hpp"
#include "io/invalid.hpp"
#include "report/i18n.hpp"
#include "report/load.hpp"
#include "report/mustache.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

using Json = nlohmann::json;

PortfolioRow row_of(const std::filesystem::path& folder, const std::string& now) {
  PortfolioRow row;
  row.path = folder.string();
  try {
    std::error_code ec;
    if (!std::filesystem::exists(folder / "interlink.yaml", ec)) {
      unreadable("not an interlink project (no interlink.yaml)");
    }
    Loaded loaded = load(folder, {});
    row.warning = io::errors_warning(loaded.workspace.findings);
    Input in = loaded.input();
    in.now = now;
    in.sections = {Section::overview};
    Report r = build(in);
    row.id = r.id;
    row.title = r.title;
    row.organization = r.organization;
    for (const auto& ph : r.phases) {
      if (ph.status == "active") row.active_phases.push_back(ph.name);
    }
    row.progress = r.overview.progress;
    row.stakeholders = r.overview.stakeholders;
    row.sectors = r.stakeholders.sectors;
    row.feedback = r.overview.feedback;
    row.open_feedback = r.overview.unanswered;
    row.overdue = r.overview.overdue;
    row.last_event = r.record.last_event;
    row.verified = r.record.verified;
    row.problem = r.record.problem;
    row.root = r.record.root;
  } catch (const Error& e) {
    // Positions as the project's own files name them (interlink.yaml:3:8,
    // ledger.db), whichever reader raised it: the row already names the
    // project's folder.
    SourcePos pos = e.pos();
    const std::string prefix = (folder / "").string();
    if (pos.path.rfind(prefix, 0) == 0) pos.path.erase(0, prefix.size());
    std::string where = pos.str();
    row.error = (where.empty() ? "" : where + ": ") + e.message();
  } catch (const std::exception& e) {
    row.error = e.what();
  }
  return row;
}

std::string sectors_text(const PortfolioRow& r) {
  std::vector<std::string> parts;
  for (const auto& s : r.sectors) {
    parts.push_back(s.target > 0 ? s.sector + " " + std::to_string(s.count) + "/" + std::to_string(s.target)
                                 : s.sector + " " + std::to_string(s.count));
  }
  return text::join(parts, " ");
}

}  // namespace

int Portfolio::errors() const {
  int n = 0;
  for (const auto& r : rows) n += r.error.empty() ? 0 : 1;
  return n;
}

Portfolio build_portfolio(const std::vector<std::filesystem::path>& folders, const std::string& now,
                          const std::function<void(std::size_t, const std::string&)>& on_folder) {
  Portfolio p;
  p.generated = now;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (on_folder) on_folder(i, folders[i].string());
    p.rows.push_back(row_of(folders[i], now));
  }
  return p;
}

std::string render_portfolio_json(const Portfolio& p) {
  Json rows = Json::array();
  for (const auto& r : p.rows) {
    Json sectors = Json::array();
    for (const auto& s : r.sectors) {
      sectors.push_back({{"sector", s.sector}, {"count", s.count}, {"target", s.target}, {"met", s.met}});
    }
    rows.push_back(
        {{"path", r.path},
         {"error", r.error},
         {"id", r.id},
         {"title", r.title},
         {"organization", r.organization},
         {"active_phases", r.active_phases},
         {"progress", {{"done", r.progress.done}, {"total", r.progress.total}, {"percent", r.progress.percent}}},
         {"stakeholders", r.stakeholders},
         {"sectors", sectors},
         {"feedback", r.feedback},
         {"open_feedback", r.open_feedback},
         {"overdue_tasks", r.overdue},
         {"last_event", r.last_event},
         {"verified", r.verified},
         {"problem", r.problem}});
  }
  Json j = {{"format_version", kFormatVersion}, {"generated", p.generated}, {"projects", rows}, {"errors", p.errors()}};
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string render_portfolio_csv(const Portfolio& p) {
  auto line = [](const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t k = 0; k < fields.size(); ++k) out += (k ? "," : "") + io::csv::quote(fields[k]);
    return out + "\r\n";
  };
  std::string out = line({"path", "id", "title", "active_phases", "progress_percent", "stakeholders", "sectors",
                          "feedback", "open_feedback", "overdue_tasks", "last_event", "verified", "error"});
  for (const auto& r : p.rows) {
    bool ok = r.error.empty();
    out += line({r.path, r.id, r.title, text::join(r.active_phases, "; "), ok ? std::to_string(r.progress.percent) : "",
                 ok ? std::to_string(r.stakeholders) : "", sectors_text(r), ok ? std::to_string(r.feedback) : "",
                 ok ? std::to_string(r.open_feedback) : "", ok ? std::to_string(r.overdue) : "", r.last_event,
                 ok ? (r.verified ? "true" : "false") : "", r.error});
  }
  return out;
}

std::string render_portfolio(const Portfolio& p, const Templates& t, const std::string& lang, bool html) {
  I18n words = I18n::load(t, lang);
  Json rows = Json::array();
  for (const auto& r : p.rows) {
    Json sectors = Json::array();
    for (const auto& s : r.sectors) {
      sectors.push_back({{"label", words.word("sector", s.sector)},
                         {"count", s.count},
                         {"target", s.target},
                         {"has_target", s.target > 0},
                         {"met", s.met}});
    }
    rows.push_back({{"path", r.path},
                    {"error", r.error},
                    {"ok", r.error.empty()},
                    {"title", r.title},
                    {"organization", r.organization},
                    {"active", text::join(r.active_phases, ", ")},
                    {"percent", std::to_string(r.progress.percent) + "%"},
                    {"done", r.progress.done},
                    {"total", r.progress.total},
                    {"stakeholders", r.stakeholders},
                    {"sectors", sectors},
                    {"feedback", r.feedback},
                    {"open_feedback", r.open_feedback},
                    {"overdue", r.overdue},
                    {"last_event", words.date(r.last_event)},
                    {"verified", r.verified}});
  }
  Json view = {
      {"t", words_view(words)}, {"lang", lang},         {"generated", words.time(p.generated)}, {"projects", rows},
      {"count", p.rows.size()}, {"errors", p.errors()}, {"has_errors", p.errors() > 0}};
  return render_template(t, html ? "portfolio.html.mustache" : "portfolio.md.mustache", std::move(view), html);
}

}  // namespace interlink::report
