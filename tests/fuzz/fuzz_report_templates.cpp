// libFuzzer harness for report templates (report --template DIR): any
// report.md.mustache, partial and i18n/en.json must end in a report or in
// interlink::Error (refused, at path:line:column), never in a crash, a hang
// (a partial that includes itself recursed until the stack overflowed), an
// exception of another kind or unbounded memory. The report is the one of a
// copy of examples/pspm (its history, feedback and decisions), built once.
//
// Input: report.md.mustache, then part.mustache, then i18n/en.json, separated
// by "\n=====\n" lines (see fuzz_util.hpp); the md text is also rendered as
// report.html.mustache. Seeds: tests/fuzz/corpus/report_templates/.
// Build and run: scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fuzz_util.hpp"
#include "report/load.hpp"
#include "report/model.hpp"
#include "report/render.hpp"
#include "report/templates.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

const report::Report& pspm_report() {
  static const report::Report r = [] {
    auto loaded = report::load(fuzz::copy_example("pspm"), {});
    report::Input in = loaded.input();
    in.now = "2026-10-01T09:00:00Z";
    return report::build(in);
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const report::Report& r = pspm_report();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parts = fuzz::split(text);
  auto dir = fuzz::scratch() / "templates";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "i18n");
  fuzz::write(dir / "report.md.mustache", parts[0]);
  fuzz::write(dir / "report.html.mustache", parts[0]);
  if (parts.size() > 1) fuzz::write(dir / "part.mustache", parts[1]);
  if (parts.size() > 2) fuzz::write(dir / "i18n" / "en.json", parts[2]);
  try {
    auto t = report::Templates::from_dir(dir);
    (void)report::render_md(r, t, "en");
    (void)report::render_html(r, t, "en");
  } catch (const Error& e) {
    if (e.status() != ExitStatus::refused && e.status() != ExitStatus::unreadable) std::abort();
  }
  return 0;
}
