// See parse_cache.hpp.
#include "io/parse_cache.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "io/cache_files.hpp"
#include "io/model_pack.hpp"
#include "util/beneath.hpp"
#include "util/build_id.hpp"
#include "util/error.hpp"
#include "util/pack.hpp"

namespace interlink::io {

namespace stdfs = std::filesystem;

namespace {

constexpr const char* kFile = "stakeholders.pack";
constexpr std::string_view kMagic = "interlink parsed stakeholders";
constexpr const char* kPlanFile = "plan.pack";
constexpr std::string_view kPlanMagic = "interlink parsed plan";
// The layout of the entries below; the build ID covers the parser itself.
constexpr long long kFormat = 1;
// 10,000 stakeholders take 8 MB; a crafted file of the limit cannot make
// the reader hold more than a few hundred MB (a 2-byte field is a string).
constexpr std::size_t kMaxBytes = 32u << 20;

}  // namespace

std::optional<model::Project> cached_plan(const stdfs::path& root, const std::string& sha256,
                                          model::Findings& findings) {
  if (build_id().empty()) return std::nullopt;
  auto bytes = read_cache_file(root, kPlanFile, kMaxBytes);
  if (!bytes) return std::nullopt;
  try {
    pack::Reader r(*bytes);
    if (r.str() != kPlanMagic || r.num() != kFormat || r.str() != build_id() || r.str() != sha256) return std::nullopt;
    model::Project plan;
    model::Findings found;
    model_pack::get(r, plan);
    model_pack::get(r, found);
    if (!r.done()) return std::nullopt;
    findings.insert(findings.end(), found.begin(), found.end());
    return plan;
  } catch (const std::exception&) {  // damaged (or too large to hold): parse again
    return std::nullopt;
  }
}

void remember_plan(const stdfs::path& root, const std::string& sha256, const model::Project& plan,
                   const model::Findings& findings) {
  if (build_id().empty()) return;
  pack::Writer w;
  w.str(kPlanMagic);
  w.num(kFormat);
  w.str(build_id());
  w.str(sha256);
  model_pack::put(w, plan);
  model_pack::put(w, findings);
  write_cache_file(root, kPlanFile, w.bytes(), false);
}

void forget_parsed_stakeholders(const stdfs::path& root) {
  fs::DirFd dir;
  try {
    dir = fs::open_dir_beneath(root, ".interlink/cache", false);
  } catch (const Error&) {  // a link or not a folder: none of ours is there
    return;
  }
  if (dir.get() < 0) return;
  const std::string name = kFile, temp = "." + name + ".tmp-";
  std::vector<std::string> doomed;
  if (DIR* d = ::fdopendir(::dup(dir.get()))) {
    while (const dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n == name || n.rfind(temp, 0) == 0) doomed.push_back(n);
    }
    ::closedir(d);
  }
  for (const auto& n : doomed) {
    if (::unlinkat(dir.get(), n.c_str(), 0) != 0 && errno != ENOENT)
      os_failure(fmt::format("cannot remove .interlink/cache/{}: {}", n, std::strerror(errno)));
  }
}

StakeholderParseCache::StakeholderParseCache(stdfs::path root) : root_(std::move(root)) {
  if (build_id().empty()) return;  // no identity for the parser: cache nothing
  auto bytes = read_cache_file(root_, kFile, kMaxBytes);
  if (!bytes) return;
  try {
    pack::Reader r(*bytes);
    if (r.str() != kMagic || r.num() != kFormat || r.str() != build_id()) return;
    std::map<std::string, Entry> entries;
    for (std::size_t n = r.count(); n > 0; --n) {
      std::string rel = r.str();
      Entry e;
      e.sha256 = r.str();
      model_pack::get(r, e.stakeholder);
      model_pack::get(r, e.findings);
      entries.insert_or_assign(std::move(rel), std::move(e));
    }
    if (!r.done()) return;
    entries_ = std::move(entries);
  } catch (const std::exception&) {  // damaged (or too large to hold): every file is parsed again
  }
}

bool StakeholderParseCache::get(const std::string& rel, const std::string& sha256, model::Stakeholder& s,
                                model::Findings& findings) {
  auto it = entries_.find(rel);
  if (it == entries_.end() || it->second.sha256 != sha256) return false;
  it->second.used = true;
  s = it->second.stakeholder;
  findings.insert(findings.end(), it->second.findings.begin(), it->second.findings.end());
  return true;
}

void StakeholderParseCache::put(const std::string& rel, const std::string& sha256, const model::Stakeholder& s,
                                model::Findings findings) {
  entries_.insert_or_assign(rel, Entry{sha256, s, std::move(findings), true});
  changed_ = true;
}

void StakeholderParseCache::save() {
  if (build_id().empty()) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.used) {
      ++it;
    } else {  // a file deleted since: forget it
      it = entries_.erase(it);
      changed_ = true;
    }
  }
  if (!changed_) return;
  pack::Writer w;
  w.str(kMagic);
  w.num(kFormat);
  w.str(build_id());
  w.num(static_cast<long long>(entries_.size()));
  for (const auto& [rel, e] : entries_) {
    w.str(rel);
    w.str(e.sha256);
    model_pack::put(w, e.stakeholder);
    model_pack::put(w, e.findings);
  }
  write_cache_file(root_, kFile, w.bytes(), false);
  changed_ = false;
}

}  // namespace interlink::io
