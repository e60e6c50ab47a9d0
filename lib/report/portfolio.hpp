// The portfolio: one overview of many projects, each in its own folder. One
// row per folder, computed from the same report model as `report`; a folder
// that is not a project, or cannot be read, gets a row with its error while
// the others are still reported.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "report/model.hpp"
#include "report/templates.hpp"

namespace interlink::report {

struct PortfolioRow {
  std::string path;   // as given
  std::string error;  // "" when the project was read
  // io::errors_warning() of its plan and stakeholder files: read all the
  // same, those with errors not counted; "" when they have none.
  std::string warning;
  std::string id, title, organization;
  std::vector<std::string> active_phases;  // names
  Progress progress;
  int stakeholders = 0;
  std::vector<SectorRow> sectors;
  int feedback = 0, open_feedback = 0, overdue = 0;
  std::string last_event;  // ISO time, "" if none
  bool verified = false;
  std::string problem;  // verification problem, "" when verified
  std::string root;     // the ledger's first event: the same in every copy (clone) of one project
};

struct Portfolio {
  std::string generated;
  std::vector<PortfolioRow> rows;  // in the order of the folders given
  [[nodiscard]] int errors() const;
};

// Reads every folder (on_folder, if set, is told which, for a progress line).
Portfolio build_portfolio(const std::vector<std::filesystem::path>& folders, const std::string& now,
                          const std::function<void(std::size_t index, const std::string& path)>& on_folder = {});

std::string render_portfolio_json(const Portfolio& p);
std::string render_portfolio_csv(const Portfolio& p);
// md and html through portfolio.md.mustache and portfolio.html.mustache.
std::string render_portfolio(const Portfolio& p, const Templates& t, const std::string& lang, bool html);

}  // namespace interlink::report
