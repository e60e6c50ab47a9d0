// See engine.hpp. The parser follows kainjow's (mustache.hpp, parser::parse)
// step by step, so that the same text parses to the same tree, or fails
// with the same message at the same offset; the renderer follows its
// render_component and render_section, with its line buffer kept as the
// tail of the output.
#include "report/engine.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report::engine {

using Json = nlohmann::json;

// Every string_view of a tree points into its root's source.
struct Template::Node {
  enum class Kind : unsigned char { root, text, newline, variable, raw, section, inverted, partial };
  Kind kind = Kind::root;
  bool dot = false;                    // {{.}}: the innermost value itself
  bool closed = false;                 // a section: its end tag was read
  std::string_view text;               // text, the newline, or the tag's name
  std::vector<std::string_view> path;  // a dotted name's parts; empty: the name is one part
  std::size_t position = 0;            // byte offset of the tag in the template
  std::string_view end_name;           // a section: the name in its end tag
  std::vector<Node> children;          // a section's, or the root's
  std::string source;                  // the root: the template's text
};

namespace {

using Node = Template::Node;

// kainjow's trim(): std::isspace in the C locale.
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// "=<% %>=": the new delimiters, or false (kainjow's
// parse_set_delimiter_tag).
bool set_delimiters(std::string_view contents, std::string& begin, std::string& end) {
  if (contents.size() < 5 || contents.back() != '=') return false;
  std::string_view inner = trim(contents.substr(1, contents.size() - 2));
  const auto gap = inner.find(' ');
  if (gap == std::string_view::npos) return false;
  const auto next = inner.find_first_not_of(' ', gap + 1);
  if (next == std::string_view::npos) return false;
  std::string_view b = inner.substr(0, gap), e = inner.substr(next);
  for (std::string_view d : {b, e}) {
    for (char c : d) {
      if (c == '=' || space(c)) return false;
    }
  }
  begin = b;
  end = e;
  return true;
}

// The first section, in document order, whose end tag is missing or names
// another section: kainjow's check once the text is read.
const Node* unclosed(const std::vector<Node>& nodes) {
  for (const auto& n : nodes) {
    if (n.kind != Node::Kind::section && n.kind != Node::Kind::inverted) continue;
    if (!n.closed || n.end_name != n.text) return &n;
    if (const Node* inner = unclosed(n.children)) return inner;
  }
  return nullptr;
}

std::string parse(std::string_view in, Node& root, std::vector<PartialTag>& partials) {
  std::string begin = "{{", end = "}}";
  bool brace = true;  // the default delimiters: {{{x}}} is a raw value
  std::vector<Node*> open{&root};
  std::size_t text_start = std::string_view::npos;
  auto add = [&](Node n) { open.back()->children.push_back(std::move(n)); };
  auto flush_text = [&](std::size_t to) {
    if (text_start == std::string_view::npos) return;
    Node n;
    n.kind = Node::Kind::text;
    n.text = in.substr(text_start, to - text_start);
    add(std::move(n));
    text_start = std::string_view::npos;
  };
  const std::size_t size = in.size();
  std::size_t pos = 0;
  while (pos != size) {
    if (in.compare(pos, begin.size(), begin) != 0) {
      // Text; a newline stands alone, for the standalone-line rule.
      const std::size_t nl = in[pos] == '\r' && pos + 1 < size && in[pos + 1] == '\n' ? 2
                             : in[pos] == '\n' || in[pos] == '\r'                     ? 1
                                                                                      : 0;
      if (nl == 0) {
        if (text_start == std::string_view::npos) text_start = pos;
        // On to the next byte that may start a tag or a line.
        const char b = begin[0];
        for (++pos; pos < size && in[pos] != b && in[pos] != '\n' && in[pos] != '\r';) ++pos;
        continue;
      }
      flush_text(pos);
      Node n;
      n.kind = Node::Kind::newline;
      n.text = in.substr(pos, nl);
      add(std::move(n));
      pos += nl;
      continue;
    }
    flush_text(pos);
    const std::size_t tag_start = pos;
    std::size_t contents_at = tag_start + begin.size();
    const bool triple = brace && contents_at < size && in[contents_at] == begin[0];
    const std::string_view closing = triple ? std::string_view("}}}") : std::string_view(end);
    if (triple) ++contents_at;
    const std::size_t tag_end = in.find(closing, contents_at);
    if (tag_end == std::string_view::npos) return fmt::format("Unclosed tag at {}", tag_start);
    const std::string_view contents = trim(in.substr(contents_at, tag_end - contents_at));
    pos = tag_end + closing.size();
    if (!contents.empty() && contents[0] == '=') {
      if (!set_delimiters(contents, begin, end)) return fmt::format("Invalid set delimiter tag at {}", tag_start);
      brace = begin == "{{" && end == "}}";
      continue;
    }
    Node n;
    n.position = tag_start;
    std::string_view name = contents;
    if (triple) {
      n.kind = Node::Kind::raw;
    } else if (contents.empty()) {
      n.kind = Node::Kind::variable;
    } else {
      switch (contents[0]) {
        case '#':
          n.kind = Node::Kind::section;
          break;
        case '^':
          n.kind = Node::Kind::inverted;
          break;
        case '>':
          n.kind = Node::Kind::partial;
          break;
        case '&':
          n.kind = Node::Kind::raw;
          break;
        case '!':
          continue;  // a comment renders nothing
        case '/': {
          if (open.size() == 1) {
            return fmt::format("Unopened section \"{}\" at {}", trim(contents.substr(1)), tag_start);
          }
          open.back()->closed = true;
          open.back()->end_name = trim(contents.substr(1));
          open.pop_back();
          continue;
        }
        default:
          n.kind = Node::Kind::variable;
          break;
      }
      if (n.kind != Node::Kind::variable) name = trim(contents.substr(1));
    }
    n.text = name;
    if (n.kind == Node::Kind::partial) {
      partials.push_back({std::string(name), tag_start});
    } else {
      n.dot = name == ".";
      // A dotted name's parts as kainjow's split() reads them (std::getline).
      if (!n.dot && name.find('.') != std::string_view::npos) n.path = text::split(name, '.');
    }
    const bool opens = n.kind == Node::Kind::section || n.kind == Node::Kind::inverted;
    add(std::move(n));
    if (opens) {
      if (open.size() > kMaxNesting) {
        return fmt::format("Sections nested deeper than {} at {}", kMaxNesting, tag_start);
      }
      open.push_back(&open.back()->children.back());
    }
  }
  flush_text(size);
  if (const Node* n = unclosed(root.children))
    return fmt::format("Unclosed section \"{}\" at {}", n->text, n->position);
  return {};
}

bool is_false(const Json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) ||
         (v.is_string() && v.get_ref<const std::string&>().empty());
}

