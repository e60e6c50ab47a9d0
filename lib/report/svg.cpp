// See svg.hpp.
#include "report/svg.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/escape.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace interlink::report::svg {

namespace {

// At most n characters (code points) of s, with "…" when cut: chart labels
// are short; the table beside the chart holds the whole text.
std::string cut(const std::string& s, std::size_t n) {
  std::string out;
  std::size_t count = 0;
  bool over = false;
  text::for_each_code_point(s, [&](std::uint32_t cp) {
    if (count++ < n) {
      text::append_utf8(out, cp);
    } else {
      over = true;
    }
  });
  return over ? out + "…" : out;
}

class Canvas {
 public:
  Canvas(const std::string& id, int w, int h, const std::string& title, const std::string& desc) {
    out_ = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{0}\" viewBox=\"0 0 {1} {2}\" "
        "width=\"{1}\" height=\"{2}\" role=\"img\" aria-labelledby=\"{0}-title {0}-desc\" "
        "font-family=\"sans-serif\" font-size=\"12\">\n<title id=\"{0}-title\">{3}</title>\n"
        "<desc id=\"{0}-desc\">{4}</desc>\n",
        id, w, h, escape_html(title), escape_html(desc));
  }
  void rect(int x, int y, int w, int h, const std::string& fill, const std::string& extra = {}) {
    out_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>\n", x, y, std::max(w, 0),
                        std::max(h, 0), fill, extra.empty() ? "" : " " + extra);
  }
  void line(int x1, int y1, int x2, int y2, const std::string& stroke, const std::string& extra = {}) {
    out_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"{}/>\n", x1, y1, x2, y2, stroke,
                        extra.empty() ? "" : " " + extra);
  }
  void circle(int x, int y, int r, const std::string& fill, const std::string& extra = {}) {
    out_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"{}/>\n", x, y, r, fill,
                        extra.empty() ? "" : " " + extra);
  }
  // text is project or translated text: escaped here, the one way in.
  void text(int x, int y, const std::string& s, const std::string& extra = {}) {
    out_ +=
        fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>\n", x, y, extra.empty() ? "" : " " + extra, escape_html(s));
  }
  void raw(const std::string& s) { out_ += s; }
  std::string done() { return out_ + "</svg>"; }

 private:
  std::string out_;
};

std::optional<std::int64_t> day(const std::string& iso) {
  if (iso.size() < 10) return std::nullopt;
  auto d = clock::parse_date(iso.substr(0, 10));
  if (!d) return std::nullopt;
  return d->days_since_epoch();
}

const std::string kPlanned = "#b8c7de", kActive = "#1565c0", kDone = "#2e7d32", kLate = "#c62828", kInk = "#222";

}  // namespace

