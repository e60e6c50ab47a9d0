// Verification of a ledger (SPEC §5): every hash, every parent link, a single
// root that is project.created, the database's integrity, application_id and
// user_version; with a base, that every event of the base is still present.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"

namespace interlink::ledger {

struct VerifyResult {
  bool ok = true;
  long events = 0;
  std::vector<std::string> heads;
  std::string root;
  // The first problem found, naming the event ("event 3f2a…: hash does not
  // match its content"); empty when ok.
  std::string problem;
  std::string bad_event;  // hash of the first bad event, if one is to blame
  // The fingerprint of every row checked, as stored (ledger/row_print.hpp):
  // what the mark of a verified ledger binds the state cache to.
  std::string rows_print;
  // Its running state (RowPrint::state()), which a writer that appends to
  // the file verify marked resumes (process/verified.hpp).
  std::string rows_print_state;
};

// How deep verify looks at the SQLite file under the events. Every event,
// hash and link is checked either way; `quick` runs SQLite's quick_check
// (every page and b-tree is well formed), `thorough` its integrity_check,
// which also looks every row up in every index: an index that disagrees
// with its table misleads `log --kind` but cannot hide a changed event, and
// on a million events it costs 8 s of 10 (issue 10). The default is quick.
enum class Depth { quick, thorough };

// Verifies the ledger file at path. Throws Error(unreadable) for a file that
// is not a readable interlink ledger. base_label names the base in messages
// (default: its path), for a base read from elsewhere (a git revision).
// The base, when given, is verified beside the ledger, in a thread of its
// own; the ledger's own problem is reported first.
VerifyResult verify(const std::filesystem::path& path, const std::optional<std::filesystem::path>& base = {},
                    const std::string& base_label = {}, Depth depth = Depth::quick);
// verify() with a base that this process has already verified at this
// depth (verify_git.cpp meets each committed version twice: as a version,
// then as the base of the next): only that each of its events is still
// there is checked, not the base itself again.
VerifyResult verify_extending(const std::filesystem::path& path, const std::filesystem::path& checked_base,
                              const std::string& base_label, Depth depth = Depth::quick);
// For the ledger at path, which this process has just verified (own: that
// result): whether it holds every event of base, verified too unless
// base_checked. Returns own, or the problem found. verify --since-rev's last
// step: the working file, verified first on its own, against HEAD's version.
VerifyResult verify_holds(const std::filesystem::path& path, const VerifyResult& own, const std::filesystem::path& base,
                          const std::string& base_label, Depth depth, bool base_checked);

// verify() at the default depth, handing on_record every event it accepts,
// in seq order, as it reads them: for a caller that needs the events too
// (validate and report replay them), one read of the ledger instead of two.
// A failed verification may come after some records were handed on: the
// caller then discards what it built from them. It computes no print of
// the rows (rows_print and rows_print_state are empty): only verify()'s
// result marks a ledger.
using OnRecord = std::function<void(const RecordView&)>;
VerifyResult verify_each(const std::filesystem::path& path, const OnRecord& on_record);

}  // namespace interlink::ledger
