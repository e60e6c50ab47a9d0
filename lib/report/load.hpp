// Reading what a report is computed from, once: the plan and stakeholders,
// the ledger replayed into the process state, its verification, and (with
// names) the persons' names from the private store. Shared by report and
// portfolio. Never prints: on_step, if set, is told what is being read, for
// a progress line on a terminal.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "io/project_io.hpp"
#include "report/model.hpp"
#include "report/templates.hpp"

namespace interlink::report {

using OnStep = std::function<void(const std::string& what)>;

struct Loaded {
  io::Workspace workspace;
  process::State state;
  ledger::VerifyResult verify;
  std::map<std::string, std::string> names;
  bool with_names = false;

  // The model's input, pointing into this (keep it alive while building).
  [[nodiscard]] Input input() const;
};

// Throws Error(unreadable) when the plan, a stakeholder file or the ledger
// cannot be read.
Loaded load(const std::filesystem::path& root, bool with_names, const OnStep& on_step = {});

// The report language for a project's `language`: itself when the templates
// have its words, else English.
std::string pick_language(const Templates& t, const std::string& project_language);

}  // namespace interlink::report