std::string gantt(const Report& r, const I18n& t) {
  auto today = day(r.today).value_or(0);
  std::int64_t lo = today, hi = today;
  auto widen = [&](const std::string& iso) {
    if (auto d = day(iso)) lo = std::min(lo, *d), hi = std::max(hi, *d);
  };
  for (const auto& p : r.phases) {
    for (const auto* s : {&p.planned_start, &p.planned_end, &p.actual_start, &p.actual_end}) widen(*s);
    for (const auto& k : p.tasks) widen(k.due);
  }
  lo -= 3;
  hi += 3;
  const int left = 200, width = 860, top = 34, row = 36;
  const int plot = width - left - 20;
  const int height = top + row * static_cast<int>(r.phases.size()) + 44;
  auto x = [&](std::int64_t d) {
    return left + static_cast<int>((d - lo) * plot / std::max<std::int64_t>(hi - lo, 1));
  };
  Canvas c("chart-gantt", width, height, t("chart.gantt.title"), t("chart.gantt.desc"));
  // Month lines: the first of each month in the range.
  auto first = clock::parse_date(clock::format_date(lo * 86400));
  for (int y = first->year, m = first->month;;) {
    if (++m > 12) m = 1, ++y;
    clock::Date d{y, m, 1};
    auto dd = d.days_since_epoch();
    if (dd > hi) break;
    c.line(x(dd), top - 6, x(dd), height - 40, "#ddd");
    c.text(x(dd) + 3, top - 12, t(fmt::format("month.{}", m)) + (m == 1 ? " " + std::to_string(y) : ""),
           "fill=\"#555\" font-size=\"11\"");
  }
  int y = top;
  for (const auto& p : r.phases) {
    c.text(8, y + 22, cut(p.name, 28), "fill=\"" + kInk + "\"");
    auto ps = day(p.planned_start), pe = day(p.planned_end);
    if (ps && pe) c.rect(x(*ps), y + 4, x(*pe) - x(*ps), 12, kPlanned, "rx=\"2\"");
    if (auto as = day(p.actual_start)) {
      auto ae = day(p.actual_end).value_or(today);
      c.rect(x(*as), y + 19, std::max(x(ae) - x(*as), 2), 12, p.status == "done" ? kDone : kActive, "rx=\"2\"");
    }
    for (const auto& k : p.tasks) {
      auto d = day(k.due);
      if (!d) continue;
      int cx = x(*d), cy = y + 10;
      c.raw(fmt::format("<path d=\"M{} {}l5 5l-5 5l-5 -5z\" fill=\"{}\" stroke=\"#fff\"/>\n", cx, cy - 5,
                        k.overdue ? kLate : "#444"));
    }
    y += row;
  }
  c.line(x(today), top - 6, x(today), y, kLate, "stroke-width=\"2\" stroke-dasharray=\"4 3\"");
  c.text(x(today) + 4, y + 12, t("chart.today") + " " + t.date(r.today), "fill=\"" + kLate + "\"");
  int ly = height - 14;
  c.rect(left, ly - 9, 18, 10, kPlanned);
  c.text(left + 24, ly, t("chart.planned"));
  c.rect(left + 130, ly - 9, 18, 10, kActive);
  c.text(left + 154, ly, t("status.active"));
  c.rect(left + 260, ly - 9, 18, 10, kDone);
  c.text(left + 284, ly, t("status.done"));
  c.raw(fmt::format("<path d=\"M{} {}l5 5l-5 5l-5 -5z\" fill=\"#444\"/>\n", left + 400, ly - 10));
  c.text(left + 410, ly, t("chart.due"));
  c.raw(fmt::format("<path d=\"M{} {}l5 5l-5 5l-5 -5z\" fill=\"{}\"/>\n", left + 520, ly - 10, kLate));
  c.text(left + 530, ly, t("chart.overdue"));
  return c.done();
}

std::string progress(const Report& r, const I18n& t) {
  const int left = 200, width = 760, row = 26, plot = width - left - 110;
  int height = row * static_cast<int>(r.phases.size()) + 12;
  Canvas c("chart-progress", width, height, t("chart.progress.title"), t("chart.progress.desc"));
  int y = 6;
  for (const auto& p : r.phases) {
    c.text(8, y + 15, cut(p.name, 28), "fill=\"" + kInk + "\"");
    c.rect(left, y + 4, plot, 14, "#e8e8e8", "rx=\"3\"");
    c.rect(left, y + 4, plot * p.progress.percent / 100, 14, p.status == "done" ? kDone : kActive, "rx=\"3\"");
    c.text(left + plot + 8, y + 15, fmt::format("{}% ({}/{})", p.progress.percent, p.progress.done, p.progress.total));
    y += row;
  }
  return c.done();
}

