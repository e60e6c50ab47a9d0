// Unit tests for lib/io/parse_cache: the parsed stakeholder files kept in
// .interlink/cache/stakeholders.pack give exactly what parsing gives —
// stakeholders, findings and their positions — and never outlive the bytes
// or the binary they were parsed from.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/project_io.hpp"
#include "ledger_scratch.hpp"
#include "sealed_cache.hpp"
#include "util/build_id.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

using cache_test::sealed_bytes;
using cache_test::write_sealed;

namespace {

// Every field of every stakeholder (those of the files with errors too) and
// finding, positions included, as text.
std::string dump(const io::Workspace& w) {
  std::string out;
  std::vector<const model::Stakeholder*> all;
  for (const auto& s : w.stakeholders) all.push_back(&s);
  for (const auto& f : w.invalid) {
    out += "invalid " + f.id + " " + f.path + "\n";
    all.push_back(&f.parsed);
  }
  for (const auto* one : all) {
    const model::Stakeholder& s = *one;
    out += s.id + "|" + s.kind + "|" + s.name + "|" + s.sector + "|" + s.role + "|" + std::to_string(s.influence) +
           "|" + std::to_string(s.interest) + "|" + s.joined + "|" + s.consent.status + "|" + s.consent.date + "|" +
           s.consent.scope + "|" + s.at.self.str() + "\n";
    for (const auto& t : s.tags) out += "  tag " + t + "\n";
    for (const auto& [k, v] : s.bands) out += "  band " + k + "=" + v + "\n";
    for (const auto& [k, p] : s.at.keys) out += "  at " + k + " " + p.str() + "\n";
  }
  for (const auto& f : w.findings)
    out += f.rule + " " + model::severity_name(f.severity) + " " + f.pos.str() + " " + f.message + "\n";
  return out;
}

std::string pos(const model::Positions& at) {
  std::string out = " @" + at.self.str();
  for (const auto& [k, p] : at.keys) out += " " + k + "@" + p.str();
  return out + "\n";
}

std::string list(const std::vector<std::string>& l) {
  std::string out = "[";
  for (const auto& x : l) out += x + ",";
  return out + "]";
}

std::string counts(const std::map<std::string, int>& m) {
  std::string out = "{";
  for (const auto& [k, v] : m) out += k + ":" + std::to_string(v) + ",";
  return out + "}";
}

std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : "-"; }

std::string gate(const model::Gate& g) {
  return opt(g.stakeholders_min) + counts(g.sectors_min) + counts(g.roles_min) + std::to_string(g.consent_all) +
         std::to_string(g.tasks_required) + opt(g.decisions_min) + opt(g.feedback_min) + pos(g.at);
}

// Every field of the plan, positions included, as text.
std::string dump(const model::Project& p, const model::Findings& findings) {
  const auto& g = p.governance;
  std::string out = std::to_string(p.format) + "|" + p.id + "|" + p.title + "|" + p.organization + "|" + p.language +
                    "|" + p.description + pos(p.at) + g.model + "|" + g.participation + "|" + g.decisions.rule + "|" +
                    std::to_string(g.decisions.quorum) + "|" +
                    (g.decisions.threshold ? std::to_string(*g.decisions.threshold) : "-") + "|" +
                    list(g.decisions.voters) + counts(g.representation) + pos(g.at);
  for (const auto& ph : p.phases) {
    out += "phase " + ph.id + "|" + ph.name + "|" + ph.description + "|" + ph.participation + "|" + ph.start + "|" +
           ph.end + "|" + list(ph.requires_) + gate(ph.entry) + gate(ph.exit) + pos(ph.at);
    for (const auto& o : ph.objectives) {
      out += " objective " + o.id + "|" + o.name + "|" + o.description + "|" + list(o.requires_) + pos(o.at);
      for (const auto& t : o.tasks)
        out += "  task " + t.id + "|" + t.name + "|" + t.description + "|" + list(t.requires_) + list(t.interlinkers) +
               list(t.problem_profiles) + list(t.responsible) + t.accountable + list(t.consulted) + list(t.informed) +
               t.due + std::to_string(t.optional) + pos(t.at);
    }
  }
  for (const auto& i : p.interlinkers)
    out += "interlinker " + i.id + "|" + i.name + "|" + i.nature + "|" + i.description + "|" + i.url + "|" +
           list(i.problem_profiles) + pos(i.at);
  for (const auto& f : findings)
    out += f.rule + " " + model::severity_name(f.severity) + " " + f.pos.str() + " " + f.message + "\n";
  return out;
}

