// See stakeholder_cli.hpp.
#include "stakeholder_cli.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "stakeholders/private_store.hpp"

namespace interlink::cli {

void print_issues(const stakeholders::Issues& issues, const std::string& file) {
  for (const auto& i : issues) {
    std::string where = i.line ? fmt::format("{}:{}: ", file, i.line) : "";
    std::cerr << "interlink: error: " << where << i.message << '\n';
    if (!i.line && !i.hint.empty()) std::cerr << "hint: " << i.hint << '\n';
  }
}

void refuse_file(const stakeholders::Issues& issues, const std::string& file, const std::string& verb,
                 ExitStatus status) {
  print_issues(issues, file);
  std::size_t rows = 0;
  int last = -1;
  for (const auto& i : issues) rows += i.line != last ? (last = i.line, 1) : 0;
  throw Error(status, fmt::format("{}: {} problem{} in {} line{}: nothing was {}", file, issues.size(),
                                  issues.size() == 1 ? "" : "s", rows, rows == 1 ? "" : "s", verb));
}

void check_names_store(const Globals& g, const std::filesystem::path& root) {
  if (!stakeholders::PrivateStore::present_for_names(root)) {
    warn(g, "--with-names: there is no private store (.interlink/private.db) here, so no names to show");
  }
}

int with_issues(const Globals&, const std::string& file, const std::function<int()>& fn) {
  try {
    return fn();
  } catch (const stakeholders::IssuesError& e) {
    print_issues(e.issues(), file);
    return static_cast<int>(e.status());
  }
}

ProgressBar::ProgressBar(const Globals& g, std::string label)
    : on_(!g.quiet && ::isatty(2) != 0), label_(std::move(label)) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!on_ || total == 0) return;
  int percent = static_cast<int>(done * 100 / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  constexpr int width = 30;
  int filled = percent * width / 100;
  std::cerr << fmt::format("\r{} [{}{}] {}/{}", label_, std::string(static_cast<std::size_t>(filled), '#'),
                           std::string(static_cast<std::size_t>(width - filled), ' '), done, total)
            << std::flush;
  drawn_ = true;
}

void ProgressBar::clear() {
  if (drawn_) std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

bool given(const CLI::Option* o) { return o && o->count() > 0; }

}  // namespace interlink::cli
