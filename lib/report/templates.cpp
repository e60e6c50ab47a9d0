// See templates.hpp.
#include "report/templates.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "catalogue/embedded.hpp"
#include "report/engine.hpp"
#include "report/partials.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/mustache_error.hpp"

namespace interlink::report {

namespace {

namespace stdfs = std::filesystem;
constexpr std::string_view kPrefix = "report/";
constexpr std::size_t kMaxTemplate = 4u << 20;

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

void check_mustache(const std::string& text, const std::string& shown) {
  engine::Template tmpl(text);
  if (tmpl.valid()) return;
  auto e = mustache_error(text, shown, tmpl.error());
  throw Error(ExitStatus::refused, fmt::format("template error: {}", e.message),
              "fix the template, or start again from 'interlink report --dump-template DIR'", e.pos);
}

Templates Templates::builtin() {
  Templates t;
  for (const auto& f : catalogue::embedded_files()) {
    std::string_view p = f.path;
    if (p.substr(0, kPrefix.size()) != kPrefix) continue;
    std::string name(p.substr(kPrefix.size()));
    t.files_[name] = {std::string(f.bytes), "(built-in) " + std::string(p)};
  }
  return t;
}

Templates Templates::from_dir(const stdfs::path& dir) {
  std::error_code ec;
  if (!stdfs::is_directory(dir, ec)) {
    throw Error(ExitStatus::refused, "no such template folder: " + dir.string(),
                "make one with 'interlink report --dump-template " + dir.string() + "'");
  }
  Templates t = builtin();
  std::vector<stdfs::path> found;
  for (auto it = stdfs::recursive_directory_iterator(dir, ec); !ec && it != stdfs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  for (const auto& path : found) {
    std::string name = path.lexically_relative(dir).generic_string();
    if (!ends_with(name, ".mustache") && !(name.rfind("i18n/", 0) == 0 && ends_with(name, ".json"))) continue;
    t.files_[name] = {fs::read_file(path, kMaxTemplate), path.string()};
  }
  for (const auto& [name, f] : t.files_) {
    if (ends_with(name, ".mustache")) check_mustache(f.text, f.shown);
  }
  t.check_partials();
  return t;
}

void Templates::check_partials() const {
  constexpr std::string_view ext = ".mustache";
  std::map<std::string, std::string_view> texts;
  std::map<std::string, std::string> shown;
  for (const auto& [name, f] : files_) {
    if (!ends_with(name, ext)) continue;
    std::string partial = name.substr(0, name.size() - ext.size());
    texts[partial] = f.text;
    shown[partial] = f.shown;
  }
  report::check_partials(texts, shown);
}

const Templates::File* Templates::find(const std::string& name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

std::vector<std::string> Templates::languages() const {
  std::vector<std::string> out;
  for (const auto& [name, f] : files_) {
    if (name.rfind("i18n/", 0) == 0 && ends_with(name, ".json")) out.push_back(name.substr(5, name.size() - 10));
  }
  return out;
}

std::vector<std::string> Templates::dump_builtin(const stdfs::path& dir) {
  Templates t = builtin();
  std::error_code ec;
  for (const auto& [name, f] : t.files_) {
    if (stdfs::exists(dir / name, ec)) {
      refuse("not overwriting " + (dir / name).string(), "choose an empty folder for --dump-template");
    }
  }
  std::vector<std::string> written;
  for (const auto& [name, f] : t.files_) {
    fs::write_file_atomic(dir / name, f.text);
    written.push_back((dir / name).string());
  }
  return written;
}

}  // namespace interlink::report
