// The md and html renderers: the view of the report (view.hpp) through the
// templates' report.md.mustache or report.html.mustache. {{{value}}} is raw:
// the built-in templates use it only for the charts, which svg.cpp escapes.
#include "report/render.hpp"

#include "report/mustache.hpp"
#include "report/view.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

const std::vector<std::string> kFormats = {"md", "html", "json", "csv"};

std::string render_with(const Report& r, const Templates& t, const std::string& lang, bool html) {
  I18n words = I18n::load(t, lang);
  return render_template(t, html ? "report.html.mustache" : "report.md.mustache", view(r, words, html), html);
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
