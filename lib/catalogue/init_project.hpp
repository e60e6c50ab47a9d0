// Creating a project (SPEC §2, `interlink init`): render a template, then
// write interlink.yaml, stakeholders/, .gitignore, .gitattributes and the
// ledger's first event (project.created) as one change, and register the
// ledger's git drivers when the folder is inside a git work tree.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalogue/templates.hpp"

namespace interlink::catalogue {

// The lines interlink needs in .gitignore and .gitattributes (added to the
// files a folder already has, never replacing them).
extern const char* const kGitignoreLines;
extern const char* const kGitattributesLines;

struct InitRequest {
  std::filesystem::path dir = ".";        // created if missing
  std::string source = kDefaultTemplate;  // see render_template()
  InitParams params;                      // folder_name is filled in from dir when empty
  std::string actor;                      // who is recorded as creating the project
  std::string exe;                        // interlink's path for git-setup; "" = do not touch git
};

struct InitResult {
  RenderedProject rendered;
  std::vector<std::string> written;   // files written, relative to dir, in order
  bool git_configured = false;        // the git drivers were registered
  std::vector<std::string> warnings;  // the template's, and a git-setup that failed
};

// Refuses (exit 1, nothing changed) when dir already holds interlink.yaml,
// ledger.db or stakeholder files, or is not a folder. Template errors are
// raised before anything is written. If writing fails, a folder that init
// created is removed again.
InitResult init_project(const InitRequest& request);

}  // namespace interlink::catalogue
