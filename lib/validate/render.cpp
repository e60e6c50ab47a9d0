// See render.hpp: format names and the dispatch to one renderer per format,
// plus the helpers of render_detail.hpp.
#include "validate/render.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"
#include "validate/render_detail.hpp"

namespace interlink::validate {

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names = {"text", "json", "junit", "sarif", "github"};
  return names;
}

Format parse_format(const std::string& name) {
  const auto& names = format_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Format>(i);
  bad_usage(fmt::format("unknown format '{}'{}; expected one of: {}", name, text::did_you_mean(name, names),
                        text::join(names, ", ")));
}

std::string render(const Report& report, Format format, const std::string& root_label, bool color) {
  switch (format) {
    case Format::text:
      return detail::render_text(report, root_label, color);
    case Format::json:
      return detail::render_json(report);
    case Format::junit:
      return detail::render_junit(report, root_label);
    case Format::sarif:
      return detail::render_sarif(report);
    case Format::github:
      return detail::render_github(report);
  }
  return {};
}

namespace detail {

Counts count(const Report& report) {
  Counts c;
  for (const auto& f : report.findings) (f.severity == model::Severity::error ? c.errors : c.warnings) += 1;
  return c;
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace detail

}  // namespace interlink::validate
