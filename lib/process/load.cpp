// See load.hpp. The derived cache, in two files under .interlink/cache/:
//   state.msgpack  the state replayed up to some event, without its feedback
//                  items and decisions (small: what Detail::core reads);
//   items.msgpack  those items (the bulk of a large project).
// Each holds the key it was computed for (the ledger's root hash, its heads
// and its newest seq); both are written together with the same key, so a
// full load uses them only when their keys agree. The cache is never tracked
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
#include <map>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::process {

// nlohmann's serializers for the state, field by field; a field missing from
// the file reads as its default (the core file has no items).
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
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Conflict, subject, first, second, first_kind, second_kind)
// The stakeholders are not in the list: see pack_stakeholders.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(State, phases, tasks, feedback, decisions, feedback_counts,
                                                approved_counts, feedback_total, decisions_total, overrides, conflicts,
                                                events, last_time)

namespace {

namespace stdfs = std::filesystem;
using ledger::Json;

// 2: the items in a file of their own, counts per phase iteration, the
// stakeholders packed.
constexpr int kCacheVersion = 2;

struct Key {
  std::string root;
  std::vector<std::string> heads;
  long long seq = 0;
  bool operator==(const Key&) const = default;
};

stdfs::path cache_dir(const stdfs::path& root) { return root / ".interlink" / "cache"; }
stdfs::path core_file(const stdfs::path& root) { return cache_dir(root) / "state.msgpack"; }
stdfs::path items_file(const stdfs::path& root) { return cache_dir(root) / "items.msgpack"; }

// The stakeholders' records as one string: every field as its length in
// decimal, ':', then its bytes. A large project has tens of thousands and
// every write reads them; as msgpack objects they cost three quarters of a
// write's time on 10,000 stakeholders (callgrind), as one string nothing.
std::string pack_stakeholders(const std::map<std::string, StakeholderRecord>& records) {
  std::string out;
  for (const auto& [id, r] : records)
    for (const std::string* f : {&id, &r.status, &r.consent, &r.joined}) out += std::to_string(f->size()) + ":" + *f;
  return out;
}

// Throws std::runtime_error on a malformed pack (the cache is then rebuilt).
std::map<std::string, StakeholderRecord> unpack_stakeholders(std::string_view in) {
  auto field = [&in]() {
    std::size_t colon = in.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 9) throw std::runtime_error("bad stakeholder pack");
    std::size_t n = 0;
    for (char c : in.substr(0, colon)) {
      if (c < '0' || c > '9') throw std::runtime_error("bad stakeholder pack");
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n > in.size() - colon - 1) throw std::runtime_error("bad stakeholder pack");
    std::string value(in.substr(colon + 1, n));
    in.remove_prefix(colon + 1 + n);
    return value;
  };
  std::map<std::string, StakeholderRecord> out;
  while (!in.empty()) {
    StakeholderRecord r;
    r.id = field();
    r.status = field();
    r.consent = field();
    r.joined = field();
    auto id = r.id;
    out.emplace_hint(out.end(), std::move(id), std::move(r));
  }
  return out;
}

// A folder we may write in: a real folder, not a symlink (a crafted project
// must not make the cache land elsewhere). Created 0700 when missing.
bool safe_folder(const stdfs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// One cache file: its key and its body (the "state" or the "items" object),
// or nullopt if it is missing, not a regular file, damaged or of another
// version.
std::optional<std::pair<Key, Json>> read_file(const stdfs::path& f, const char* body) {
  try {
    struct stat st {};
    if (::lstat(f.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    auto bytes = fs::read_file(f, 1u << 30);
    Json j = Json::from_msgpack(bytes, true, false);
    if (j.is_discarded() || !j.is_object() || j.value("version", 0) != kCacheVersion) return std::nullopt;
    Key k{j.at("root").get<std::string>(), j.at("heads").get<std::vector<std::string>>(), j.at("seq").get<long long>()};
    return std::make_pair(std::move(k), std::move(j.at(body)));
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is rebuilt
    return std::nullopt;
  }
}

std::optional<std::pair<Key, State>> read_cache(const stdfs::path& root, Detail detail) {
  try {
    auto core = read_file(core_file(root), "state");
    if (!core) return std::nullopt;
    State s = core->second.get<State>();
    s.stakeholders = unpack_stakeholders(core->second.at("stakeholders").get_ref<const std::string&>());
    s.items = false;
    if (detail == Detail::full) {
      auto items = read_file(items_file(root), "items");
      if (!items || !(items->first == core->first)) return std::nullopt;
      s.feedback = items->second.at("feedback").get<std::vector<Feedback>>();
      s.decisions = items->second.at("decisions").get<std::vector<Decision>>();
      s.items = true;
    }
    return std::make_pair(std::move(core->first), std::move(s));
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is rebuilt
    return std::nullopt;
  }
}

void write_file(const stdfs::path& f, const Key& k, const char* body, Json value) {
  Json j = {{"version", kCacheVersion}, {"root", k.root}, {"heads", k.heads}, {"seq", k.seq}, {body, std::move(value)}};
  auto bytes = Json::to_msgpack(j);
  fs::write_file_atomic(f, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// Writes both files for a state that holds its items.
void write_cache(const stdfs::path& root, const Key& k, const State& s) {
  try {
    const stdfs::path dir = root / ".interlink";
    bool fresh = !stdfs::exists(stdfs::symlink_status(dir));
    if (!safe_folder(dir)) return;
    if (fresh)
      fs::write_file_atomic(dir / ".gitignore", "# Written by interlink: personal data never goes into git.\n*\n");
    if (!safe_folder(cache_dir(root))) return;
    Json core = s;
    Json items = {{"feedback", std::move(core.at("feedback"))}, {"decisions", std::move(core.at("decisions"))}};
    core.erase("feedback");
    core.erase("decisions");
    core["stakeholders"] = pack_stakeholders(s.stakeholders);
    write_file(items_file(root), k, "items", std::move(items));
    write_file(core_file(root), k, "state", std::move(core));
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

// A core state holds no items, not even those of the events just replayed.
State& drop_items(State& s, Detail detail) {
  if (detail == Detail::core) {
    s.feedback.clear();
    s.decisions.clear();
    s.items = false;
  }
  return s;
}

}  // namespace

State load_state(project::Handle& h, bool may_write_cache, Detail detail) {
  return load_state(h.ledger(), h.root(), may_write_cache, detail);
}

State load_state(const ledger::Ledger& led, const std::filesystem::path& root, bool may_write_cache, Detail detail) {
  Key now{led.root_hash(), led.heads(), led.last_seq()};
  State s;
  bool computed = false;
  if (auto cached = read_cache(root, detail); cached && cached->first.root == now.root) {
    const Key& was = cached->first;
    if (was.seq == now.seq && was.heads == now.heads) {
      if (detail == Detail::full) assign_ids(cached->second);  // ids are derived, not cached
      return std::move(cached->second);
    }
    if (was.seq < now.seq && now.heads.size() == 1 && extends_chain(led, was.seq, was.heads)) {
      s = std::move(cached->second);
      replay_into(s, led, was.seq);
      s.items = detail == Detail::full;
      computed = true;
    }
  }
  if (!computed) s = replay(led);
  // Only a state with its items is written: the two files always agree.
  if (may_write_cache && s.items) write_cache(root, now, s);
  return std::move(drop_items(s, detail));
}

}  // namespace interlink::process