bool is_empty_list(const Json& v) { return v.is_array() && v.empty(); }

}  // namespace

Template::Template(std::string_view text) : root_(std::make_unique<Node>()) {
  root_->source = text;
  error_ = parse(root_->source, *root_, partial_tags_);
  if (!error_.empty()) root_->children.clear();
}
Template::~Template() = default;
Template::Template(Template&&) noexcept = default;
Template& Template::operator=(Template&&) noexcept = default;

class Renderer {
 public:
  Renderer(Escape escape, const Partials& partials) : escape_(escape), partials_(partials) {}

  std::string run(const Template& t, const Json& view) {
    stack_.push_back(&view);
    nodes(t.root_->children, 0);
    // The last line, as kainjow's top-level renderer ends.
    if (contained_ && blank_line()) out_.resize(line_start_);
    return std::move(out_);
  }

 private:
  Escape escape_;
  const Partials& partials_;
  std::map<std::string, Template, std::less<>> parsed_;  // each partial parsed once
  std::vector<const Json*> stack_;                       // the sections' values, innermost last
  std::string out_;
  std::size_t line_start_ = 0;  // where kainjow's line buffer starts in out_
  bool contained_ = false;      // the line held a rendered section's tag

  bool blank_line() const {
    for (std::size_t i = line_start_; i < out_.size(); ++i) {
      if (out_[i] != ' ' && out_[i] != '\t') return false;
    }
    return true;
  }

