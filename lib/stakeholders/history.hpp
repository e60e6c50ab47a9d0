// Erasure and git history (SPEC §6): `forget` strips a person's bands and
// tags from stakeholders/<id>.yaml, but the versions committed before still
// hold them. This plans the rewrite of git history that replaces every
// earlier version of that file with today's, as git-filter-repo commands for
// the user to run (interlink never rewrites history itself).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace interlink::stakeholders {

// True when root is in a git work tree and stakeholders/<id>.yaml has been
// committed at least once (its history may hold what forget erased).
bool committed_before(const std::filesystem::path& root, const std::string& id);

struct HistoryRewrite {
  std::string path;                    // the file, from the work tree's root
  std::vector<std::string> old_blobs;  // its earlier versions in any ref
  // The lines to print: comments ("# ...") and the commands, exact and
  // quoted for a POSIX shell; only comments when there is nothing to rewrite.
  std::vector<std::string> lines;
};

// The git-filter-repo commands that make every commit's version of the
// person's file today's (without bands and tags). Refuses (exit 1) outside
// git, while the person's file still holds bands or tags (forget first), and
// while the work tree has uncommitted changes (git-filter-repo ends with
// `git reset --hard`, which would lose them). Runs git read-only.
HistoryRewrite plan_history_rewrite(const std::filesystem::path& root, const std::string& id);

}  // namespace interlink::stakeholders
