// See history.hpp. The rewrite is one git-filter-repo blob callback keyed on
// the blob ids of the file's earlier versions: it touches no other file (a
// text replacement would also change other persons' identical bands) and
// keeps the file in every commit, so the plan and the ledger of every
// rewritten commit still agree. The ledger never held bands (stakeholder
// events name them as changed, never give them), so it is not rewritten.
#include "stakeholders/history.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "io/project_io.hpp"
#include "model/finding.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/git.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

namespace {

namespace stdfs = std::filesystem;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// bytes as a Python bytes literal: printable ASCII as is, the rest as \xNN.
std::string py_bytes(const std::string& bytes) {
  std::string out = "b\"";
  for (unsigned char c : bytes) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out + "\"";
}

bool is_oid(const std::string& s) {
  return s.size() == 40 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Every blob id the path had in any ref's history (merges included).
std::set<std::string> blobs_in_history(const stdfs::path& top, const std::string& path) {
  git::Result r =
      git::run(top, {"log", "--all", "-m", "--format=", "--raw", "--no-abbrev", "--no-renames", "--", path});
  if (r.status != 0) os_failure(fmt::format("git log failed: {}", r.err));
  std::set<std::string> out;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    // ":100644 100644 <old> <new> M\t<path>"
    std::istringstream words(line.substr(0, line.find('\t')));
    std::string mode_a, mode_b, a, b;
    words >> mode_a >> mode_b >> a >> b;
    for (const auto& id : {a, b})
      if (is_oid(id) && id != std::string(40, '0')) out.insert(id);
  }
  return out;
}

}  // namespace

bool committed_before(const stdfs::path& root, const std::string& id) {
  auto wt = git::work_tree(root);
  if (!wt) return false;
  git::Result r = git::run(wt->top, {"log", "--all", "-1", "--format=%H", "--", wt->prefix + io::stakeholder_path(id)});
  return r.status == 0 && !trimmed(r.out).empty();
}

HistoryRewrite plan_history_rewrite(const stdfs::path& root, const std::string& id) {
  auto wt = git::work_tree(root);
  if (!wt) refuse("the project is not in a git work tree: there is no history to rewrite");
  HistoryRewrite h;
  h.path = wt->prefix + io::stakeholder_path(id);
  if (!text::is_slug(id) || !stdfs::exists(root / io::stakeholder_path(id))) {
    refuse(fmt::format("unknown stakeholder '{}': no {}", id, h.path));
  }
  model::Findings findings;
  auto s = io::load_stakeholder(fs::read_file(root / io::stakeholder_path(id)), io::stakeholder_path(id), findings);
  if (!s.bands.empty() || !s.tags.empty()) {
    refuse(fmt::format("{} still holds {}'s bands or tags: erase them first", h.path, id),
           fmt::format("run 'interlink forget {}', commit, then 'interlink forget {} --history'", id, id));
  }
  git::Result status = git::run(wt->top, {"status", "--porcelain", "--untracked-files=no"});
  if (status.status != 0) os_failure(fmt::format("git status failed: {}", status.err));
  git::Result head = git::run(wt->top, {"rev-parse", "--verify", "--quiet", "HEAD:" + h.path});
  if (!trimmed(status.out).empty() || head.status != 0) {
    refuse("the work tree has changes that are not committed, and git filter-repo ends with 'git reset --hard'",
           fmt::format("commit the erasure first (git add -A && git commit -m 'Forget {}'), then run this again", id));
  }
  const std::string current = trimmed(head.out);
  std::set<std::string> old = blobs_in_history(wt->top, h.path);
  old.erase(current);
  h.old_blobs.assign(old.begin(), old.end());
  if (h.old_blobs.empty()) {
    h.lines.push_back(fmt::format("# Nothing to rewrite: no commit holds a version of {} other than today's.", h.path));
    return h;
  }
  git::TempDir tmp;
  stdfs::path now = tmp.path() / "now.yaml";
  git::Result cat = git::run(wt->top, {"cat-file", "blob", current}, now);
  if (cat.status != 0) os_failure(fmt::format("git cat-file failed: {}", cat.err));
  std::string ids;
  for (const auto& b : h.old_blobs) ids += (ids.empty() ? "" : ", ") + py_bytes(b);
  std::string callback =
      fmt::format("if blob.original_id in {{{}}}: blob.data = {}", ids, py_bytes(fs::read_file(now)));
  h.lines = {
      fmt::format("# Rewrites git history so that no commit holds what forget erased of {}: the {} earlier", id,
                  h.old_blobs.size()),
      fmt::format("# version{} of {} become{} today's. Every commit since then changes: back up first;",
                  h.old_blobs.size() == 1 ? "" : "s", h.path, h.old_blobs.size() == 1 ? "s" : ""),
      "# afterwards push every branch and tag with --force and have everyone clone again.",
      "cd " + text::shell_quote(wt->top.string()),
      "git filter-repo --force --blob-callback " + text::shell_quote(callback),
  };
  return h;
}

}  // namespace interlink::stakeholders
