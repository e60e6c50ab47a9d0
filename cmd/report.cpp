// interlink report — the report of SPEC §7 in md, html, json or csv
// (man/interlink-report.1): read the project once, build the one report
// model, render it, and write it to stdout or atomically to -o.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "io/invalid.hpp"
#include "report/load.hpp"
#include "report/render.hpp"
#include "report/templates.hpp"
#include "report_progress.hpp"
#include "stakeholder_cli.hpp"
#include "stakeholders/listing.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace report_cmd {
namespace {

namespace stdfs = std::filesystem;

struct ReportOptions {
  std::string format = "md";
  std::string output;
  std::vector<std::string> sections;
  std::string lang;
  std::string template_dir;
  std::string dump_dir;
  bool with_names = false;
  bool thorough = false;  // verify and replay every event even if `verify` checked this very file
};

// Where the report goes: stdout, one file, or (csv) one file per section in
// a folder: always for several sections, and for one when -o names a folder
// (one that exists, or a name ending in '/': 'report --format csv -o out/'
// failed "cannot replace out/" once --section was added). Nothing is written
// before every part is rendered, so that a broken template leaves no file
// behind; the folder is made (as mkdir would) only then.
void write_out(const ReportOptions& o, const std::vector<std::pair<std::string, std::string>>& parts) {
  std::error_code ec;
  const bool to_folder = parts.size() > 1 || (o.format == "csv" && !o.output.empty() &&
                                              (o.output.back() == '/' || stdfs::is_directory(o.output, ec)));
  if (to_folder) {
    fs::make_output_folder(o.output);
    for (const auto& [name, bytes] : parts) fs::write_output(stdfs::path(o.output) / (name + ".csv"), bytes);
  } else if (!o.output.empty()) {
    fs::write_output(o.output, parts[0].second);
  } else {
    std::cout << parts[0].second << std::flush;
  }
}

int run_report(const ReportOptions& o, const Globals& g) {
  if (!o.dump_dir.empty()) {
    for (const auto& path : report::Templates::dump_builtin(o.dump_dir)) say(g, path);
    return 0;
  }
  report::Format format = report::parse_format(o.format);
  std::vector<report::Section> sections;
  for (const auto& s : o.sections) sections.push_back(report::parse_section(s));
  if (format == report::Format::csv && sections.size() != 1 && o.output.empty()) {
    bad_usage("csv writes one table per section: name one with --section, or give -o DIR for one file each");
  }
  report::Templates templates =
      o.template_dir.empty() ? report::Templates::builtin() : report::Templates::from_dir(o.template_dir);
  if (o.with_names) check_names_store(g, project_root(g));
  ProgressLine progress(::isatty(STDERR_FILENO) != 0 && !g.quiet);
  // The loaded project (for csv and json the replayed state holds every
  // feedback item) is freed once the model has copied what it shows, before
  // the renderers make their own copies: on the 1m project that is ~0.5 GB
  // less at the peak.
  std::string file_errors;               // io::errors_warning(), printed once the progress line is gone
  std::vector<std::string> erased_held;  // likewise: contact data of erased persons, not shown
  report::Report r = [&] {
    // csv and json list every feedback item in their traceability section; md
    // and html the digest's. Every other section shows only what the digest
    // holds: `--format json --section overview` read all 989,064 items of the
    // 1m bench project for 1 KB of counts (12.8 s, 1.2 GiB; issue 10).
    const bool lists_items = sections.empty() || std::find(sections.begin(), sections.end(),
                                                           report::Section::traceability) != sections.end();
    const bool every_row = (format == report::Format::csv || format == report::Format::json) && lists_items;
    report::Loaded loaded =
        report::load(project_root(g), {.with_names = o.with_names, .every_row = every_row, .thorough = o.thorough},
                     [&](const std::string& what) { progress.show("report: " + what + "…"); });
    progress.show("report: rendering…");
    file_errors = io::errors_warning(loaded.workspace.findings);
    erased_held = loaded.erased_held;
    report::Input in = loaded.input();
    in.now = clock::now_iso();
    in.sections = sections;
    return report::build(in);
  }();
  std::string lang = o.lang.empty() ? report::pick_language(templates, r.language) : o.lang;
  std::vector<std::pair<std::string, std::string>> parts;
  switch (format) {
    case report::Format::md:
      parts.emplace_back("", report::render_md(r, templates, lang));
      break;
    case report::Format::html:
      parts.emplace_back("", report::render_html(r, templates, lang));
      break;
    case report::Format::json:
      parts.emplace_back("", report::render_json(r));
      break;
    case report::Format::csv:
      for (auto s : r.sections) parts.emplace_back(report::section_name(s), report::render_csv(r, s));
      break;
  }
  progress.done();
  warn_file_errors(file_errors);
  for (const auto& id : erased_held) warn(g, stakeholders::erased_held_message(id));
  write_out(o, parts);
  return 0;
}

}  // namespace
}  // namespace report_cmd

void register_report(CLI::App& app, Globals& g) {
  using namespace report_cmd;
  auto o = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand("report", "The report of the project for people (md, html) and machines (json, csv)");
  add_format_option(sub, o->format, report::format_names(), "Output format (default md)");
  sub->add_option("-o,--output", o->output,
                  "Write to FILE (atomically) instead of standard output; with csv and several sections, a folder")
      ->type_name("FILE");
  sub->add_option("--section", o->sections,
                  "Only this section (repeatable): overview, phases, timeline, stakeholders, participation, "
                  "decisions, traceability, record")
      ->type_name("S");
  sub->add_option("--lang", o->lang, "Language of md and html: en, it, es, lv (default: the project's)")
      ->type_name("L");
  sub->add_option("--template", o->template_dir, "Render with the templates of DIR over the built-in ones")
      ->type_name("DIR");
  sub->add_option("--dump-template", o->dump_dir, "Write the built-in templates into DIR to start from, and stop")
      ->type_name("DIR");
  sub->add_flag("--with-names", o->with_names, "Show persons' names from the private store (not for publishing)");
  sub->add_flag("--thorough", o->thorough,
                "Verify and replay every event of the ledger, even if 'interlink verify' checked this very file");
  sub->footer(
      "Exit status: 0 written, 1 a broken or missing template, 2 bad command line, 3 the project cannot be\n"
      "read, 4 the output cannot be written. See 'man interlink-report'.");
  sub->callback([o, &g] { g.exit_code = run_report(*o, g); });
}

}  // namespace interlink::cli
