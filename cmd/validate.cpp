// interlink validate — the CI gate (SPEC §8): check every file and the ledger,
// print all findings in the format a CI service reads, and exit 0 (valid),
// 1 (errors found) or 3 (a file cannot be read; every finding still printed).
#include <unistd.h>

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/git.hpp"
#include "util/text.hpp"
#include "validate/render.hpp"
#include "validate/validate.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace validate_cmd {
namespace {

namespace stdfs = std::filesystem;

struct ValidateOptions {
  std::string format = "text";
  bool strict = false;
  bool thorough = false;  // verify the ledger even if `verify` checked this very file
  std::string output;     // -o FILE; empty: stdout
};

// A manifest that cannot be read at all is still a report, so that a CI
// service that waits for a JUnit or SARIF file gets one saying why.
validate::Report validate_or_report(const stdfs::path& root, const validate::Options& options, std::string& hint) {
  try {
    return validate::validate_project(root, options);
  } catch (const Error& e) {
    if (e.status() != ExitStatus::unreadable) throw;
    validate::Report r;
    r.unreadable = true;
    SourcePos pos = e.pos();
    if (pos.path.empty()) pos.path = "interlink.yaml";
    r.findings.push_back({"unreadable", model::Severity::error, pos, e.message()});
    hint = e.hint();
    return r;
  }
}

// Findings name files relative to the project root. Inside a git work tree
// they are shown relative to the work tree's root, wherever interlink runs
// (-C DIR, a subfolder, the root): that is what GitHub annotations, SARIF and
// GitLab's reports resolve paths against. Elsewhere, relative to where
// interlink runs (as a compiler names files as given); absolute when the
// project is not below the working folder.
void relative_to_repo_or_cwd(validate::Report& report, const stdfs::path& root) {
  stdfs::path prefix;
  if (auto wt = git::work_tree(root)) {
    prefix = wt->prefix;
  } else {
    if (root == ".") return;
    std::error_code ec;
    prefix = root;
    if (root.is_absolute()) {
      // Below the working folder: relative; elsewhere: absolute rather than ../../..
      stdfs::path rel = root.lexically_relative(stdfs::current_path(ec));
      if (!rel.empty() && *rel.begin() != "..") prefix = rel;
    }
  }
  if (prefix.empty() || prefix == ".") return;
  for (auto& f : report.findings) {
    if (!f.pos.path.empty()) f.pos.path = (prefix / f.pos.path).lexically_normal().generic_string();
  }
}

int run_validate(const ValidateOptions& o, const Globals& g) {
  validate::Format format = validate::parse_format(o.format);  // before the project: a bad flag is exit 2 anywhere
  stdfs::path root = project_root(g);
  std::string hint;
  validate::Report report = validate_or_report(root, {.strict = o.strict, .thorough = o.thorough}, hint);
  relative_to_repo_or_cwd(report, root);
  std::error_code ec;
  std::string label = stdfs::weakly_canonical(stdfs::absolute(root), ec).filename().string();  // the folder's name
  if (label.empty()) label = "project";
  bool color = format == validate::Format::text && o.output.empty() && use_color(g, STDOUT_FILENO);
  std::string out = validate::render(report, format, label, color);
  if (o.output.empty()) {
    std::cout << out << std::flush;
  } else {
    fs::write_output(o.output, out);
  }
  if (report.unreadable) {
    // The text report on stdout already says why; elsewhere stderr must.
    if (format != validate::Format::text || !o.output.empty()) {
      for (const auto& f : report.findings) {
        if (f.rule != "unreadable") continue;
        std::string where = f.pos.str();
        std::cerr << "interlink: error: " << (where.empty() ? "" : where + ": ") << f.message << '\n';
      }
    }
    if (!hint.empty()) std::cerr << "hint: " << hint << '\n';
    return static_cast<int>(ExitStatus::unreadable);
  }
  return report.valid() ? 0 : static_cast<int>(ExitStatus::refused);
}

}  // namespace
}  // namespace validate_cmd

void register_validate(CLI::App& app, Globals& g) {
  using namespace validate_cmd;
  auto opts = std::make_shared<ValidateOptions>();
  auto* sub = app.add_subcommand("validate", "Check the plan, the stakeholders and the ledger (the CI gate)");
  add_format_option(sub, opts->format, validate::format_names(), "Output format");
  sub->add_flag("--strict", opts->strict, "Count warnings (unknown keys, ...) as errors");
  sub->add_flag("--thorough", opts->thorough,
                "Verify every event of the ledger even if 'interlink verify' checked this very file since it "
                "last changed");
  sub->add_option("-o,--output", opts->output, "Write the report to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  sub->footer(
      "Exit status: 0 valid, 1 errors found, 2 bad command line, 3 a file cannot be read\n"
      "(every finding is still reported), 4 internal failure. See 'man interlink-validate'.");
  sub->callback([opts, &g] { g.exit_code = run_validate(*opts, g); });
}

}  // namespace interlink::cli
