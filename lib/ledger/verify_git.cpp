// See verify_git.hpp. Each committed version needed is written once to a
// private temporary folder (named by its blob id) and verified there as a
// file; comparisons reuse ledger::verify with a label that names the
// revision, so the messages are those of `verify --base FILE`.
#include "ledger/verify_git.hpp"

#include <map>
#include <set>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "ledger/event.hpp"
#include "util/error.hpp"
#include "util/git.hpp"
#include "util/hash.hpp"

namespace interlink::ledger {

namespace {

namespace stdfs = std::filesystem;

// The repository holding a ledger file, and the file's path inside it.
struct Where {
  stdfs::path dir;  // the folder of the ledger, where git runs
  std::string rel;  // the ledger's path from the work tree's root, with '/'
};

Where locate(const stdfs::path& path, const std::string& option, const std::string& rev) {
  stdfs::path dir = path.parent_path().empty() ? stdfs::path(".") : path.parent_path();
  std::string why;
  auto wt = git::work_tree(dir, &why);
  if (!wt && !why.empty()) {
    bad_usage(fmt::format("{} {}: git cannot read the repository of {}: {}", option, rev, dir.string(), why),
              "in a container, the checkout may need: git config --global --add safe.directory \"$PWD\"");
  }
  if (!wt && option == "--since-rev") {  // takes a revision only, never a file
    bad_usage(fmt::format("{} {}: {} is not inside a git work tree to read a revision from", option, rev, dir.string()),
              "run it inside the repository the ledger is committed in");
  }
  if (!wt) {
    bad_usage(fmt::format("{} {}: no such ledger file, and {} is not inside a git work tree to read a revision from",
                          option, rev, dir.string()),
              "give an older copy of the ledger as a file, or run inside the repository");
  }
  std::error_code ec;
  stdfs::path file = stdfs::weakly_canonical(stdfs::absolute(path), ec);
  stdfs::path top = stdfs::weakly_canonical(wt->top, ec);
  stdfs::path rel = file.lexically_relative(top);
  if (rel.empty() || *rel.begin() == "..") {
    bad_usage(fmt::format("{} is not inside the git work tree {}", path.string(), top.string()));
  }
  return {dir, rel.generic_string()};
}

// Blob ids of path at each commit ("" where there is none), in one git call.
std::map<std::string, std::string> blobs_at(const Where& w, const std::vector<std::string>& commits) {
  std::string input;
  for (const auto& c : commits) input += c + ":" + w.rel + "\n";
  git::Result r = git::run(w.dir, {"cat-file", "--batch-check=%(objectname) %(objecttype)"}, {}, input);
  if (r.status != 0) os_failure(fmt::format("git cat-file failed: {}", r.err));
  std::map<std::string, std::string> out;
  std::istringstream lines(r.out);
  std::string line;
  for (const auto& c : commits) {
    if (!std::getline(lines, line)) os_failure("git cat-file answered fewer lines than asked");
    auto sp = line.find(' ');
    out[c] = (sp == 40 && line.substr(sp + 1) == "blob") ? line.substr(0, 40) : std::string();
  }
  return out;
}

// Writes blobs to a private folder once each, read as committed.
class BlobFiles {
 public:
  explicit BlobFiles(stdfs::path dir) : dir_(std::move(dir)) {}
  // The version oid is the file at path (the working file, unchanged).
  void known(const std::string& oid, const stdfs::path& path) { known_[oid] = path; }
  [[nodiscard]] bool is_known(const std::string& oid) const { return known_.count(oid) > 0; }
  stdfs::path get(const std::string& oid) {
    if (auto it = known_.find(oid); it != known_.end()) return it->second;
    stdfs::path file = tmp_.path() / (oid + ".db");
    std::error_code ec;
    if (stdfs::exists(file, ec)) return file;
    git::Result r = git::run(dir_, {"cat-file", "blob", oid}, file);
    if (r.status != 0) os_failure(fmt::format("git cat-file blob {} failed: {}", oid, r.err));
    return file;
  }

