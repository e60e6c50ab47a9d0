// Project templates: the built-in ones (templates/projects/<name>/, embedded
// at build time), a template folder on disk, or an INTERLINK platform schema
// folder (metadata.json + phases/*.json), all turned into the files of a new
// project.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace interlink::catalogue {

struct TemplateInfo {
  std::string name;
  std::string description;  // one line
};

// The built-in templates, in a stable order.
std::vector<TemplateInfo> list_templates();

// What a new project is made from.
struct InitParams {
  std::string id;            // slug; "" = derived from the title or folder name
  std::string title;         // "" = the template's
  std::string organization;  // "" = the template's
  std::string language = "en";
  std::string folder_name;   // the new project's folder name, for a default id
};

// The files of a new project (path relative to its root -> bytes): at least
// interlink.yaml. `source` is a built-in template name, a template folder or
// an INTERLINK schema folder. Throws Error(usage/refused) with a suggestion
// for an unknown template.
std::map<std::string, std::string> render_template(const std::string& source, const InitParams& params);

}  // namespace interlink::catalogue
