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

namespace {

// Marks every object in every list of the view with whether it is the
// list's last item ("last": true or false; a key the view already has is
// left alone), so that a template writes a separator between the items of
// a list and none after the last: {{#answers}}{{name}}{{^last}}; {{/last}}{{/answers}}.
// Mustache has no other way to tell the last item, and a template that
// ended each item with its separator left a stray one at the end of every
// list ("task X (8 Apr 2026);  |").
void mark_last(Json& v) {
  if (!v.is_structured()) return;
  if (v.is_array()) {
    const std::size_t n = v.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (v[i].is_object()) v[i].emplace("last", i + 1 == n);
    }
  }
  for (Json& child : v) mark_last(child);  // an object's values, a list's items
}

}  // namespace

std::string render_template(const Templates& t, const std::string& name, Json view, bool html) {
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
  mark_last(view);
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
