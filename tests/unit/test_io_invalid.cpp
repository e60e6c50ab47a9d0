// Unit tests for lib/io/invalid and io::Workspace::invalid: a stakeholder
// file with an error finding is never counted as a stakeholder, and the
// commands that move the process are refused at the first error of the
// files they read.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "io/invalid.hpp"
#include "io/project_io.hpp"
#include "ledger_scratch.hpp"
#include "util/error.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

// Named, so that the unity build keeps these apart from other tests' helpers.
namespace invalid_test {

io::Workspace load(const stdfs::path& root, io::ParseCache c) {
  io::Workspace w;
  w.root = root;
  io::load_stakeholders(w, c);
  return w;
}

std::string ids(const std::vector<model::Stakeholder>& list) {
  std::string out;
  for (const auto& s : list) out += s.id + ";";
  return out;
}

std::string invalid(const io::Workspace& w) {
  std::string out;
  for (const auto& f : w.invalid) out += f.id + "=" + f.path + "(" + f.parsed.id + ");";
  return out;
}

model::Finding finding(std::string path, int line, int column, std::string message,
                       model::Severity severity = model::Severity::error) {
  return {"bad-value", severity, SourcePos{std::move(path), line, column}, std::move(message)};
}

}  // namespace invalid_test

using invalid_test::finding;
using invalid_test::ids;
using invalid_test::invalid;

