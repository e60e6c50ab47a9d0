// Project templates: the built-in ones (templates/projects/<name>/, embedded
// at build time), a template folder on disk, or an INTERLINK platform schema
// folder (metadata.json + phases/*.json), all turned into the interlink.yaml
// of a new project.
//
// A template folder holds:
//   template.yaml   name, description (one line), title (the default title),
//                   organization (optional default); optional for folders
//   interlink.yaml  the plan, as a mustache template. Variables: {{id}},
//                   {{title}}, {{organization}}, {{language}}, {{today}}.
//                   {{x}} writes x as a YAML scalar (quoted where YAML needs
//                   it), so `title: {{title}}` is always valid; {{{x}}}
//                   writes it raw. {{#organization}}…{{/organization}} is
//                   left out when no organization is given.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/project.hpp"

namespace interlink::catalogue {

inline constexpr const char* kDefaultTemplate = "interlink-default";

struct TemplateInfo {
  std::string name;
  std::string description;  // one line
  std::string title;        // the default title of a project made from it
};

// The built-in templates: the default first, then by name.
std::vector<TemplateInfo> list_templates();

// What a new project is made from.
struct InitParams {
  std::string id;            // slug; "" = from the title if given, else the folder name
  std::string title;         // "" = the template's
  std::string organization;  // "" = the template's
  std::string language;      // "" = "en"; for schemas, the language of the names
  std::string folder_name;   // the new project's folder name, for a default id
};

struct RenderedProject {
  std::string template_name;  // built-in name, template folder's name, or the schema's id
  std::string origin;         // "builtin", "folder" or "schema"
  std::string id;
  std::string title;
  std::map<std::string, std::string> files;  // path relative to the project root -> bytes
  model::Project project;                    // interlink.yaml as loaded back
  std::vector<std::string> warnings;         // for the user; the project is still made
};

// Renders `source`: a built-in template name, or a path to a template folder
// or an INTERLINK schema folder. A source without '/' names a built-in
// template; if there is none of that name but a folder is, the folder.
// Throws Error(usage) for an unknown template or a bad id (with "did you
// mean"), Error(unreadable) for a template that cannot be read, and
// Error(refused) for one whose plan has errors.
RenderedProject render_template(const std::string& source, const InitParams& params);

// The text of a built-in template's file ("" if absent), e.g. for tests.
std::string builtin_file(const std::string& relative_path);

}  // namespace interlink::catalogue
