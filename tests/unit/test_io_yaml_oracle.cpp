// io::YamlDoc (libyaml) against yaml-cpp, the parser interlink used before:
// the same files must read as the same trees, so that the change of parser
// changes no project's meaning.
//
// Two sets of inputs:
// - every YAML file the repository ships (examples, templates, test data):
//   both parsers accept each, and the trees are equal — kinds, scalars,
//   order and the position of every node that is not null;
// - seeded mutations of those files (a line dropped, doubled or re-indented,
//   a YAML character inserted): where both parsers accept a variant, the
//   trees are equal. Where only one accepts, the variant is counted, not
//   failed: the two parsers differ on some malformed input (libyaml follows
//   YAML 1.1 and is stricter about, for example, a tab after a value), and
//   the loaders refuse what libyaml refuses, with its position.
// INTERLINK_ORACLE_SEED=N draws other mutations; INTERLINK_ORACLE_ROUNDS=N
// makes more of them (the default keeps the unit run short).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "io/yaml.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::filesystem::path> shipped_yaml() {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path root(INTERLINK_SOURCE_DIR);
  for (const char* dir : {"examples", "templates", "tests/cli", "tests/data"}) {
    if (!std::filesystem::exists(root / dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root / dir)) {
      auto ext = e.path().extension();
      // Project templates are mustache, YAML only once rendered.
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml") && slurp(e.path()).find("{{") == std::string::npos)
        out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first difference between the two trees, or "" when they are equal.
std::string diff(const io::YamlNode& ours, const YAML::Node& theirs, const std::string& where) {
  auto kind = [](const io::YamlNode& n) {
    return n.is_map() ? "map" : n.is_sequence() ? "sequence" : n.is_scalar() ? "scalar" : n.is_null() ? "null" : "?";
  };
  auto their_kind = [](const YAML::Node& n) {
    return n.IsMap() ? "map" : n.IsSequence() ? "sequence" : n.IsScalar() ? "scalar" : n.IsNull() ? "null" : "?";
  };
  if (std::string(kind(ours)) != their_kind(theirs))
    return fmt::format("{}: {} against {}", where, kind(ours), their_kind(theirs));
  if (!ours.is_null()) {
    SourcePos p = ours.pos("f");
    auto m = theirs.Mark();
    if (p.line != m.line + 1 || p.column != m.column + 1)
      return fmt::format("{}: at {}:{} against {}:{}", where, p.line, p.column, m.line + 1, m.column + 1);
  }
  if (ours.is_scalar() && ours.scalar() != theirs.Scalar())
    return fmt::format("{}: '{}' against '{}'", where, ours.scalar(), theirs.Scalar());
  if (ours.is_sequence()) {
    std::size_t i = 0;
    auto it = theirs.begin();
    for (io::YamlNode item : ours.items()) {
      if (it == theirs.end()) return fmt::format("{}: more items than yaml-cpp's {}", where, theirs.size());
      if (auto d = diff(item, *it, fmt::format("{}[{}]", where, i)); !d.empty()) return d;
      ++it;
      ++i;
    }
    if (it != theirs.end()) return fmt::format("{}: {} items against {}", where, i, theirs.size());
  }
  if (ours.is_map()) {
    std::size_t i = 0;
    auto it = theirs.begin();
    for (const auto& kv : ours.entries()) {
      if (it == theirs.end()) return fmt::format("{}: more keys than yaml-cpp's {}", where, theirs.size());
      std::string at = fmt::format("{}.{}", where, kv.key().is_scalar() ? kv.key().scalar() : std::to_string(i));
      if (auto d = diff(kv.key(), it->first, at + "(key)"); !d.empty()) return d;
      if (auto d = diff(kv.value(), it->second, at); !d.empty()) return d;
      ++it;
      ++i;
    }
    if (it != theirs.end()) return fmt::format("{}: {} keys against {}", where, i, theirs.size());
  }
  return {};
}

// Both parsers on text. `accepted` tells who accepted it; the return is the
// trees' first difference when both did.
struct Outcome {
  bool ours = false, theirs = false;
  std::string difference;
  std::string refusal;  // ours, when we refuse
};

Outcome compare(const std::string& text) {
  Outcome o;
  io::YamlDoc doc;
  try {
    doc = io::parse_yaml(text, "f.yaml");
    o.ours = true;
  } catch (const Error& e) {
    o.refusal = e.what();
    // Refusals before parsing (size, encoding, depth, a second document)
    // are parse_yaml's own, not the parser's: yaml-cpp is not asked.
    if (std::string(e.what()).find("YAML syntax error") == std::string::npos) {
      o.theirs = false;
      return o;
    }
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
    o.theirs = true;
  } catch (const YAML::Exception&) {
  }
  if (o.ours && o.theirs) o.difference = diff(doc.root(), root, "root");
  return o;
}

long env_long(const char* name, long def) {
  const char* v = std::getenv(name);
  return v ? std::strtol(v, nullptr, 10) : def;
}

// One random edit of the kind a person makes by hand.
std::string mutate(const std::string& text, std::mt19937& rng) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  if (lines.empty()) return text;
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::size_t i = pick(lines.size());
  static const std::vector<std::string> bits = {":", "- ", "[", "]",  "{", "}",  ",",  "#",  "&a ", "*a",  "!!str ",
                                                "|", ">",  "'", "\"", " ", "  ", "\t", "? ", "~",   "null"};
  switch (pick(5)) {
    case 0:
      lines.erase(lines.begin() + static_cast<long>(i));
      break;
    case 1:
      lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
      break;
    case 2:
      lines[i] = (pick(2) ? "  " : "") + lines[i].substr(lines[i].size() > 1 && pick(2) ? 1 : 0);
      break;
    default: {
      const std::string& b = bits[pick(bits.size())];
      lines[i].insert(lines[i].empty() ? 0 : pick(lines[i].size() + 1), b);
    }
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_SUITE("io.yaml.oracle") {
  TEST_CASE("every YAML file the repository ships reads as yaml-cpp read it") {
    auto files = shipped_yaml();
    REQUIRE(files.size() >= 60);  // the examples alone hold more
    for (const auto& f : files) {
      CAPTURE(f.string());
      Outcome o = compare(slurp(f));
      CHECK(o.ours);
      CHECK(o.theirs);
      CHECK(o.difference == "");
    }
  }

  TEST_CASE("quoting, nulls, block scalars, flow, anchors and repeated keys read alike") {
    const char* cases[] = {
        "a: ''\nb: \"\"\nc:\nd: ~\ne: null\nf: 'null'\ng: Null\nh: NULL\ni: nul\n",
        "text: |\n  one\n  two\n\nfolded: >-\n  one\n  two\n\n  three\nkeep: |+\n  x\n\nend: 1\n",
        "plain: a\n  b\n\n  c\ndq: \"a\\tb\\u00e9\\n\"\nsq: 'it''s'\n",
        "flow: {a: 1, b: [x, 'y', \"z\"], c: {}}\nempty: []\n",
        "base: &b {x: 1}\nuse: *b\nlist: [&i item, *i]\n",
        "a: 1\nb: 2\na: 3\n",
        "- a\n- - b\n  - c\n-\n- {k: v}\n",
        "key:\n- indentless\n- items\nnext: 1\n",
        "\xef\xbb\xbf"
        "bom: 1\n",
        "crlf: 1\r\nnext: two\r\n",
        "%YAML 1.2\n---\na: 1\n",
        "tagged: !!str 12\nlocal: !x y\n",
        "? complex key\n: value\n[a, b]: seq key\n",
        "unicode: caf\xc3\xa9 \xe2\x80\x94 na\xc3\xaf"
        "ve\nafter: 1\n",
        "# only a comment\n",
        "",
        "---\n",
        "a: 1 # comment\nb: 'x' # another\n",
        // Characters libyaml refuses or reads as line breaks, and yaml-cpp
        // read as text: they must reach the loaders as text (which refuse
        // them with a finding that names the key).
        "esc: \"\x1b[31mred\"\nplain: a\x1b]0;t\x07b\nc1: a\xc2\x9b"
        "b\nnel: a\xc2\x85"
        "b\n",
        "ls: a\xe2\x80\xa8"
        "b\nps: 'a\xe2\x80\xa9"
        "b'\nnonchar: \xef\xbf\xbe\nafter: 1\n",
        "\x7f: del key\nvalue: x\x01y\n",
    };
    for (const char* c : cases) {
      CAPTURE(std::string(c));
      Outcome o = compare(c);
      CHECK(o.ours);
      CHECK(o.theirs);
      CHECK(o.difference == "");
    }
  }

  TEST_CASE("mutated files read alike wherever both parsers accept them") {
    auto files = shipped_yaml();
    const auto seed = static_cast<std::mt19937::result_type>(env_long("INTERLINK_ORACLE_SEED", 20261204));
    const long rounds = env_long("INTERLINK_ORACLE_ROUNDS", 4);
    std::mt19937 rng(seed);
    long both = 0, only_ours = 0, only_theirs = 0, neither = 0;
    for (long r = 0; r < rounds; ++r) {
      for (const auto& f : files) {
        std::string text = slurp(f);
        for (int k = 0; k < 1 + r % 3; ++k) text = mutate(text, rng);
        Outcome o = compare(text);
        if (o.ours && o.theirs) {
          ++both;
          CAPTURE(f.string());
          CAPTURE(text);
          CHECK(o.difference == "");
        } else if (o.ours) {
          ++only_ours;
          if (std::getenv("INTERLINK_ORACLE_SHOW")) MESSAGE("only libyaml accepts:\n" << text);
        } else if (o.theirs) {
          ++only_theirs;
          if (std::getenv("INTERLINK_ORACLE_SHOW")) MESSAGE("only yaml-cpp accepts: " << o.refusal << "\n" << text);
        } else {
          ++neither;
        }
      }
    }
    MESSAGE(fmt::format("seed {}: {} variants both accepted, {} only libyaml, {} only yaml-cpp, {} neither", seed, both,
                        only_ours, only_theirs, neither));
    CHECK(both > (both + only_ours + only_theirs + neither) / 4);  // the comparison is not vacuous
  }
}