std::string grid(const Report& r, const I18n& t) {
  const int left = 60, top = 16, cell = 100, size = cell * 5, width = left + size + 20, height = top + size + 50;
  Canvas c("chart-grid", width, height, t("chart.grid.title"), t("chart.grid.desc"));
  // Quadrants: high is 3..5 (three cells), low is 1..2 (two).
  const int split = 2 * cell;
  struct Q {
    int x, y, w, h;
    const char* key;
    const char* fill;
  };
  const Q qs[] = {{left + split, top, size - split, size - split, "manage-closely", "#fde2e1"},
                  {left, top, split, size - split, "keep-satisfied", "#fff3d6"},
                  {left + split, top + size - split, size - split, split, "keep-informed", "#e1effd"},
                  {left, top + size - split, split, split, "monitor", "#eeeeee"}};
  for (const auto& q : qs) {
    c.rect(q.x, q.y, q.w, q.h, q.fill);
    c.text(q.x + 6, q.y + 16, t(std::string("quadrant.") + q.key), "fill=\"#555\" font-weight=\"bold\"");
  }
  for (int i = 0; i <= 5; ++i) {
    c.line(left + i * cell, top, left + i * cell, top + size, "#fff");
    c.line(left, top + i * cell, left + size, top + i * cell, "#fff");
  }
  for (int v = 1; v <= 5; ++v) {
    c.text(left + (v - 1) * cell + cell / 2 - 3, top + size + 16, std::to_string(v), "fill=\"#555\"");
    c.text(left - 16, top + size - (v - 1) * cell - cell / 2 + 4, std::to_string(v), "fill=\"#555\"");
  }
  c.text(left + size / 2 - 30, top + size + 36, t("chart.interest"), "fill=\"" + kInk + "\"");
  c.text(14, top + size / 2 + 30, t("chart.influence"),
         fmt::format("fill=\"{}\" transform=\"rotate(-90 14 {})\"", kInk, top + size / 2 + 30));
  // Several stakeholders in one cell are spread on a small lattice inside it.
  std::map<std::pair<int, int>, int> in_cell, seen;
  for (const auto& g : r.stakeholders.grid) ++in_cell[{g.influence, g.interest}];
  int number = 0;
  for (const auto& g : r.stakeholders.grid) {
    ++number;
    int n = in_cell[{g.influence, g.interest}], k = seen[{g.influence, g.interest}]++;
    int cols = 1;
    while (cols * cols < n) ++cols;
    int step = (cell - 20) / cols;
    int cx = left + (std::min(g.interest, 5) - 1) * cell + 10 + step / 2 + (k % cols) * step;
    int cy = top + size - std::min(g.influence, 5) * cell + 10 + step / 2 + (k / cols) * step;
    bool labelled = !g.label.empty();
    if (labelled) {
      c.raw("<g>");
      c.raw("<title>" + escape_html(std::to_string(number) + ". " + g.label) + "</title>");
      c.circle(cx, cy, 9, "#37474f");
      c.text(cx, cy + 4, std::to_string(number), "fill=\"#fff\" font-size=\"10\" text-anchor=\"middle\"");
      c.raw("</g>\n");
    } else {
      c.circle(cx, cy, 4, "#78909c");
    }
  }
  return c.done();
}

std::string representation(const Report& r, const I18n& t) {
  const auto& rows = r.stakeholders.sectors;
  const int left = 150, width = 640, row = 28, plot = width - left - 90;
  int scale = 1;
  for (const auto& s : rows) scale = std::max({scale, s.count, s.target});
  int height = row * static_cast<int>(rows.size()) + 34;
  Canvas c("chart-representation", width, height, t("chart.representation.title"), t("chart.representation.desc"));
  int y = 6;
  for (const auto& s : rows) {
    c.text(8, y + 16, cut(t.word("sector", s.sector), 20), "fill=\"" + kInk + "\"");
    c.rect(left, y + 5, plot * s.count / scale, 14, s.met ? kDone : "#ef6c00", "rx=\"2\"");
    if (s.target > 0) {
      int tx = left + plot * s.target / scale;
      c.line(tx, y + 1, tx, y + 23, kInk, "stroke-width=\"2\"");
    }
    c.text(left + plot + 8, y + 16, s.target > 0 ? fmt::format("{} / {}", s.count, s.target) : std::to_string(s.count));
    y += row;
  }
  c.line(left, y + 8, left, y + 22, kInk, "stroke-width=\"2\"");
  c.text(left + 8, y + 20, t("chart.target"));
  c.rect(left + 120, y + 9, 14, 12, kDone);
  c.text(left + 140, y + 20, t("chart.met"));
  c.rect(left + 260, y + 9, 14, 12, "#ef6c00");
  c.text(left + 280, y + 20, t("chart.below"));
  return c.done();
}