// Every field that the plan's loader reads, and a few problems.
const char* kPlan = R"(interlink: 1
id: pspm
title: Participatory Strategic Planning Module
organization: Ministry of Economy and Finance
language: it
description: A plan
governance:
  model: partnership
  participation: collaborate
  decisions: {rule: supermajority, quorum: 0.5, threshold: 0.75, voters: [coordinator, evaluator]}
  representation: {public: 3, citizen: 5}
phases:
  - id: engage
    name: Engage
    description: First
    participation: consult
    start: 2026-01-12
    end: 2026-02-27
    entry: {stakeholders: {min: 10, sectors: {public: 3}, roles: {evaluator: 1}}, consent: all}
    exit: {tasks: required, decisions: 1, feedback: 20}
    objectives:
      - id: identify
        name: Identify stakeholders
        description: Who
        tasks:
          - id: map-stakeholders
            name: Map stakeholders
            description: Draw the map
            requires: [understand-types]
            interlinkers: [stakeholders-mapping-canvas]
            problem_profiles: [UND_PROBLEM_2]
            responsible: [mef-planning]
            accountable: mef-planning
            consulted: [a]
            informed: [b, c]
            due: 2026-01-30
          - id: understand-types
            name: Understand the types of stakeholders
            optional: true
            colour: blue
  - id: design
    name: Design
    requires: [engage]
    objectives:
      - id: draft
        name: Draft
        requires: [identify]
        tasks: [{id: write, name: Write}]
interlinkers:
  - id: our-canvas
    name: Our canvas
    nature: knowledge
    description: A canvas
    url: https://example.org/canvas
    problem_profiles: [UND_PROBLEM_2]
)";

io::Workspace load(const stdfs::path& root, io::ParseCache c) {
  io::Workspace w;
  w.root = root;
  io::load_stakeholders(w, c);
  return w;
}

const char* kOrg =
    "id: regione-lazio\nkind: organization\nname: Regione Lazio\nsector: public\nrole: co-producer\n"
    "influence: 4\ninterest: 5\ntags: [mobility, youth]\njoined: 2026-01-10\n"
    "consent: {status: given, date: 2026-01-10, scope: workshops}\n";
// A person with problems: a name (personal data), a bad role, influence 7.
const char* kPerson =
    "id: p-3f9a2c1d\nkind: person\nname: Maria Rossi\nsector: citizen\nrole: contributr\n"
    "influence: 7\nage_band: 30-44\nbogus: 1\n";

}  // namespace

