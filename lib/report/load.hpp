// Reading what a report is computed from, once: the plan and stakeholders,
// the ledger replayed into the process state, its verification, and (with
// names) the persons' names from the private store. Shared by report and
// portfolio. Never prints: on_step, if set, is told what is being read, for
// a progress line on a terminal.
//
// A report that lists only the digest's items (html, md: every_row false)
// of a ledger that `verify` checked since it last changed
// (process/verified.hpp) reads no event: the state's core and its trace
// digest come from the state cache the commands that show the state wrote
// (process/load.hpp's load_reported), and the record section says what
// verify found. Otherwise every event is verified and replayed. Nothing is
// written either way.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "io/project_io.hpp"
#include "report/model.hpp"
#include "report/templates.hpp"

namespace interlink::report {

using OnStep = std::function<void(const std::string& what)>;

struct Loaded {
  io::Workspace workspace;
  process::State state;  // holds its items only when loaded with every_row
  // What the report shows of the items; none when the state holds them
  // all (every_row): the model computes it from them, with their rows.
  std::optional<process::TraceDigest> digest;
  ledger::VerifyResult verify;
  std::map<std::string, std::string> names;
  // Persons erased by forget whose contact data this copy's private store
  // still holds (stakeholders::drop_erased_contacts): not in names; the
  // command warns of each.
  std::vector<std::string> erased_held;
  // Names of removed organizations and groups, from the ledger (Input).
  std::map<std::string, std::string> recorded_names;
  bool with_names = false;
  bool every_row = false;

  // The model's input, pointing into this (keep it alive while building).
  [[nodiscard]] Input input() const;
};

struct LoadOptions {
  bool with_names = false;  // read persons' names from the private store
  bool every_row = false;   // keep every feedback item (csv and json list them all)
  bool thorough = false;    // verify and replay every event whatever verify's mark says
};

// Throws Error(unreadable) when the plan, a stakeholder file or the ledger
// cannot be read.
Loaded load(const std::filesystem::path& root, const LoadOptions& options, const OnStep& on_step = {});

// The report language for a project's `language`: itself when the templates
// have its words, else English.
std::string pick_language(const Templates& t, const std::string& project_language);

}  // namespace interlink::report
