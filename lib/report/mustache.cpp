// See mustache.hpp.
#include "report/mustache.hpp"

#include "report/engine.hpp"
#include "report/escape.hpp"
#include "util/error.hpp"

namespace interlink::report {

using Json = nlohmann::json;

Json words_view(const I18n& words) {
  Json out = Json::object();
  for (const auto& [k, v] : words.words()) {
    std::string key = k;
    for (char& c : key) c = c == '.' ? '_' : c;
    out[key] = v;
  }
  return out;
}

std::string render_template(const Templates& t, const std::string& name, const Json& view, bool html) {
  const auto* main = t.find(name);
  if (!main) refuse("the templates have no " + name);
  // Every template was checked when the templates were read
  // (Templates::from_dir; the built-in ones by test_report_render). A main
  // template that still fails is reported at its line and column.
  engine::Template tmpl(main->text);
  if (!tmpl.valid()) check_mustache(main->text, main->shown);
  // Every other .mustache file is a partial, by its name without the
  // extension; the engine never takes a value of the view for one.
  constexpr std::string_view ext = ".mustache";
  auto partial = [&t, &name, ext](const std::string& partial_name) -> const std::string* {
    const std::string file = partial_name + std::string(ext);
    const auto* f = file == name ? nullptr : t.find(file);  // not the main template itself
    return f ? &f->text : nullptr;
  };
  std::string out = engine::render(tmpl, view, html ? escape_html : escape_md, partial);
  if (!html) {
    // The lines of sections left out stay as blank lines: in Markdown, runs
    // of blank lines are one blank line.
    std::string md;
    std::size_t newlines = 0;
    for (char c : out) {
      newlines = c == '\n' ? newlines + 1 : 0;
      if (newlines <= 2) md.push_back(c);
    }
    out = std::move(md);
  }
  return out;
}

}  // namespace interlink::report
