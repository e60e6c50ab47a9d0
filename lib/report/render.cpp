// The md and html renderers: the view of the report through the templates'
// report.md.mustache or report.html.mustache, every {{value}} escaped for
// the document's language (escape.hpp); {{{value}}} is raw and the built-in
// templates use it only for the charts, which svg.cpp escapes itself.
#include <kainjow/mustache.hpp>

#include "report/escape.hpp"
#include "report/i18n.hpp"
#include "report/render.hpp"
#include "report/templates.hpp"
#include "report/view.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

namespace mu = kainjow::mustache;
using Json = nlohmann::json;

const std::vector<std::string> kFormats = {"md", "html", "json", "csv"};

mu::data to_data(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
      return d;
    }
    case Json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case Json::value_t::boolean: return mu::data{j.get<bool>() ? mu::data::type::bool_true : mu::data::type::bool_false};
    case Json::value_t::string: {
      // An empty string is false, as in most mustache engines (kainjow
      // counts it true): {{#organization}}…{{/organization}} hides the block.
      auto s = j.get<std::string>();
      return s.empty() ? mu::data{mu::data::type::bool_false} : mu::data{s};
    }
    case Json::value_t::null: return mu::data{std::string()};
    default: return mu::data{j.dump()};
  }
}

std::string render_with(const Report& r, const Templates& t, const std::string& lang, bool html) {
  I18n words = I18n::load(t, lang);
  const std::string name = html ? "report.html.mustache" : "report.md.mustache";
  const auto* main = t.find(name);
  if (!main) refuse("the templates have no " + name);
  mu::data data = to_data(view(r, words, html));
  // Every other .mustache file is a partial, named without the extension.
  for (const auto& [file, f] : t.files()) {
    constexpr std::string_view ext = ".mustache";
    if (file == name || file.size() <= ext.size() || file.substr(file.size() - ext.size()) != ext) continue;
    check_mustache(f.text, f.shown);
    data.set(file.substr(0, file.size() - ext.size()), mu::data{f.text});
  }
  check_mustache(main->text, main->shown);
  mu::mustache tmpl{main->text};
  tmpl.set_custom_escape(html ? [](const std::string& s) { return escape_html(s); }
                              : [](const std::string& s) { return escape_md(s); });
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) check_mustache(main->text, main->shown);
  if (!tmpl.is_valid()) refuse("template error in " + main->shown + ": " + tmpl.error_message());
  return out;
}

}  // namespace

const std::vector<std::string>& format_names() { return kFormats; }

Format parse_format(const std::string& name) {
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (kFormats[i] == name) return static_cast<Format>(i);
  }
  bad_usage("unknown format '" + name + "'" + text::did_you_mean(name, kFormats) +
            "; expected one of: " + text::join(kFormats, ", "));
}

std::string render_md(const Report& r, const Templates& t, const std::string& lang) {
  return render_with(r, t, lang, false);
}

std::string render_html(const Report& r, const Templates& t, const std::string& lang) {
  return render_with(r, t, lang, true);
}

}  // namespace interlink::report
