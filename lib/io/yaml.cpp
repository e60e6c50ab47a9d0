// See yaml.hpp.
#include "io/yaml.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::io {

namespace {

// Pre-scan for nesting depth, so that a deep file is refused before it is
// parsed, with a hint (YamlDoc::parse checks the depth of its events too). Counts
// flow brackets outside quotes and comments, plus block levels (distinct
// indentations still open, and "- " items started on the same line). An
// over-estimate is harmless: real plans nest fewer than ten levels.
void check_depth(std::string_view text, const std::string& path) {
  std::vector<std::size_t> indents;  // open block indentations
  int flow = 0;
  std::size_t i = 0, n = text.size();
  while (i < n) {
    // Start of a line: measure its indentation.
    std::size_t ls = i, col = 0;
    while (i < n && (text[i] == ' ' || text[i] == '\t')) {
      ++i;
      ++col;
    }
    bool blank = i >= n || text[i] == '\n' || text[i] == '\r' || text[i] == '#';
    int block = 0;
    if (!blank && flow == 0) {
      while (!indents.empty() && indents.back() > col) indents.pop_back();
      if (indents.empty() || indents.back() < col) indents.push_back(col);
      // "- - - x" opens a level per dash.
      std::size_t j = i;
      while (j + 1 < n && text[j] == '-' && (text[j + 1] == ' ')) {
        ++block;
        j += 2;
        while (j < n && text[j] == ' ') ++j;
      }
    }
    char quote = 0;
    for (; i < n && text[i] != '\n'; ++i) {
      char c = text[i];
      if (quote) {
        // An escaped quote (\" in double quotes, '' in single quotes) does
        // not close the scalar: the brackets after it are still text. The
        // CSV fuzzer found a name with \" and 64 '{' that interlink wrote
        // and then could not read back.
        if (quote == '"' && c == '\\' && i + 1 < n && text[i + 1] != '\n') {
          ++i;
        } else if (c == quote && quote == '\'' && i + 1 < n && text[i + 1] == '\'') {
          ++i;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '"' || c == '\'') {
        // A quote opens a quoted scalar only at the start of a token.
        if (i == ls || text[i - 1] == ' ' || text[i - 1] == '[' || text[i - 1] == '{' || text[i - 1] == ',' ||
            text[i - 1] == ':')
          quote = c;
        continue;
      }
      if (c == '#' && (i == ls || text[i - 1] == ' ')) {
        while (i < n && text[i] != '\n') ++i;
        break;
      }
      if (c == '[' || c == '{') ++flow;
      if ((c == ']' || c == '}') && flow > 0) --flow;
      if (static_cast<int>(indents.size()) + block + flow > kMaxYamlDepth) {
        unreadable(fmt::format("nesting is deeper than {} levels", kMaxYamlDepth), text_pos(text, i, path),
                   "interlink files need only a few levels; is this file truncated or generated wrongly?");
      }
    }
    if (static_cast<int>(indents.size()) + block + flow > kMaxYamlDepth) {
      unreadable(fmt::format("nesting is deeper than {} levels", kMaxYamlDepth), text_pos(text, ls, path),
                 "interlink files need only a few levels; is this file truncated or generated wrongly?");
    }
    if (i < n) ++i;  // the newline
  }
}

// Offset of the line that starts a second YAML document, or npos. A "---" or
// "..." at the start of a line is always a document marker (YAML forbids it
// inside scalars), so a line scan is exact: a "---" after content, or any
// content after "...", begins another document.
std::size_t second_document_at(std::string_view text) {
  bool content = false, ended = false;
  for (std::size_t ls = 0; ls < text.size();) {
    std::size_t le = text.find('\n', ls);
    if (le == std::string_view::npos) le = text.size();
    std::string_view line = text.substr(ls, le - ls);
    auto marker = [&](std::string_view m) {
      return line.substr(0, 3) == m && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
    };
    std::size_t first = line.find_first_not_of(" \t\r");
    bool blank = first == std::string_view::npos || line[first] == '#';
    if (marker("---")) {
      if (content || ended) return ls;
      std::size_t rest = line.find_first_not_of(" \t\r", 3);
      content = rest != std::string_view::npos && line[rest] != '#';
    } else if (marker("...")) {
      ended = true;
    } else if (!blank) {
      if (ended) return ls;
      content = content || line[0] != '%';  // directives come before a document
    }
    ls = le + 1;
  }
  return std::string_view::npos;
}

std::string type_name(const YamlNode& n) {
  if (n.is_map()) return "a mapping";
  if (n.is_sequence()) return "a list";
  if (n.is_null()) return "empty";
  if (n.is_scalar()) return fmt::format("'{}'", n.scalar().substr(0, 40));
  return "undefined";
}

}  // namespace

YamlDoc parse_yaml(std::string_view text, const std::string& path) {
  if (text.size() > kMaxYamlBytes) {
    unreadable(fmt::format("file is {} bytes, more than the limit of {} for a YAML file", text.size(), kMaxYamlBytes),
               SourcePos{path});
  }
  // A UTF-16 file (Windows editors still write them) would otherwise read as
  // "contains a NUL byte", which does not tell the user what to do.
  if (text.size() >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') || (text[0] == '\xfe' && text[1] == '\xff'))) {
    unreadable("is UTF-16, not UTF-8", SourcePos{path, 1, 1}, "save the file as UTF-8");
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    unreadable("contains a NUL byte: this is not a text file", text_pos(text, nul, path));
  }
  if (auto bad = text::invalid_utf8_at(text); bad != std::string_view::npos) {
    unreadable("is not valid UTF-8", text_pos(text, bad, path), "save the file as UTF-8");
  }
  check_depth(text, path);
  // A parser reads the first document and drops the rest, so that a pasted
  // "---" would hide everything after it from validation.
  const std::size_t bom = has_bom(text) ? 3 : 0;  // not content
  if (auto second = second_document_at(text.substr(bom)); second != std::string_view::npos) {
    second += bom;
    unreadable("holds more than one YAML document", text_pos(text, second, path),
               "an interlink file is a single document: remove the second '---' or merge what follows it");
  }
  return YamlDoc::parse(text, path, kMaxYamlDepth);
}

void Context::error(const std::string& rule, const SourcePos& pos, const std::string& msg) const {
  findings->push_back({rule, model::Severity::error, pos, msg});
}

void Context::warning(const std::string& rule, const SourcePos& pos, const std::string& msg) const {
  findings->push_back({rule, model::Severity::warning, pos, msg});
}

void Context::visit(const YamlNode& node) {
  if (++visits > kMaxYamlNodeVisits) {
    unreadable(fmt::format("more than {} values after expanding aliases (an alias bomb?)", kMaxYamlNodeVisits),
               node.pos(path), "interlink files do not need YAML aliases; write the values out");
  }
}

MapReader::MapReader(const YamlNode& node, Context& ctx, std::string what)
    : node_(node), ctx_(ctx), what_(std::move(what)) {
  pos_.self = node.pos(ctx.path);
  ctx_.visit(node);
  if (node.is_map()) {
    ok_ = true;
    for (const auto& kv : node.entries()) {
      ctx_.visit(kv.key());
      // emplace: a repeated key keeps the first's position, as lookups find
      // the first.
      if (kv.key().is_scalar())
        pos_.keys.emplace(kv.key().scalar(), (kv.value().is_null() ? kv.key() : kv.value()).pos(ctx.path));
    }
  } else {
    ctx_.error("wrong-type", pos_.self,
               fmt::format("{} must be a mapping of keys to values, not {}", what_, type_name(node)));
  }
}

bool MapReader::has(const std::string& key) const { return ok_ && node_[key].present(); }

YamlNode MapReader::node(const std::string& key) {
  if (known_set_.insert(key).second) known_.push_back(key);
  if (!ok_) return YamlNode();
  YamlNode n = node_[key];
  if (n.defined()) ctx_.visit(n);
  return n;
}

const std::string* MapReader::scalar(const std::string& key, bool required, const char* expected) {
  YamlNode n = node(key);
  if (!n.present()) {
    if (required && ok_) ctx_.error("missing-key", pos_.self, fmt::format("{}: '{}' is required", what_, key));
    return nullptr;
  }
  if (!n.is_scalar()) {
    ctx_.error("wrong-type", at(key), fmt::format("'{}' must be {}, not {}", key, expected, type_name(n)));
    return nullptr;
  }
  return &n.scalar();
}

std::string MapReader::str(const std::string& key, bool required, const std::string& def) {
  const std::string* n = scalar(key, required, "text");
  if (!n) return def;
  // Escape sequences, C1 and bidi controls in a value would drive or garble
  // the terminal of whoever lists it: refused here as at the command line.
  // Line breaks are kept (descriptions span lines); tabs too.
  const std::string& v = *n;
  std::string probe = v;
  std::replace(probe.begin(), probe.end(), '\t', ' ');
  if (text::has_control(probe, true)) {
    ctx_.error("bad-value", at(key),
               fmt::format("'{}' holds a control character (or a bidi control or line separator): '{}'", key,
                           text::excerpt(text::printable(v))));
  }
  return v;
}

std::optional<long> MapReader::integer(const std::string& key, long min, long max, bool required) {
  const std::string* n = scalar(key, required, "a whole number");
  if (!n) return std::nullopt;
  const std::string& s = *n;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  // end must be the end of the text: a "\0" escape would stop strtol early.
  if (s.empty() || end != s.c_str() + s.size() || errno != 0) {
    ctx_.error("wrong-type", at(key), fmt::format("'{}' must be a whole number, not '{}'", key, text::excerpt(s)));
    return std::nullopt;
  }
  if (v < min || v > max) {
    ctx_.error("out-of-range", at(key), fmt::format("'{}' must be between {} and {}, not {}", key, min, max, v));
    return std::nullopt;
  }
  return v;
}

std::optional<double> MapReader::number(const std::string& key, double min, double max) {
  const std::string* n = scalar(key, false, "a number");
  if (!n) return std::nullopt;
  const std::string& s = *n;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    ctx_.error("wrong-type", at(key), fmt::format("'{}' must be a number, not '{}'", key, text::excerpt(s)));
    return std::nullopt;
  }
  if (!(v >= min && v <= max)) {
    ctx_.error("out-of-range", at(key),
               fmt::format("'{}' must be between {} and {}, not {}", key, min, max, text::excerpt(s)));
    return std::nullopt;
  }
  return v;
}

