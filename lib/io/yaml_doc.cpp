// See yaml_doc.hpp.
#include "io/yaml_doc.hpp"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml.h>

#include "io/conflict_markers.hpp"
#include "util/text.hpp"

namespace interlink::io {

namespace {

const std::string kEmpty;

// yaml-cpp's IsNullString: the plain scalars that mean "no value".
bool null_text(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

SourcePos pos_of(const yaml_mark_t& m, const std::string& path) {
  return SourcePos{path, static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

// libyaml's parser and its current event, released however parsing ends.
struct Parser {
  yaml_parser_t p{};
  yaml_event_t ev{};
  bool has_event = false;

  Parser() {
    if (!yaml_parser_initialize(&p)) throw std::bad_alloc();
  }
  ~Parser() {
    drop();
    yaml_parser_delete(&p);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  void drop() {
    if (has_event) yaml_event_delete(&ev);
    has_event = false;
  }
};

// Byte offsets of libyaml's marks (their index counts characters, and
// leaves out a byte order mark at the start), found walking forward from
// the last one asked: scalars come in the text's order.
class Offsets {
 public:
  explicit Offsets(std::string_view text) : text_(text), byte_(has_bom(text) ? 3 : 0), start_(byte_) {}
  std::size_t at(std::size_t index) {
    if (index < ch_) ch_ = 0, byte_ = start_;  // a mark before the last one asked: walk again
    for (; ch_ < index && byte_ < text_.size(); ++ch_) {
      ++byte_;
      while (byte_ < text_.size() && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) ++byte_;
    }
    return byte_;
  }

 private:
  std::string_view text_;
  std::size_t ch_ = 0, byte_, start_;
};

// The parser's error, as "YAML syntax error: <problem> (<context> at line L,
// column C)", at the problem's position; with a hint when that is a tab,
// the usual cause in a file edited by hand.
[[noreturn]] void syntax_error(const yaml_parser_t& p, std::string_view text, const std::string& path) {
  std::string msg = p.problem ? p.problem : "unreadable YAML";
  if (p.error == YAML_READER_ERROR) {
    // Bytes libyaml cannot read (parse_yaml checks UTF-8 first, so this is
    // rare): the position is a byte offset.
    unreadable(fmt::format("YAML syntax error: {} (byte {})", msg, p.problem_offset + 1), SourcePos{path});
  }
  if (int line = conflict_marker_line(text)) {
    unreadable(
        "an unresolved git merge conflict (a line that starts with <<<<<<< or >>>>>>>)", SourcePos{path, line, 1},
        "keep the lines that are right, delete the markers (<<<<<<<, =======, >>>>>>>), then 'git add' the file");
  }
  if (p.context) {
    msg += fmt::format(" ({} at line {}, column {})", p.context, p.context_mark.line + 1, p.context_mark.column + 1);
  }
  std::size_t at = Offsets(text).at(p.problem_mark.index);
  std::string hint;
  if (at < text.size() && text[at] == '\t') {
    hint = "YAML indents with spaces: replace the tab with spaces";
  } else if (std::string_view(p.problem ? p.problem : "") == "did not find expected <document start>") {
    if (text[has_bom(text) ? 3 : 0] == '%' || text.find("\n%") != std::string_view::npos) {
      // After a directive, YAML wants "---" before the document.
      msg = "a directive (a line that starts with '%') must be followed by a line '---'";
      hint = "add '---' after the directives, or remove them";
    } else {
      // The top-level value ended before this line: most often the first
      // key is indented and the next are not, or a list is followed by a
      // key. (yaml-cpp read only the lines before, and dropped the rest
      // without a word.)
      msg = "this line is outside the file's top-level mapping or list";
      hint = "a file is one mapping (or one list): start every top-level key in the same column";
    }
  }
  unreadable("YAML syntax error: " + msg, pos_of(p.problem_mark, path), hint);
}

// Characters that yaml-cpp read as text and libyaml does not: C0 controls
// but tab and line breaks, DEL, C1 controls, U+FFFE and U+FFFF libyaml
// refuses outright ("control characters are not allowed", with a byte
// offset), and NEL, LS and PS it reads as line breaks (YAML 1.1). Read as
// text, they reach MapReader::str(), which refuses them with a finding that
// names the key and shows the value escaped — what a user can act on.
// So before parsing, each such character becomes a stand-in from
// Unicode's plane 15 private use area (U+F0000 + the code point: one code
// point for one, so every line and column stays), and the scalars get the
// originals back. Only a text that holds such characters pays for this.
// Two more are stood in for: a CR not followed by LF (libyaml reads it as
// a line break, yaml-cpp as text: a value joined across it, and every line
// number after it one more than the file's), and a byte order mark after
// the first character (libyaml skips one at the start of any line but
// counts its column, so the line nests one level deeper than it looks).
constexpr char32_t kStandIn = 0xF0000;

bool needs_stand_in(std::string_view t, std::size_t i, std::size_t& len) {
  auto b = static_cast<unsigned char>(t[i]);
  auto at = [&](std::size_t k) { return i + k < t.size() ? static_cast<unsigned char>(t[i + k]) : 0u; };
  len = 1;
  if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return true;
  if (b == '\r' && at(1) != '\n') return true;
  len = 2;
  if (b == 0xC2 && at(1) >= 0x80 && at(1) <= 0x9F) return true;  // C1, NEL among them
  len = 3;
  if (b == 0xE2 && at(1) == 0x80 && (at(2) == 0xA8 || at(2) == 0xA9)) return true;  // LS, PS
  if (b == 0xEF && at(1) == 0xBF && (at(2) == 0xBE || at(2) == 0xBF)) return true;  // U+FFFE, U+FFFF
  if (b == 0xEF && at(1) == 0xBB && at(2) == 0xBF && i > 0) return true;            // U+FEFF, not first
  return false;
}

char32_t decode(std::string_view t, std::size_t i, std::size_t len) {
  auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(t[i + k])); };
  if (len == 1) return b(0);
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// A stand-in is U+F0000..U+FFFFF: F3 B0..BF, then two continuation bytes.
bool is_stand_in(std::string_view t, std::size_t i) {
  return i + 3 < t.size() && static_cast<unsigned char>(t[i]) == 0xF3 &&
         (static_cast<unsigned char>(t[i + 1]) & 0xF0) == 0xB0;
}

// text with stand-ins, or "" when it needs none. Throws when text already
// holds plane 15 characters, which would read back as something else.
std::string with_stand_ins(std::string_view text, const std::string& path) {
  // The bytes that can begin such a character; the rest are skipped by one
  // table look-up (this scan runs on every file).
  static constexpr auto kMayBegin = [] {
    std::array<bool, 256> t{};
    for (int b = 0; b < 0x20; ++b) t[static_cast<std::size_t>(b)] = b != '\t' && b != '\n';
    t[0x7F] = t[0xC2] = t[0xE2] = t[0xEF] = true;
    return t;
  }();
  std::size_t len = 0, i = 0;
  while (i < text.size() && !(kMayBegin[static_cast<unsigned char>(text[i])] && needs_stand_in(text, i, len))) ++i;
  if (i == text.size()) return {};
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (is_stand_in(text, k)) {
      unreadable("holds both control characters and characters of Unicode's plane 15 private use area",
                 text_pos(text, k, path), "remove the control characters (or the private-use characters)");
    }
  }
  std::string out(text.substr(0, i));
  out.reserve(text.size() + 16);
  while (i < text.size()) {
    if (needs_stand_in(text, i, len)) {
      text::append_utf8(out, kStandIn + decode(text, i, len));
      i += len;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::size_t count_stand_ins(std::string_view t) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < t.size(); ++i) n += is_stand_in(t, i) ? 1 : 0;
  return n;
}

// value with the originals of its stand-ins back.
void restore(std::string& value) {
  std::size_t i = 0;
  while (i < value.size() && !is_stand_in(value, i)) ++i;
  if (i == value.size()) return;
  std::string out = value.substr(0, i);
  while (i < value.size()) {
    if (is_stand_in(value, i)) {
      text::append_utf8(out, decode(value, i, 4) - kStandIn);
      i += 4;
    } else {
      out += value[i++];
    }
  }
  value = std::move(out);
}

// A mapping of many keys gets an index of its keys (the first of each),
// so that reading every key is not quadratic: a file of 60,000 keys under
// one mapping took 15 s.
constexpr std::size_t kIndexedKeys = 16;
void index_keys(YamlData& d) {
  if (d.kind != YamlData::Kind::map || d.items.size() / 2 <= kIndexedKeys) return;
  for (std::size_t i = 0; i + 1 < d.items.size(); i += 2) {
    if (d.items[i]->kind == YamlData::Kind::scalar) d.index.emplace(d.items[i]->scalar, i);
  }
}

std::string_view text_of(const yaml_char_t* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

}  // namespace

SourcePos text_pos(std::string_view text, std::size_t i, const std::string& path) {
  auto [line, column] = text::line_column(text, i);
  if (line == 1 && has_bom(text) && column > 1) --column;
  return SourcePos{path, line, column};
}

const std::string& YamlNode::scalar() const { return is_scalar() ? d_->scalar : kEmpty; }

YamlNode YamlNode::operator[](std::string_view key) const {
  if (!is_map()) return YamlNode();
  if (!d_->index.empty()) {
    auto it = d_->index.find(key);
    return it == d_->index.end() ? YamlNode() : YamlNode(d_->items[it->second + 1]);
  }
  const auto& v = d_->items;
  for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
    if (v[i]->kind == YamlData::Kind::scalar && v[i]->scalar == key) return YamlNode(v[i + 1]);
  }
  return YamlNode();
}

YamlRange<YamlNode, 1> YamlNode::items() const {
  if (!is_sequence()) return {nullptr, nullptr};
  return {d_->items.data(), d_->items.data() + d_->items.size()};
}

YamlRange<YamlEntry, 2> YamlNode::entries() const {
  if (!is_map()) return {nullptr, nullptr};
  return {d_->items.data(), d_->items.data() + d_->items.size()};
}

SourcePos YamlNode::pos(const std::string& path) const {
  if (!d_ || d_->line == 0) return SourcePos{path};
  return SourcePos{path, d_->line, d_->column};
}

YamlDoc YamlDoc::parse(std::string_view text, const std::string& path, int max_depth) {
  YamlDoc doc;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    // Blank: empty, as yaml-cpp read it (libyaml refuses a line that is
    // only a tab).
    doc.root_ = &doc.nodes_.emplace_back();
    return doc;
  }
  const std::string stood_in = with_stand_ins(text, path);
  std::string_view input = stood_in.empty() ? text : stood_in;
  std::optional<Offsets> offsets;
  if (!stood_in.empty()) offsets.emplace(input);
  Parser parser;
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  // No yaml_parser_set_encoding: libyaml then detects the encoding, which
  // skips a UTF-8 byte order mark (given the encoding, it reads the mark as
  // a character in column 1, and the first key's mapping ends at line 2).
  // parse_yaml refuses UTF-16 first, so what is detected is UTF-8.

  // The collections still open. An anchor names its node from where it is
  // written (a later anchor of the same name, inside or after it, takes
  // the name over, as YAML says); an alias to a collection still open
  // would make a cycle, and is refused.
  struct Open {
    YamlData* node;
  };
  std::vector<Open> open;
  std::unordered_map<std::string, const YamlData*> anchors;
  int documents = 0;

  auto make = [&](YamlData::Kind kind, const yaml_mark_t& m) {
    YamlData& d = doc.nodes_.emplace_back();
    d.kind = kind;
    d.line = static_cast<int>(m.line) + 1;
    d.column = static_cast<int>(m.column) + 1;
    return &d;
  };
  auto attach = [&](const YamlData* d) {
    if (open.empty()) {
      doc.root_ = d;
    } else {
      open.back().node->items.push_back(d);
    }
  };
  auto name = [&](const yaml_char_t* anchor, const YamlData* d) {
    if (anchor) anchors[std::string(text_of(anchor))] = d;
  };

  for (bool done = false; !done;) {
    parser.drop();
    if (!yaml_parser_parse(&parser.p, &parser.ev)) syntax_error(parser.p, text, path);
    parser.has_event = true;
    const yaml_event_t& ev = parser.ev;
    switch (ev.type) {
      case YAML_SCALAR_EVENT: {
        const auto& s = ev.data.scalar;
        std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
        // A plain scalar with no tag ("!!str null" is text).
        bool null = s.style == YAML_PLAIN_SCALAR_STYLE && s.plain_implicit && null_text(value);
        YamlData* d = make(null ? YamlData::Kind::null : YamlData::Kind::scalar, ev.start_mark);
        if (!null) {
          d->scalar.assign(value);
          if (offsets) {
            // Only stand-ins written in the file go back; a plane 15
            // character a "\U" escape made would be taken for one.
            const std::size_t from = offsets->at(ev.start_mark.index), to = offsets->at(ev.end_mark.index);
            const std::size_t written = count_stand_ins(input.substr(from, to - from));
            if (written > 0) {
              if (count_stand_ins(d->scalar) != written) {
                unreadable(
                    "a \\U escape names a character of Unicode's plane 15 private use area, in a file that holds "
                    "control characters",
                    pos_of(ev.start_mark, path), "remove the control characters, or the escape");
              }
              restore(d->scalar);
            }
          }
        }
        attach(d);
        name(s.anchor, d);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
        if (static_cast<int>(open.size()) >= max_depth) {
          // parse_yaml's pre-scan refuses such files first, with a hint;
          // this keeps the tree bounded if that scan ever undercounts.
          unreadable(fmt::format("nesting is deeper than {} levels", max_depth), pos_of(ev.start_mark, path));
        }
        YamlData* d = make(seq ? YamlData::Kind::sequence : YamlData::Kind::map, ev.start_mark);
        attach(d);
        name(seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor, d);
        open.push_back({d});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        index_keys(*open.back().node);
        open.pop_back();
        break;
      case YAML_ALIAS_EVENT: {
        std::string anchor(text_of(ev.data.alias.anchor));
        auto it = anchors.find(anchor);
        if (it == anchors.end()) {
          unreadable(fmt::format("YAML syntax error: alias '*{}' names no anchor before it", anchor),
                     pos_of(ev.start_mark, path));
        }
        for (const auto& o : open) {
          if (o.node == it->second) {
            unreadable(fmt::format("YAML syntax error: alias '*{}' is inside the value it names", anchor),
                       pos_of(ev.start_mark, path));
          }
        }
        attach(it->second);
        break;
      }
      case YAML_DOCUMENT_START_EVENT:
        // parse_yaml refuses a second "---" first; this catches any other
        // way to a second document, so that no text is silently dropped.
        if (documents++ > 0) {
          unreadable("holds more than one YAML document", pos_of(ev.start_mark, path),
                     "an interlink file is a single document: merge what follows into the first");
        }
        break;
      case YAML_STREAM_END_EVENT:
        done = true;
        break;
      default:  // stream start, document end, no event
        break;
    }
  }
  if (!doc.root_) doc.root_ = &doc.nodes_.emplace_back();  // an empty file: null, no position
  return doc;
}

}  // namespace interlink::io