  void newline(std::string_view nl) {
    if (contained_ && blank_line()) {
      out_.resize(line_start_);
    } else {
      out_ += nl;
    }
    line_start_ = out_.size();
    contained_ = false;
  }

  // A name in one value: the value of the name, or of its parts in turn.
  static const Json* find(const Json* v, const Node& n) {
    auto member = [](const Json* in, std::string_view key) -> const Json* {
      if (!in->is_object()) return nullptr;
      auto found = in->find(key);
      return found == in->end() ? nullptr : &*found;
    };
    if (n.path.empty()) return member(v, n.text);
    for (std::string_view part : n.path) {
      if (!(v = member(v, part))) return nullptr;
    }
    return v;
  }

  const Json* lookup(const Node& n) const {
    if (n.dot) return stack_.back();
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (const Json* v = find(*it, n)) return v;
    }
    return nullptr;
  }

  void value(const Json& v, bool escaped) {
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      out_ += escaped ? escape_(s) : s;
    } else if (v.is_number() || v.is_binary()) {  // kainjow's data holds their text
      const std::string s = v.dump();
      out_ += escaped ? escape_(s) : s;
    }
  }

  // kainjow's render_section: the section's tags mark the line, a list
  // renders once per item, anything else once with its value innermost.
  void section(const Node& n, const Json* v, std::size_t depth) {
    if (v && v->is_array() && !v->empty()) {
      for (const auto& item : *v) {
        contained_ = true;
        stack_.push_back(&item);
        nodes(n.children, depth);
        stack_.pop_back();
        contained_ = true;
      }
      return;
    }
    contained_ = true;
    if (v) stack_.push_back(v);
    nodes(n.children, depth);
    if (v) stack_.pop_back();
    contained_ = true;
  }

  void partial(const Node& n, std::size_t depth) {
    const std::string* text = partials_ ? partials_(std::string(n.text)) : nullptr;
    if (!text) return;
    if (depth >= kMaxNesting) refuse(fmt::format("template error: partials nested deeper than {}", kMaxNesting));
    auto it = parsed_.find(n.text);
    if (it == parsed_.end()) it = parsed_.emplace(std::string(n.text), Template(*text)).first;
    if (!it->second.valid()) {
      refuse("template error in the partial '" + std::string(n.text) + "': " + it->second.error());
    }
    nodes(it->second.root_->children, depth + 1);
  }

  void nodes(const std::vector<Node>& list, std::size_t depth) {
    for (const auto& n : list) {
      switch (n.kind) {
        case Node::Kind::text:
          out_ += n.text;
          break;
        case Node::Kind::newline:
          newline(n.text);
          break;
        case Node::Kind::variable:
        case Node::Kind::raw:
          if (const Json* v = lookup(n)) value(*v, n.kind == Node::Kind::variable);
          break;
        case Node::Kind::section:
          if (const Json* v = lookup(n); v && !is_false(*v) && !is_empty_list(*v)) section(n, v, depth);
          break;
        case Node::Kind::inverted:
          if (const Json* v = lookup(n); !v || is_false(*v) || is_empty_list(*v)) section(n, v, depth);
          break;
        case Node::Kind::partial:
          partial(n, depth);
          break;
        case Node::Kind::root:
          break;
      }
    }
  }
};

std::string render(const Template& t, const Json& view, Escape escape, const Partials& partials) {
  if (!t.valid()) refuse("template error: " + t.error());
  return Renderer(escape, partials).run(t, view);
}

}  // namespace interlink::report::engine
