// interlink verify — check the ledger's hashes and links, and with --base that
// it is an append-only extension of an older copy or of its version at a git
// revision, and with --since-rev that every committed version since a
// revision extended the one before (the CI gate on the record).
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "ledger/event.hpp"
#include "ledger/verify.hpp"
#include "ledger/verify_git.hpp"
#include "process/verified.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace verify_cmd {
namespace {

namespace stdfs = std::filesystem;

struct VerifyOptions {
  std::string ledger, base, since_rev, format = "text";
  bool thorough = false;
};

// What was checked besides the ledger itself, for the summary line.
struct Checked {
  std::string base;          // the base's label, "" if none
  bool base_absent = false;  // a revision without a ledger
  std::string since_rev;
  long versions = 0;
  ledger::VerifyResult own;  // of the ledger itself, before --since-rev's versions
};

ledger::VerifyResult check(const VerifyOptions& o, const stdfs::path& db, Checked& c) {
  ledger::VerifyResult r;
  std::error_code ec;
  const auto depth = o.thorough ? ledger::Depth::thorough : ledger::Depth::quick;
  if (o.base.empty()) {
    r = ledger::verify(db, {}, {}, depth);
  } else if (stdfs::exists(o.base, ec)) {  // a file wins over a revision of the same name
    r = ledger::verify(db, stdfs::path(o.base), {}, depth);
    c.base = o.base;
  } else {
    auto g = ledger::verify_against_rev(db, o.base, depth);
    r = g.result;
    c.base = g.base;
    c.base_absent = g.base_absent;
  }
  c.own = r;
  if (!r.ok || o.since_rev.empty()) return r;
  // r holds the file's own verification (with or without a base): the
  // last step of --since-rev does not make it again.
  auto s = ledger::verify_since_rev(db, o.since_rev, depth, &r);
  c.since_rev = s.base;
  c.versions = s.versions;
  return s.result;
}

std::string summary(const ledger::VerifyResult& r, const Checked& c) {
  std::string s = fmt::format("ok: {} {}, {} {}, root {}", r.events, r.events == 1 ? "event" : "events", r.heads.size(),
                              r.heads.size() == 1 ? "head" : "heads", ledger::short_id(r.root));
  if (c.base_absent) {
    s += fmt::format(", no ledger at {} to compare", c.base);
  } else if (!c.base.empty()) {
    s += fmt::format(", every event of {} present", c.base);
  }
  if (!c.since_rev.empty()) {
    s += fmt::format(", {} committed {} since {} each extend the one before", c.versions,
                     c.versions == 1 ? "version" : "versions", c.since_rev);
  }
  return s;
}

int run_verify(const VerifyOptions& o, const Globals& g) {
  stdfs::path db = o.ledger.empty() ? project_root(g) / "ledger.db" : stdfs::path(o.ledger);
  Checked c;
  // The project's ledger found sound is marked so (process/verified.hpp), as
  // the file was before and after the check: one that changed meanwhile is
  // not marked.
  const auto before = o.ledger.empty() ? process::ledger_file_id(db) : std::nullopt;
  ledger::VerifyResult r = check(o, db, c);
  if (r.ok && before && process::ledger_file_id(db) == before) process::mark_verified(db.parent_path(), *before, c.own);
  if (o.format == "json") {
    ledger::Json j = {{"ok", r.ok},     {"ledger", db.string()}, {"events", r.events},      {"heads", r.heads},
                      {"root", r.root}, {"problem", r.problem},  {"bad_event", r.bad_event}};
    if (!c.base.empty()) j["base"] = c.base;
    if (c.base_absent) j["base_absent"] = true;
    if (!c.since_rev.empty()) {
      j["since_rev"] = c.since_rev;
      j["versions"] = c.versions;
    }
    std::cout << j.dump() << '\n';
  } else if (r.ok) {
    if (!g.quiet) std::cout << db.string() << ": " << summary(r, c) << '\n';
  } else {
    std::cout << fmt::format("{}: FAILED: {}\n", db.string(), r.problem);
  }
  return r.ok ? 0 : 1;
}

}  // namespace
}  // namespace verify_cmd

void register_verify(CLI::App& app, Globals& g) {
  using namespace verify_cmd;
  auto opts = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand("verify", "Check the ledger's hashes and links (exit 1 if it was changed)");
  sub->add_option("LEDGER", opts->ledger, "The ledger file to check (default: the project's ledger.db)")->type_name("");
  sub->add_option("--base", opts->base,
                  "Also check that every event of this older copy is still present: a file, or a git revision "
                  "(origin/main, a tag, a commit) whose committed ledger is read")
      ->type_name("LEDGER|REV");
  sub->add_option("--since-rev", opts->since_rev,
                  "Also check every committed version of the ledger from REV to HEAD against the one before")
      ->type_name("REV");
  sub->add_flag("--thorough", opts->thorough,
                "Also check every index entry against its row (SQLite's integrity_check; slower)");
  add_format_option(sub, opts->format, {"text", "json"}, "Output format");
  sub->footer(
      "A revision is read with git's plumbing only: no hook, filter or textconv of the repository runs.\n"
      "Exit status: 0 sound, 1 changed or rewritten, 2 bad command line (or a revision that names no\n"
      "commit), 3 not a readable ledger. See 'man interlink-verify'.");
  sub->callback([opts, &g] { g.exit_code = run_verify(*opts, g); });
}

}  // namespace interlink::cli
