// The report templates: the built-in ones (templates/report/, embedded at
// build time) with, over them, the files of a user's folder (--template DIR),
// so that a user may change only the stylesheet or only the Markdown.
//
// A template folder holds:
//   report.md.mustache, report.html.mustache   the two documents
//   <name>.mustache                             partials, used as {{> <name>}}
//                                               (style.css.mustache: {{> style.css}})
//   i18n/<lang>.json                            the words of each language
// Every .mustache file is checked when loaded: a broken one is refused
// (exit 1) at path:line:column before anything is written.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace interlink::report {

class Templates {
 public:
  struct File {
    std::string text;
    std::string shown;  // the path shown in errors: "(built-in) report/x" or the user's path
  };

  static Templates builtin();
  // The user's folder over the built-in files. Refuses (exit 1) a folder
  // that does not exist or a broken template in it.
  static Templates from_dir(const std::filesystem::path& dir);

  // name relative to the folder, e.g. "report.html.mustache"; nullptr if none.
  [[nodiscard]] const File* find(const std::string& name) const;
  [[nodiscard]] const std::map<std::string, File>& files() const { return files_; }
  // Refuses (exit 1, at the tag) partials that include themselves or
  // multiply past a limit (report/partials.hpp). from_dir calls it.
  void check_partials() const;

  // The languages of i18n/*.json, sorted.
  [[nodiscard]] std::vector<std::string> languages() const;

  // Writes the built-in files into dir (created if missing); refuses (exit 1)
  // to overwrite a file that exists. Returns the paths written.
  static std::vector<std::string> dump_builtin(const std::filesystem::path& dir);

 private:
  std::map<std::string, File> files_;
};

// Refuses (exit 1, at path:line:column) a mustache template the engine
// (report/engine.hpp) cannot parse.
void check_mustache(const std::string& text, const std::string& shown);

}  // namespace interlink::report
