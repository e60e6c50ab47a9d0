// interlink portfolio — one overview of many projects (man/interlink-portfolio.1):
// a row per folder; a folder that cannot be read gets a row with its error,
// the others are still reported, and the exit status is then 1.
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "report/i18n.hpp"
#include "report/portfolio.hpp"
#include "report/render.hpp"
#include "report_progress.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace portfolio_cmd {
namespace {

struct PortfolioOptions {
  std::vector<std::string> folders;
  std::string format = "md";
  std::string output;
  std::string lang = "en";
  std::string template_dir;
};

int run_portfolio(const PortfolioOptions& o, const Globals& g) {
  report::Format format = report::parse_format(o.format);
  report::Templates templates =
      o.template_dir.empty() ? report::Templates::builtin() : report::Templates::from_dir(o.template_dir);
  report::I18n::load(templates, o.lang);  // a bad --lang is refused before any folder is read
  std::vector<std::filesystem::path> folders(o.folders.begin(), o.folders.end());
  ProgressLine progress(::isatty(STDERR_FILENO) != 0 && !g.quiet);
  auto p = report::build_portfolio(folders, clock::now_iso(), [&](std::size_t i, const std::string& path) {
    progress.show(fmt::format("portfolio: {}/{} {}", i + 1, folders.size(), path));
  });
  progress.done();
  std::string out;
  switch (format) {
    case report::Format::md:
      out = report::render_portfolio(p, templates, o.lang, false);
      break;
    case report::Format::html:
      out = report::render_portfolio(p, templates, o.lang, true);
      break;
    case report::Format::json:
      out = report::render_portfolio_json(p);
      break;
    case report::Format::csv:
      out = report::render_portfolio_csv(p);
      break;
  }
  if (o.output.empty()) {
    std::cout << out << std::flush;
  } else {
    fs::write_output(o.output, out);
  }
  std::map<std::string, std::string> first_with_root;  // ledger root -> the first folder that holds it
  for (const auto& r : p.rows) {
    if (!r.error.empty()) std::cerr << "interlink: error: " << r.path << ": " << r.error << '\n';
    if (!r.warning.empty()) warn_file_errors(r.path + ": " + r.warning);
    // Clones of one project (a team's copies) are each a row: totals over
    // the rows would count that process more than once.
    if (r.root.empty()) continue;
    auto [it, first] = first_with_root.emplace(r.root, r.path);
    if (!first) {
      warn(g, fmt::format("{} and {} are copies of one project ('{}', the same first event in their ledgers): each "
                          "is a row, so totals over the rows count it twice",
                          it->second, r.path, r.id));
    }
  }
  return p.errors() > 0 ? static_cast<int>(ExitStatus::refused) : 0;
}

}  // namespace
}  // namespace portfolio_cmd

void register_portfolio(CLI::App& app, Globals& g) {
  using namespace portfolio_cmd;
  auto o = std::make_shared<PortfolioOptions>();
  auto* sub = app.add_subcommand("portfolio", "One overview of many projects, one row per project folder");
  sub->add_option("folders", o->folders, "Project folders")->required()->type_name("DIR...");
  add_format_option(sub, o->format, report::format_names(), "Output format (default md)");
  sub->add_option("-o,--output", o->output, "Write to FILE (atomically) instead of standard output")->type_name("FILE");
  sub->add_option("--lang", o->lang, "Language of md and html: en, it, es, lv (default en)")->type_name("L");
  sub->add_option("--template", o->template_dir, "Render with the templates of DIR over the built-in ones")
      ->type_name("DIR");
  sub->footer(
      "Exit status: 0 every folder read, 1 some folder is not a readable project (it still gets a row),\n"
      "2 bad command line, 4 the output cannot be written. See 'man interlink-portfolio'.");
  sub->callback([o, &g] { g.exit_code = run_portfolio(*o, g); });
}

}  // namespace interlink::cli