 private:
  stdfs::path dir_;
  git::TempDir tmp_;
  std::map<std::string, stdfs::path> known_;
};

std::string short_commit(const std::string& c) { return c.substr(0, 12); }

// A revision as messages name it: a full commit id (as CI scripts pass from
// git merge-base) short, anything else as given.
std::string display_rev(const std::string& rev) {
  bool hex = rev.size() == 40 && rev.find_first_not_of("0123456789abcdef") == std::string::npos;
  return hex ? short_commit(rev) : rev;
}

std::string subject_of(const stdfs::path& dir, const std::string& commit) {
  git::Result r = git::run(dir, {"log", "-1", "--no-show-signature", "--format=%s", commit});
  std::string s = r.status == 0 ? r.out : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string describe_commit(const stdfs::path& dir, const std::string& commit) {
  std::string s = subject_of(dir, commit);
  return s.empty() ? fmt::format("commit {}", short_commit(commit))
                   : fmt::format("commit {} (\"{}\")", short_commit(commit), s);
}

}  // namespace

GitVerifyResult verify_against_rev(const stdfs::path& path, const std::string& rev, Depth depth) {
  Where w = locate(path, "--base", rev);
  std::string commit = git::resolve_commit(w.dir, rev);
  GitVerifyResult out;
  out.base = display_rev(rev) + ":" + w.rel;
  std::string blob = blobs_at(w, {commit})[commit];
  if (blob.empty()) {
    out.base_absent = true;
    out.result = verify(path, {}, {}, depth);
    return out;
  }
  BlobFiles files(w.dir);
  out.result = verify(path, files.get(blob), out.base, depth);
  return out;
}

GitVerifyResult verify_since_rev(const stdfs::path& path, const std::string& rev, Depth depth,
                                 const VerifyResult* own) {
  Where w = locate(path, "--since-rev", rev);
  std::string from = git::resolve_commit(w.dir, rev);
  std::string head = git::resolve_commit(w.dir, "HEAD");
  if (git::run(w.dir, {"merge-base", "--is-ancestor", from, head}).status != 0) {
    bad_usage(fmt::format("--since-rev {}: it is not an ancestor of HEAD", rev),
              "name a commit this branch grew from, such as the merge base with the target branch");
  }
  GitVerifyResult out;
  out.base = display_rev(rev);
  // Every commit of the range with its parents, parents first.
  git::Result list = git::run(w.dir, {"rev-list", "--reverse", "--topo-order", "--parents", from + ".." + head});
  if (list.status != 0) os_failure(fmt::format("git rev-list failed: {}", list.err));
  std::vector<std::vector<std::string>> commits;  // [commit, parents...]
  std::vector<std::string> all;
  std::istringstream lines(list.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::vector<std::string> ids;
    for (std::string id; words >> id;) ids.push_back(id);
    if (ids.empty()) continue;
    all.insert(all.end(), ids.begin(), ids.end());
    commits.push_back(std::move(ids));
  }
  all.push_back(head);
  auto blob = blobs_at(w, all);
  BlobFiles files(w.dir);
  // The versions (blob ids) already verified in this run: each is met
  // twice, as a version and as the base of the next one (and of the
  // working file), and is verified once (verify_extending). On 1,000,000
  // events a version takes ~3 s to verify.
  std::set<std::string> checked;
  // HEAD's version is the working file itself when its bytes are that
  // blob (a clean checkout, as in CI): it is read there, not written out of
  // git first (~3 s on 1,000,000 events), and the working file's own
  // verification (own) stands for it. Hashed here, not asked of git, whose
  // comparison of a file with HEAD runs the filters a repository configures.
  const bool head_is_working = own && own->ok && !blob[head].empty() && git_blob_id_of_file(path) == blob[head];
  if (head_is_working) files.known(blob[head], path);
  // The file against the version base_blob, verified once (see checked).
  auto against = [&](const stdfs::path& file, const std::string& base_blob, const std::string& label) {
    return checked.count(base_blob) ? verify_extending(file, files.get(base_blob), label, depth)
                                    : verify(file, files.get(base_blob), label, depth);
  };
  // The working file against base_blob ("": no version to compare), its
  // own verification (own) not made again.
  auto working_against = [&](const std::string& base_blob, const std::string& label) {
    if (!own) return base_blob.empty() ? verify(path, {}, {}, depth) : against(path, base_blob, label);
    if (base_blob.empty()) return *own;
    return verify_holds(path, *own, files.get(base_blob), label, depth, checked.count(base_blob) > 0);
  };
  // A committed version against base_blob (""), read in place when it is
  // the working file.
  auto version_against = [&](const std::string& version, const std::string& base_blob, const std::string& label) {
    if (head_is_working && version == blob[head]) return working_against(base_blob, label);
    return base_blob.empty() ? verify(files.get(version), {}, {}, depth)
                             : against(files.get(version), base_blob, label);
  };
  // The result that names commit c's version as the one that failed.
  auto blame = [&](const std::string& c, VerifyResult r) {
    r.problem = fmt::format("{} at {}: {}", w.rel, describe_commit(w.dir, c), r.problem);
    out.result = std::move(r);
    return out;
  };
  for (const auto& ids : commits) {
    const std::string& c = ids[0];
    bool had_parent_ledger = false;
    bool verified = false;
    for (std::size_t i = 1; i < ids.size(); ++i) {
      const std::string& p = ids[i];
      if (blob[p].empty()) continue;
      had_parent_ledger = true;
      if (blob[c].empty()) {
        out.result.ok = false;
        out.result.problem =
            fmt::format("{} deleted {}, which its parent {} holds", describe_commit(w.dir, c), w.rel, short_commit(p));
        return out;
      }
      if (blob[c] == blob[p]) continue;
      VerifyResult r = version_against(blob[c], blob[p], fmt::format("{} at its parent {}", w.rel, short_commit(p)));
      verified = true;
      if (!r.ok) return blame(c, std::move(r));
    }
    if (!had_parent_ledger && !blob[c].empty()) {
      VerifyResult r = version_against(blob[c], "", "");
      verified = true;
      if (!r.ok) return blame(c, std::move(r));
    }
    if (verified) {
      ++out.versions;
      checked.insert(blob[c]);  // and each parent compared with it, verified as its base
      for (std::size_t i = 1; i < ids.size(); ++i)
        if (!blob[ids[i]].empty()) checked.insert(blob[ids[i]]);
    }
  }
  // The working file last: it must hold every event of HEAD's (none to
  // look for when it is HEAD's version itself).
  out.result = working_against(head_is_working ? std::string() : blob[head], "HEAD:" + w.rel);
  return out;
}

}  // namespace interlink::ledger
