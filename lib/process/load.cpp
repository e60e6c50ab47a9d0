// See load.hpp. The derived cache: .interlink/cache/state.msgpack holds the
// state replayed up to some event, with the key it was computed for (the
// ledger's root hash, its heads and its newest seq). It is never tracked
// (.interlink/ is git-ignored), never trusted beyond its key, and rebuilt
// whenever it does not match:
//   - key equal: the state as cached;
//   - the ledger grew by a chain of events whose first names the cached
//     heads (what every command appends): the cached state plus those events;
//   - anything else (a merge, another branch checked out, a damaged cache):
//     a full replay.
#include "process/load.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include <nlohmann/json.hpp>

#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::process {

// nlohmann's serializers for the state, field by field.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Evidence, path, size, sha256, url)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Iteration, number, started, completed, forced_start, forced_complete)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PhaseState, id, status, iteration, iterations)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TaskState, id, phase, status, iteration, started, finished, actor, note, reason,
                                   evidence, addresses, event)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Feedback, hash, time, actor, from, phase, iteration, type, text, tags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Decision, hash, time, actor, title, phase, iteration, votes_for, votes_against,
                                   votes_abstain, eligible, needed, rule, threshold, quorum, outcome, addresses, review,
                                   note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UnmetCondition, condition, have, need)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Override, hash, time, actor, phase, transition, iteration, unmet, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StakeholderRecord, id, status, consent, joined)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Conflict, subject, first, second, first_kind, second_kind)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(State, phases, tasks, feedback, decisions, overrides, stakeholders, conflicts,
                                   events, last_time)

namespace {

namespace stdfs = std::filesystem;
using ledger::Json;

constexpr int kCacheVersion = 1;

struct Key {
  std::string root;
  std::vector<std::string> heads;
  long long seq = 0;
};

stdfs::path cache_file(const stdfs::path& root) { return root / ".interlink" / "cache" / "state.msgpack"; }

// A folder we may write in: a real folder, not a symlink (a crafted project
// must not make the cache land elsewhere). Created 0700 when missing.
bool safe_folder(const stdfs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::pair<Key, State>> read_cache(const stdfs::path& root) {
  try {
    struct stat st {};
    const stdfs::path f = cache_file(root);
    if (::lstat(f.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    auto bytes = fs::read_file(f, 1u << 30);
    Json j = Json::from_msgpack(bytes, true, false);
    if (j.is_discarded() || j.value("version", 0) != kCacheVersion) return std::nullopt;
    Key k{j.at("root").get<std::string>(), j.at("heads").get<std::vector<std::string>>(), j.at("seq").get<long long>()};
    return std::make_pair(k, j.at("state").get<State>());
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is rebuilt
    return std::nullopt;
  }
}

void write_cache(const stdfs::path& root, const Key& k, const State& s) {
  try {
    const stdfs::path dir = root / ".interlink";
    bool fresh = !stdfs::exists(stdfs::symlink_status(dir));
    if (!safe_folder(dir)) return;
    if (fresh)
      fs::write_file_atomic(dir / ".gitignore", "# Written by interlink: personal data never goes into git.\n*\n");
    if (!safe_folder(dir / "cache")) return;
    Json j = {{"version", kCacheVersion}, {"root", k.root}, {"heads", k.heads}, {"seq", k.seq}, {"state", s}};
    auto bytes = Json::to_msgpack(j);
    fs::write_file_atomic(cache_file(root),
                          std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

// True if the events after `seq` are one chain starting from `heads`.
bool extends_chain(const ledger::Ledger& led, long long seq, const std::vector<std::string>& heads) {
  if (heads.size() != 1) return false;
  std::string prev = heads.front();
  bool ok = true;
  led.scan({.after_seq = seq}, [&](const ledger::Record& r) {
    if (!ok) return;
    ok = r.parents == "[\"" + prev + "\"]";
    prev = r.hash;
  });
  return ok;
}

}  // namespace

State load_state(project::Handle& h, bool may_write_cache) { return load_state(h.ledger(), h.root(), may_write_cache); }

State load_state(const ledger::Ledger& led, const std::filesystem::path& root, bool may_write_cache) {
  Key now{led.root_hash(), led.heads(), led.last_seq()};
  State s;
  bool computed = false;
  if (auto cached = read_cache(root); cached && cached->first.root == now.root) {
    const Key& was = cached->first;
    if (was.seq == now.seq && was.heads == now.heads) {
      assign_ids(cached->second);  // ids are derived, not cached
      return std::move(cached->second);
    }
    if (was.seq < now.seq && now.heads.size() == 1 && extends_chain(led, was.seq, was.heads)) {
      s = std::move(cached->second);
      replay_into(s, led, was.seq);
      computed = true;
    }
  }
  if (!computed) s = replay(led);
  if (may_write_cache) write_cache(root, now, s);
  return s;
}

}  // namespace interlink::process