std::string feedback(const Report& r, const I18n& t) {
  const auto& p = r.participation;
  const int left = 150, top = 40, cw = 96, ch = 28;
  int cols = static_cast<int>(p.matrix_phases.size()), rows = static_cast<int>(p.matrix_sectors.size());
  int width = left + cw * std::max(cols, 1) + 10, height = top + ch * std::max(rows, 1) + 10;
  Canvas c("chart-feedback", width, height, t("chart.feedback.title"), t("chart.feedback.desc"));
  std::map<std::string, std::string> names;
  for (const auto& ph : r.phases) names[ph.id] = ph.name;
  int most = 1;
  for (const auto& row : p.cells) {
    for (int n : row) most = std::max(most, n);
  }
  for (int j = 0; j < cols; ++j) {
    const auto& id = p.matrix_phases[static_cast<std::size_t>(j)];
    c.text(left + j * cw + 4, top - 10, cut(names.count(id) ? names[id] : id, 13), "fill=\"#555\" font-size=\"11\"");
  }
  for (int i = 0; i < rows; ++i) {
    c.text(8, top + i * ch + 18, cut(t.word("sector", p.matrix_sectors[static_cast<std::size_t>(i)]), 20),
           "fill=\"" + kInk + "\"");
    for (int j = 0; j < cols; ++j) {
      int n = p.cells[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      int shade = 245 - 170 * n / most;
      c.rect(left + j * cw + 1, top + i * ch + 1, cw - 2, ch - 2,
             fmt::format("rgb({0},{1},{2})", shade, shade + 5, 250));
      c.text(left + j * cw + cw / 2, top + i * ch + 18, std::to_string(n),
             fmt::format("text-anchor=\"middle\" fill=\"{}\"", n * 2 > most ? "#fff" : kInk));
    }
  }
  return c.done();
}

std::string mermaid_gantt(const Report& r, const I18n& t) {
  std::string out = "gantt\n    dateFormat YYYY-MM-DD\n    todayMarker off\n";
  int n = 0;
  for (const auto& p : r.phases) {
    std::string body;
    if (!p.planned_start.empty() && !p.planned_end.empty()) {
      body +=
          fmt::format("    {} : p{}, {}, {}\n", mermaid_label(t("chart.planned")), n, p.planned_start, p.planned_end);
    }
    if (!p.actual_start.empty()) {
      std::string end = p.actual_end.empty() ? r.today : p.actual_end.substr(0, 10);
      body += fmt::format("    {} : {}a{}, {}, {}\n", mermaid_label(t("status." + p.status)),
                          p.status == "done" ? "done, " : "active, ", n, p.actual_start.substr(0, 10), end);
    }
    for (const auto& k : p.tasks) {
      if (k.due.empty()) continue;
      body += fmt::format("    {} : {}milestone, {}, 0d\n", mermaid_label(k.name), k.overdue ? "crit, " : "", k.due);
    }
    if (!body.empty()) out += "    section " + mermaid_label(p.name) + "\n" + body;
    ++n;
  }
  out += fmt::format("    section {}\n    {} : milestone, {}, 0d\n", mermaid_label(t("chart.today")),
                     mermaid_label(t.date(r.today)), r.today);
  return out;
}

}  // namespace interlink::report::svg
