// See mustache.hpp.
#include "report/mustache.hpp"

#include <set>

#include <kainjow/mustache.hpp>

#include "report/escape.hpp"
#include "util/error.hpp"

namespace interlink::report {

namespace {

namespace mu = kainjow::mustache;
using Json = nlohmann::json;

// The view as kainjow's data, consuming it: strings are moved, not copied,
// and every key of every object goes into `keys`. kainjow's set() and
// push_back() copy their argument, subtree and all, so a list of a million
// rows was copied once per level above it: to_data was 39% of `report
// --format html` on the 1m project (perf, issue 10). Members are moved in
// through operator[] and list items through the list itself.
mu::data to_data(Json&& j, std::set<std::string>& keys) {
  switch (j.type()) {
    case Json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (auto& [k, v] : j.get_ref<Json::object_t&>()) {
        keys.insert(k);
        d[k] = to_data(std::move(v), keys);
      }
      return d;
    }
    case Json::value_t::array: {
      mu::data d{mu::data::type::list};
      // list_value() is the only accessor kainjow gives; the list it returns
      // is d's own, not a const object, so adding to it is sound.
      auto& items = const_cast<mu::list&>(d.list_value());
      auto& from = j.get_ref<Json::array_t&>();
      items.reserve(from.size());
      for (auto& v : from) items.push_back(to_data(std::move(v), keys));
      return d;
    }
    case Json::value_t::boolean:
      return mu::data{j.get<bool>() ? mu::data::type::bool_true : mu::data::type::bool_false};
    case Json::value_t::string: {
      // kainjow counts "" as true; the templates expect it false.
      auto& s = j.get_ref<std::string&>();
      if (s.empty()) return mu::data{mu::data::type::bool_false};
      mu::data d{mu::data::type::string};
      const_cast<std::string&>(d.string_value()).swap(s);  // kainjow would copy it
      return d;
    }
    case Json::value_t::null:
      return mu::data{mu::data::type::bool_false};
    default:
      return mu::data{j.dump()};
  }
}

}  // namespace

Json words_view(const I18n& words) {
  Json out = Json::object();
  for (const auto& [k, v] : words.words()) {
    std::string key = k;
    for (char& c : key) c = c == '.' ? '_' : c;
    out[key] = v;
  }
  return out;
}

std::string render_template(const Templates& t, const std::string& name, Json view, bool html) {
  const auto* main = t.find(name);
  if (!main) refuse("the templates have no " + name);
  // kainjow looks a partial up like a value, innermost section first: a
  // partial named like a value of the view ({{> name}} inside
  // {{#stakeholders}}) would render that value, text from the project, as a
  // template. Refused before anything is rendered.
  std::set<std::string> keys;
  mu::data data = to_data(std::move(view), keys);
  view = Json();  // what the conversion left: empty shells
  constexpr std::string_view ext = ".mustache";
  for (const auto& [file, f] : t.files()) {
    if (file == name || file.size() <= ext.size() || file.substr(file.size() - ext.size()) != ext) continue;
    std::string partial = file.substr(0, file.size() - ext.size());
    if (keys.count(partial)) {
      refuse("template error: the partial " + f.shown + " has the name of a value of the report ({{" + partial +
                 "}}); rename the file",
             "fix the template, or start again from 'interlink report --dump-template DIR'");
    }
    const std::string* text = &f.text;  // not the binding: clang 14 cannot capture one
    data.set(partial, mu::data{mu::partial{[text] { return *text; }}});
  }
  // Every template was checked when the templates were read
  // (Templates::from_dir; the built-in ones by test_report_render): parsed
  // once here, not once more per render and per partial (a tenth of
  // `report --format html` on examples/pspm, perf). A main template that
  // still fails is reported at its line and column.
  mu::mustache tmpl{main->text};
  if (!tmpl.is_valid()) check_mustache(main->text, main->shown);
  if (html) {
    tmpl.set_custom_escape([](const std::string& s) { return escape_html(s); });
  } else {
    tmpl.set_custom_escape([](const std::string& s) { return escape_md(s); });
  }
  // Straight into one string: render(data) goes through a stringstream and
  // copies its whole text out of it at the end.
  std::string out;
  tmpl.render(data, [&out](const std::string& piece) { out += piece; });
  if (!tmpl.is_valid()) refuse("template error in " + main->shown + ": " + tmpl.error_message());
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