bool MapReader::boolean(const std::string& key, bool def) {
  const std::string* n = scalar(key, false, "true or false");
  if (!n) return def;
  const std::string& s = *n;
  if (s == "true" || s == "yes") return true;
  if (s == "false" || s == "no") return false;
  ctx_.error("wrong-type", at(key), fmt::format("'{}' must be true or false, not '{}'", key, text::excerpt(s)));
  return def;
}

std::vector<std::string> MapReader::str_list(const std::string& key) {
  YamlNode n = node(key);
  std::vector<std::string> out;
  if (!n.present()) return out;
  if (n.is_scalar()) {  // a single value is accepted as a list of one
    out.push_back(n.scalar());
    return out;
  }
  if (!n.is_sequence()) {
    ctx_.error("wrong-type", at(key), fmt::format("'{}' must be a list, not {}", key, type_name(n)));
    return out;
  }
  for (YamlNode item : n.items()) {
    ctx_.visit(item);
    if (!item.is_scalar()) {
      ctx_.error("wrong-type", item.pos(ctx_.path),
                 fmt::format("items of '{}' must be text, not {}", key, type_name(item)));
      continue;
    }
    out.push_back(item.scalar());
  }
  return out;
}

std::string MapReader::one_of(const std::string& key, const std::vector<std::string>& allowed, bool required,
                              const std::string& def) {
  const std::string* n = scalar(key, required, "text");
  if (!n) return def;
  const std::string& s = *n;
  for (const auto& a : allowed)
    if (a == s) return s;
  ctx_.error("bad-value", at(key),
             fmt::format("'{}' is not a valid {}{}; expected one of: {}", text::excerpt(s), key,
                         text::did_you_mean(s, allowed), text::join(allowed, ", ")));
  return def;
}