TEST_SUITE("io.parse_cache") {
  TEST_CASE("the running binary has a build ID, so the cache is in use") { CHECK(build_id().size() >= 16); }

  TEST_CASE("a cached parse gives what parsing gives, findings and positions included") {
    ledger_test::Scratch s;
    ledger_test::write_file(s / "stakeholders/regione-lazio.yaml", kOrg);
    ledger_test::write_file(s / "stakeholders/p-3f9a2c1d.yaml", kPerson);
    ledger_test::write_file(s / "stakeholders/wrong-name.yaml",
                            "id: not-this-one\nkind: organization\nname: X\nsector: private\n");
    const std::string parsed = dump(load(s.dir, io::ParseCache::bypass));
    CHECK(parsed.find("personal-data") != std::string::npos);
    CHECK(parsed.find("file-name") != std::string::npos);
    // A project without .interlink/ is not given one by a cache.
    CHECK(dump(load(s.dir, io::ParseCache::use)) == parsed);
    CHECK_FALSE(stdfs::exists(s / ".interlink"));
    stdfs::create_directory(s / ".interlink");
    CHECK(dump(load(s.dir, io::ParseCache::bypass)) == parsed);
    CHECK_FALSE(stdfs::exists(s / ".interlink/cache/stakeholders.pack"));  // bypass writes nothing

    CHECK(dump(load(s.dir, io::ParseCache::use)) == parsed);  // parses, and stores
    REQUIRE(stdfs::exists(s / ".interlink/cache/stakeholders.pack"));
    const auto stored = sealed_bytes(s.dir, "stakeholders.pack");
    CHECK(dump(load(s.dir, io::ParseCache::use)) == parsed);    // read back
    CHECK(sealed_bytes(s.dir, "stakeholders.pack") == stored);  // unchanged: not rewritten
  }

  TEST_CASE("the cache is read, not the files, while their bytes are unchanged") {
    ledger_test::Scratch s;
    stdfs::create_directory(s / ".interlink");
    ledger_test::write_file(s / "stakeholders/regione-lazio.yaml", kOrg);
    load(s.dir, io::ParseCache::use);
    // Proof that a hit does not parse: a cache edited by hand (same length,
    // so that the packed form stays whole) is what comes back.
    auto bytes = sealed_bytes(s.dir, "stakeholders.pack");
    auto at = bytes.find("Regione Lazio");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 13, "Regione Lazia");
    write_sealed(s.dir, "stakeholders.pack", bytes);
    CHECK(load(s.dir, io::ParseCache::use).stakeholders.at(0).name == "Regione Lazia");
    CHECK(load(s.dir, io::ParseCache::bypass).stakeholders.at(0).name == "Regione Lazio");
  }

  TEST_CASE("an edited, renamed or deleted file is parsed again; damage is a miss for every file") {
    ledger_test::Scratch s;
    stdfs::create_directory(s / ".interlink");
    ledger_test::write_file(s / "stakeholders/regione-lazio.yaml", kOrg);
    ledger_test::write_file(s / "stakeholders/p-3f9a2c1d.yaml", kPerson);
    load(s.dir, io::ParseCache::use);

    std::string edited = kOrg;
    edited.replace(edited.find("influence: 4"), 12, "influence: 2");
    ledger_test::write_file(s / "stakeholders/regione-lazio.yaml", edited);
    auto w = load(s.dir, io::ParseCache::use);
    REQUIRE(w.find_stakeholder("regione-lazio"));
    CHECK(w.find_stakeholder("regione-lazio")->influence == 2);
    CHECK(dump(w) == dump(load(s.dir, io::ParseCache::bypass)));

    stdfs::rename(s / "stakeholders/p-3f9a2c1d.yaml", s / "stakeholders/p-00000000.yaml");
    w = load(s.dir, io::ParseCache::use);
    CHECK(dump(w) == dump(load(s.dir, io::ParseCache::bypass)));
    CHECK(dump(w).find("stakeholders/p-00000000.yaml:1:5") != std::string::npos);
    CHECK(sealed_bytes(s.dir, "stakeholders.pack").find("p-3f9a2c1d.yaml") == std::string::npos);

    stdfs::remove(s / "stakeholders/p-00000000.yaml");
    w = load(s.dir, io::ParseCache::use);
    REQUIRE(w.stakeholders.size() == 1);
    CHECK(sealed_bytes(s.dir, "stakeholders.pack").find("p-00000000") == std::string::npos);

    // Damage anywhere: cut short, or bytes left over.
    const auto whole = sealed_bytes(s.dir, "stakeholders.pack");
    for (const std::string& bad : {whole.substr(0, whole.size() - 3), whole + "1:x", std::string("garbage")}) {
      write_sealed(s.dir, "stakeholders.pack", bad);
      CHECK(dump(load(s.dir, io::ParseCache::use)) == dump(load(s.dir, io::ParseCache::bypass)));
    }
  }

  TEST_CASE("a cached plan gives what parsing gives; edits and damage parse again; a broken plan always throws") {
    ledger_test::Scratch s;
    stdfs::create_directory(s / ".interlink");
    ledger_test::write_file(s / "interlink.yaml", kPlan);
    model::Findings f0, f1, f2;
    const std::string parsed = dump(io::read_manifest(s.dir, f0, io::ParseCache::bypass), f0);
    CHECK(parsed.find("colour") != std::string::npos);  // an unknown key: a finding with a position
    CHECK(parsed.find("threshold") == std::string::npos);
    CHECK_FALSE(stdfs::exists(s / ".interlink/cache/plan.pack"));
    CHECK(dump(io::read_manifest(s.dir, f1, io::ParseCache::use), f1) == parsed);
    REQUIRE(stdfs::exists(s / ".interlink/cache/plan.pack"));
    CHECK(dump(io::read_manifest(s.dir, f2, io::ParseCache::use), f2) == parsed);

    // A hit does not parse: the cache edited by hand is what comes back.
    auto bytes = sealed_bytes(s.dir, "plan.pack");
    bytes.replace(bytes.find("Draw the map"), 12, "Draw the maq");
    write_sealed(s.dir, "plan.pack", bytes);
    model::Findings f3;
    CHECK(io::read_manifest(s.dir, f3, io::ParseCache::use).phases.at(0).objectives.at(0).tasks.at(0).description ==
          "Draw the maq");

    std::string edited = kPlan;
    edited.replace(edited.find("Draw the map"), 12, "Draw it well");
    ledger_test::write_file(s / "interlink.yaml", edited);
    model::Findings f4, f5;
    CHECK(dump(io::read_manifest(s.dir, f4, io::ParseCache::use), f4) ==
          dump(io::read_manifest(s.dir, f5, io::ParseCache::bypass), f5));
    CHECK(f4.size() == f0.size());

    write_sealed(s.dir, "plan.pack", sealed_bytes(s.dir, "plan.pack") + "1:x");
    model::Findings f6, f6b;
    const std::string fresh = dump(io::read_manifest(s.dir, f6b, io::ParseCache::bypass), f6b);
    CHECK(dump(io::read_manifest(s.dir, f6, io::ParseCache::use), f6) == fresh);  // bytes left over: a miss

    ledger_test::write_file(s / "interlink.yaml", "interlink: 1\nid: [broken\n");
    model::Findings f7;
    CHECK_THROWS_AS(io::read_manifest(s.dir, f7, io::ParseCache::use), Error);
    CHECK_THROWS_AS(io::read_manifest(s.dir, f7, io::ParseCache::use), Error);
  }

  TEST_CASE("a cache written by another build is not read") {
    ledger_test::Scratch s;
    stdfs::create_directory(s / ".interlink");
    ledger_test::write_file(s / "stakeholders/regione-lazio.yaml", kOrg);
    load(s.dir, io::ParseCache::use);
    auto bytes = sealed_bytes(s.dir, "stakeholders.pack");
    auto at = bytes.find(build_id());
    REQUIRE(at != std::string::npos);
    bytes[at] = bytes[at] == '0' ? '1' : '0';  // another build's ID
    auto name = bytes.find("Regione Lazio");
    bytes.replace(name, 13, "Regione Lazia");
    write_sealed(s.dir, "stakeholders.pack", bytes);
    CHECK(load(s.dir, io::ParseCache::use).stakeholders.at(0).name == "Regione Lazio");
  }

  TEST_CASE("a cache that is a link is neither read nor written through") {
    ledger_test::Scratch s;
    stdfs::create_directory(s / ".interlink");
    ledger_test::write_file(s / "stakeholders/regione-lazio.yaml", kOrg);
    load(s.dir, io::ParseCache::use);
    const auto good = sealed_bytes(s.dir, "stakeholders.pack");
    stdfs::rename(s / ".interlink/cache", s / "elsewhere");
    stdfs::create_directory_symlink(s / "elsewhere", s / ".interlink/cache");
    auto bytes = good;
    bytes.replace(bytes.find("Regione Lazio"), 13, "Regione Lazia");
    ledger_test::write_file(s / "elsewhere/stakeholders.pack", bytes);
    CHECK(load(s.dir, io::ParseCache::use).stakeholders.at(0).name == "Regione Lazio");
    CHECK(fs::read_file(s / "elsewhere/stakeholders.pack") == bytes);  // not written through the link
  }
}