TEST_SUITE("io.invalid") {
  TEST_CASE("a stakeholder file with an error is kept apart, by the id its name gives; a warning is not an error") {
    ledger_test::Scratch s;
    ledger_test::write_file(s / "stakeholders/ok.yaml", "id: ok\nkind: organization\nname: OK\nsector: public\n");
    ledger_test::write_file(s / "stakeholders/warned.yaml",
                            "id: warned\nkind: organization\nname: W\nsector: public\ncolour: blue\n");
    ledger_test::write_file(s / "stakeholders/no-id.yaml", "sector: citizen\n");
    ledger_test::write_file(s / "stakeholders/empty.yaml", "");
    ledger_test::write_file(s / "stakeholders/typo.yaml", "id: typo\nkind: organization\nname: T\nsector: publc\n");
    ledger_test::write_file(s / "stakeholders/here.yaml", "id: there\nkind: organization\nname: H\nsector: public\n");
    ledger_test::write_file(s / "stakeholders/broken.yaml", "id: broken\nname: \"Broken\n");
    for (auto cache : {io::ParseCache::bypass, io::ParseCache::use}) {
      stdfs::create_directories(s / ".interlink");
      for (int pass = 0; pass < 2; ++pass) {  // with the cache: parsed, then read back
        CAPTURE(pass);
        io::Workspace w = invalid_test::load(s.dir, cache);
        CHECK(ids(w.stakeholders) == "ok;warned;");
        CHECK(invalid(w) ==
              "broken=stakeholders/broken.yaml();empty=stakeholders/empty.yaml();"
              "here=stakeholders/here.yaml(there);no-id=stakeholders/no-id.yaml();"
              "typo=stakeholders/typo.yaml(typo);");
        CHECK(w.unreadable);
        CHECK(w.find_stakeholder("typo") == nullptr);
        CHECK(w.has_file("typo"));
        CHECK(w.has_file("broken"));
        CHECK_FALSE(w.has_file("there"));  // the id it holds is not its file's
        CHECK(w.file_ids() == std::vector<std::string>{"broken", "empty", "here", "no-id", "ok", "typo", "warned"});
      }
    }
  }

  TEST_CASE("load_stakeholders_named reads the files of the ids given alone, each judged as the whole folder's") {
    ledger_test::Scratch s;
    ledger_test::write_file(s / "stakeholders/ok.yaml", "id: ok\nkind: organization\nname: OK\nsector: public\n");
    ledger_test::write_file(s / "stakeholders/other.yaml", "id: other\nkind: organization\nname: O\nsector: public\n");
    ledger_test::write_file(s / "stakeholders/typo.yaml", "id: typo\nkind: organization\nname: T\nsector: publc\n");
    ledger_test::write_file(s / "stakeholders/here.yaml", "id: there\nkind: organization\nname: H\nsector: public\n");
    ledger_test::write_file(s / "stakeholders/broken.yaml", "id: broken\nname: \"Broken\n");
    // A file beside the folder, that an id with a path in it would reach.
    ledger_test::write_file(s / "outside.yaml", "id: outside\nkind: organization\nname: X\nsector: public\n");
    io::Workspace w;
    w.root = s.dir;
    io::load_stakeholders_named(w, {"typo", "ok", "missing", "here", "ok", "../outside", "Ok", ""});
    CHECK(ids(w.stakeholders) == "ok;");  // once, though asked twice; "other" not read
    CHECK(invalid(w) == "here=stakeholders/here.yaml(there);typo=stakeholders/typo.yaml(typo);");
    CHECK_FALSE(w.unreadable);  // a missing file is no file, not an unreadable one
    CHECK(io::errors_warning(w.findings) ==
          "2 errors in 2 stakeholder files (not counted); what is shown may be wrong (run 'interlink validate')");
    io::Workspace b;
    b.root = s.dir;
    io::load_stakeholders_named(b, {"broken"});
    CHECK(b.unreadable);
    CHECK(invalid(b) == "broken=stakeholders/broken.yaml();");
  }

  TEST_CASE("require_no_errors names the first error of the files asked about, as validate orders them") {
    model::Findings f = {
        finding("stakeholders/b.yaml", 1, 1, "stakeholder: 'id' is required"),
        finding("interlink.yaml", 46, 20, "'citizen' must be between 0 and 1000000, not -3"),
        finding("interlink.yaml", 3, 1, "unknown key 'colour'", model::Severity::warning),
        finding("interlink.yaml", 44, 14, "'min' must be a whole number, not 'six'"),
        finding("stakeholders/a.yaml", 2, 9, "'sector' must be one of ..."),
    };
    try {
      io::require_no_errors(f, io::kManifestPath);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(std::string(e.what()) == "interlink.yaml:44:14: 'min' must be a whole number, not 'six'");
      CHECK(e.hint() == "the process does not move on a file with errors: 'interlink validate' lists every finding");
    }
    try {
      io::require_no_errors(f, io::kStakeholdersPath);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == "stakeholders/a.yaml:2:9: 'sector' must be one of ...");
      CHECK(e.hint().rfind("the process does not move", 0) == 0);
    }
    // One file only; a warning, or a file of that name's prefix, is no error of it.
    CHECK_THROWS_AS(io::require_no_errors(f, "stakeholders/b.yaml"), Error);
    CHECK_NOTHROW(io::require_no_errors(f, "stakeholders/c.yaml"));
    CHECK_NOTHROW(
        io::require_no_errors({finding("interlink.yaml", 3, 1, "w", model::Severity::warning)}, io::kManifestPath));
    CHECK_NOTHROW(io::require_no_errors({finding("stakeholders-old/x.yaml", 1, 1, "e")}, io::kStakeholdersPath));
  }

  TEST_CASE("errors_warning counts the errors of the plan and of the stakeholder files, which are not counted") {
    CHECK(io::errors_warning({}) == "");
    CHECK(io::errors_warning({finding("interlink.yaml", 3, 1, "w", model::Severity::warning)}) == "");
    CHECK(io::errors_warning({finding("interlink.yaml", 44, 14, "e"), finding("interlink.yaml", 46, 20, "e")}) ==
          "2 errors in interlink.yaml; what is shown may be wrong (run 'interlink validate')");
    CHECK(io::errors_warning({finding("stakeholders/a.yaml", 1, 1, "e")}) ==
          "1 error in 1 stakeholder file (not counted); what is shown may be wrong (run 'interlink validate')");
    CHECK(io::errors_warning({finding("interlink.yaml", 44, 14, "e"), finding("stakeholders/a.yaml", 1, 1, "e"),
                              finding("stakeholders/a.yaml", 2, 1, "e"), finding("stakeholders/b.yaml", 1, 1, "e")}) ==
          "4 errors in interlink.yaml and 2 stakeholder files (not counted); what is shown may be wrong (run "
          "'interlink validate')");
  }
}