std::string MapReader::date(const std::string& key, bool required) {
  const std::string* n = scalar(key, required, "a date (YYYY-MM-DD)");
  if (!n) return {};
  const std::string& s = *n;
  if (!clock::parse_date(s)) {
    ctx_.error("bad-date", at(key),
               fmt::format("'{}' is not a valid date for '{}' (expected YYYY-MM-DD)", text::excerpt(s), key));
    return {};
  }
  return s;
}

std::string MapReader::id(const std::string& key, bool required) {
  const std::string* n = scalar(key, required, "an id");
  if (!n) return {};
  const std::string& s = *n;
  if (!text::is_slug(s)) {
    ctx_.error("bad-id", at(key),
               fmt::format("'{}' is not a valid id: use lowercase letters, digits and '-', starting with a letter "
                           "or digit, at most 64 characters (for example '{}')",
                           text::excerpt(s), text::slugify(s).empty() ? "my-id" : text::slugify(s)));
  }
  return s;
}

void MapReader::finish() {
  if (!ok_) return;
  // The tree keeps a repeated key but every lookup finds the first: without
  // this check a second 'phases:' block would vanish without a word.
  std::map<std::string, SourcePos> seen;
  for (const auto& kv : node_.entries()) {
    if (!kv.key().is_scalar()) {
      ctx_.error("wrong-type", kv.key().pos(ctx_.path), fmt::format("{}: keys must be text", what_));
      continue;
    }
    const std::string& k = kv.key().scalar();
    SourcePos here = kv.key().pos(ctx_.path);
    if (auto [first, fresh] = seen.emplace(k, here); !fresh) {
      ctx_.error("duplicate-key", here,
                 fmt::format("'{}' is given twice in {} (first on line {}); only the first would count",
                             text::excerpt(k), what_, first->second.line));
      continue;
    }
    if (known_set_.count(k) == 0) {
      ctx_.warning("unknown-key", here,
                   fmt::format("unknown key '{}' in {}{}", text::excerpt(k), what_, text::did_you_mean(k, known_)));
    }
  }
}

}  // namespace interlink::io
