// libFuzzer harness for the YAML reader and both loaders: any bytes given as
// interlink.yaml or as a stakeholder file must end in a model plus findings
// or in interlink::Error (unreadable), never in a crash, a hang, another
// exception or unbounded memory. The findings then go through every
// renderer, whose job is to cope with whatever the files contained.
//
// Build and run: see tests/fuzz/CMakeLists.txt.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/project_io.hpp"
#include "util/error.hpp"
#include "validate/render.hpp"

using namespace interlink;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  validate::Report report;
  try {
    model::Project p = io::load_manifest(text, "interlink.yaml", report.findings);
    (void)p;
  } catch (const Error& e) {
    report.unreadable = true;
    report.findings.push_back({"unreadable", model::Severity::error, e.pos(), e.message()});
  }
  try {
    model::Stakeholder s = io::load_stakeholder(text, "stakeholders/fuzz.yaml", report.findings);
    (void)s;
  } catch (const Error& e) {
    report.unreadable = true;
    report.findings.push_back({"unreadable", model::Severity::error, e.pos(), e.message()});
  }
  // Rendering is linear in the findings; thousands of them (an alias bomb
  // stopped by the budget) would only slow the fuzzer down.
  if (report.findings.size() > 200) report.findings.resize(200);
  for (const auto& name : validate::format_names()) {
    (void)validate::render(report, validate::parse_format(name), "fuzz", name == "text");
  }
  return 0;
}
