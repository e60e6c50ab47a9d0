// Append-only against git history (the CI gate on a merge request): the
// ledger compared with its committed version at a revision (`verify --base
// REV`), and every committed version since a revision compared with the ones
// before it (`verify --since-rev REV`), which finds a history rewritten and
// then restored that one comparison would miss. Blobs are read with
// util/git.hpp: no hook, filter or textconv of the repository runs.
#pragma once

#include <filesystem>
#include <string>

#include "ledger/verify.hpp"

namespace interlink::ledger {

struct GitVerifyResult {
  VerifyResult result;       // of the working ledger; problem names the revision and the event
  std::string base;          // what was compared: "REV:path" (--base) or "REV" (--since-rev), a commit id short
  bool base_absent = false;  // --base: the revision holds no ledger at that path (nothing to compare)
  long versions = 0;         // --since-rev: commits whose ledger was checked against their parents'
};

// The ledger file at path against its version at rev in the git repository
// that holds it, every file checked to depth. Throws Error(usage) when rev names no commit or the file is
// not in a git work tree, Error(unreadable) when a version is not a ledger.
GitVerifyResult verify_against_rev(const std::filesystem::path& path, const std::string& rev,
                                   Depth depth = Depth::quick);

// Every commit of rev..HEAD whose ledger differs from a parent's must verify
// and hold every event of that parent's ledger; then the working file must
// hold every event of HEAD's. rev must be an ancestor of HEAD.
// own: the working file's own verification at this depth, when the caller
// has just made it (`verify` checks the file first): it is then not
// verified again, only searched for HEAD's events.
GitVerifyResult verify_since_rev(const std::filesystem::path& path, const std::string& rev, Depth depth = Depth::quick,
                                 const VerifyResult* own = nullptr);

}  // namespace interlink::ledger
