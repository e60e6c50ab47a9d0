// The state of a process, derived from the ledger by replaying its events
// (SPEC §4: the plan says what should happen, the ledger what did; nothing
// else stores state). apply() is the one place that folds an event into the
// state; replay() runs it over a ledger in its canonical order, so that a
// ledger merged from two branches gives the same state whichever side was
// merged into which.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ledger/event.hpp"
#include "ledger/row_print.hpp"
#include "ledger/verify.hpp"
#include "process/records.hpp"

namespace interlink::ledger {
class Ledger;
}

namespace interlink::process {

// One piece of evidence of a task: a file inside the project (path relative to
// the project root, its size and SHA-256 when recorded) or a URL.
struct Evidence {
  std::string path;    // "" for a URL
  long long size = 0;  // bytes, for a file
  std::string sha256;  // lowercase hex, for a file
  std::string url;     // "" for a file
};

// One iteration of a phase: started (and maybe completed) at these times.
struct Iteration {
  int number = 1;
  std::string started;    // ISO time of phase.started / phase.reopened
  std::string completed;  // ISO time of phase.completed, "" while active
  bool forced_start = false;
  bool forced_complete = false;
};

struct PhaseState {
  std::string id;
  std::string status = "pending";  // pending | active | done
  int iteration = 0;               // 0 while pending; 1, 2, … after
  std::vector<Iteration> iterations;
  // Planned/actual helpers: first start, last completion ("" if none).
  [[nodiscard]] std::string first_started() const;
  [[nodiscard]] std::string last_completed() const;
  // True if its current (or last) iteration was started or completed by
  // force (run-phase --force): what status and the reports mark as forced.
  [[nodiscard]] bool forced() const {
    return !iterations.empty() && (iterations.back().forced_start || iterations.back().forced_complete);
  }
};

// A task.done that named feedback items ("you said, we did"): one answer of
// the task to each item it names (trace.hpp).
struct TaskAnswer {
  int iteration = 1;                   // the phase iteration of the done
  std::string finished, actor;         // when and by whom it was done
  std::vector<std::string> addresses;  // feedback ids ("fb-…") it answers
};

struct TaskState {
  std::string id;
  std::string phase;               // the phase the task belonged to when it moved
  std::string status = "pending";  // pending | active | done | skipped
  int iteration = 0;               // the phase iteration of its last move
  std::string started, finished;   // ISO times of the last start and done/skip
  std::string actor;               // who made the last move
  std::string note, reason;
  std::vector<Evidence> evidence;      // of the last task.done
  std::vector<std::string> addresses;  // feedback ids ("fb-…") it answers
  std::string event;                   // hash of the last move
  // The answers of its done moves in earlier iterations of its phase. Tasks
  // count per iteration: a move of a later iteration (a reopen too) undoes
  // only what its own iteration did, so an earlier iteration's answers stay.
  std::vector<TaskAnswer> earlier_answers;

  // The one place that says what a task answers: earlier_answers, then its
  // last move if it is a done that named items. trace(), the summary and
  // digest steps and everything drawn from them read it.
  [[nodiscard]] std::vector<TaskAnswer> answers() const;
  [[nodiscard]] bool answers_any() const {
    return !earlier_answers.empty() || (status == "done" && !addresses.empty());
  }
};

struct Feedback {
  std::string id;    // "fb-" + short hash (ids grow when prefixes collide: see ids())
  std::string hash;  // of its feedback.recorded event
  std::string time, actor;
  std::string from;   // stakeholder id
  std::string phase;  // phase id
  int iteration = 1;
  std::string type;  // requirement | idea | concern | question | praise
  std::string text;
  std::vector<std::string> tags;
};

struct Decision {
  std::string id;  // "dc-" + short hash
  std::string hash;
  std::string time, actor;
  std::string title;
  std::string phase;
  int iteration = 1;
  // 0 to kMaxVotes (decision.hpp) each: a recorded count outside it, or not
  // an integer, reads as 0 (validate reports the event).
  int votes_for = 0, votes_against = 0, votes_abstain = 0, eligible = 0;
  int needed = 0;         // votes cast needed for the quorum
  std::string rule;       // majority | supermajority | consensus | consent
  std::string threshold;  // supermajority share as recorded ("2/3"), "" otherwise
  std::string quorum;     // share of eligible voters needed, as recorded ("0.5")
  std::string outcome;    // approved | rejected | no-quorum
  std::vector<std::string> addresses;
  std::string review;  // YYYY-MM-DD or ""
  std::string note;
};

// What `status` needs of the feedback items and decisions, in a size that
// does not grow with them (summarize() in process/trace.hpp computes it from
// a state that holds its items). The state cache keeps it beside the items,
// so that status reads neither (process/load.hpp's Detail::summary).
struct ItemSummary {
  long open = 0;                             // items nothing answers (trace.hpp)
  std::map<std::string, long> open_by_from;  // those, by the id of the stakeholder who said it
  // Stakeholders who gave feedback in the current iteration of an active phase.
  std::set<std::string> heard;
  std::vector<Decision> reviewable;  // decisions with a review date, in replay order, ids assigned
};

// What validate needs of the feedback items and decisions
// (validate/process_checks.cpp): the phases they were recorded for, and for
// each stakeholder who gave feedback the event of their first item, each
// once and in the order the items first name them (the order of the full
// replay's items, so that findings come in the same order either way). A
// few hundred strings, where the 989,047 items of the 1m benchmark project
// held ~650 MB through validate (issue 10).
struct ItemDigest {
  std::vector<std::string> feedback_phases, decision_phases;
  std::vector<std::pair<std::string, std::string>> first_from;  // (stakeholder id, hash of their first item)

  void add_feedback(const std::string& phase, const std::string& from, const std::string& hash);
  void add_decision(const std::string& phase);
  // Rebuilds the lookups from the lists (a digest read from the cache, to
  // which a replay then adds).
  void reindex();

 private:
  // Lookups for the lists: hashed, as apply() asks for every item (a
  // std::map's string compares were 13% of validate on the 1m project).
  std::unordered_set<std::string> feedback_phase_seen_, decision_phase_seen_, from_seen_;
};

// What validate checks of the events themselves, beyond the state
// (validate.cpp's consistency rules): whether the ledger says each
// stakeholder is present (added and not removed since; an erasure changes
// nothing), the phases and tasks that phase.* and task.* events name, each
// once and in the order first named, and the kinds this version does not
// know. note() is the one place that folds an event in: validate calls it on
// each event it verifies; apply() calls it when State::refs is engaged, so
// that the state cache can keep it for validate (process/load.hpp's
// load_digested).
struct LedgerRefs {
  std::map<std::string, bool, std::less<>> stakeholders;  // id -> present
  std::vector<std::pair<bool, std::string>> plan_refs;    // (a phase?, id)
  std::set<std::string, std::less<>> unknown_kinds;

  void note(std::string_view kind, std::string_view subject);
  // Rebuilds the lookups from plan_refs (refs read from the cache).
  void reindex();

 private:
  std::set<std::string, std::less<>> phase_seen_, task_seen_;
};

// A gate condition that did not hold when a transition was forced.
struct UnmetCondition {
  std::string condition;         // e.g. "feedback", "sector public", "consent"
  long long have = 0, need = 0;  // numbers, as gate.overridden records them
};

struct Override {
  std::string hash, time, actor;
  std::string phase;
  std::string transition;  // start | complete
  int iteration = 1;
  std::vector<UnmetCondition> unmet;
  std::string reason;
};

// Two transitions of one phase or task made on two branches that neither
// branch saw: validate reports them (conflicting-transition).
struct Conflict {
  std::string subject;        // phase or task id; a stakeholder's when both kinds are stakeholder.added
  std::string first, second;  // the two events' hashes; `second` won the replay
  std::string first_kind, second_kind;
};

// A (phase id, iteration) pair: the key of the counts below.
using PhaseIteration = std::pair<std::string, int>;

struct State {
  std::map<std::string, PhaseState> phases;  // by id; phases never moved are absent
  std::map<std::string, TaskState> tasks;    // by id; tasks never moved are absent
  // Every feedback item and decision, in replay order: the bulk of a large
  // project's state. Empty when `items` is false (load_state(..., Detail::core)).
  std::vector<Feedback> feedback;
  std::vector<Decision> decisions;
  // Kept by apply() whether or not the items are: what gates and writes need
  // of the items, so that neither holds a million of them.
  std::map<PhaseIteration, long> feedback_counts;  // feedback items per phase iteration
  std::map<PhaseIteration, long> approved_counts;  // approved decisions per phase iteration
  long feedback_total = 0, decisions_total = 0;
  bool items = true;  // false: `feedback` and `decisions` were not loaded
  // False during a replay that keeps the counts of the items but not the
  // items themselves (replay_into's keep_items: a core load's); true again
  // once it is done.
  bool keep_items = true;
  // Engaged before a replay (verify_and_replay's Items::digest): apply()
  // keeps this digest of the items instead of the items themselves, and the
  // counts above as always; `feedback` and `decisions` stay empty.
  std::optional<ItemDigest> digest;
  // Engaged before a replay that the state cache will keep (load_state):
  // apply() folds every event into it. Dropped by a replay that is not one
  // chain, whose canonical order is not the order validate names things in.
  std::optional<LedgerRefs> refs;
  // Engaged with refs: the fingerprint of the rows the replay read
  // (ledger/row_print.hpp), which binds the cached refs and digest to the
  // bytes verify checked (validate compares it with verify's mark).
  std::optional<ledger::RowPrint> print;
  // Loaded with Detail::summary instead of the items; absent otherwise (a
  // state with its items is summarized on demand).
  std::optional<ItemSummary> summary;
  std::vector<Override> overrides;  // in replay order
  StakeholderRecords stakeholders;  // what the ledger says of each (the files say the rest)
  std::vector<Conflict> conflicts;
  long events = 0;
  std::string last_time;  // time of the newest event replayed
  // True when the ledger replayed is one chain (one head, no event of two
  // parents), so that its replay order is its insertion order (seq): what
  // reads a few events by seq and must order them as the replay does needs
  // to know (trace_one.hpp). False for a merged ledger, replayed in its
  // canonical order, and for a state not replayed.
  bool chain = false;

  // Lookups that also accept a unique prefix of an id ("fb-3a9"), like git;
  // nullptr if none. Throws Error(refused) listing the candidates if ambiguous.
  [[nodiscard]] const Feedback* find_feedback(const std::string& id_or_prefix) const;
  [[nodiscard]] const Decision* find_decision(const std::string& id_or_prefix) const;
  // The status of a phase or task, "pending" when it never moved.
  [[nodiscard]] std::string phase_status(const std::string& id) const;
  [[nodiscard]] std::string task_status(const std::string& id) const;
  [[nodiscard]] int phase_iteration(const std::string& id) const;
  // The iteration that feedback and decisions recorded now for a phase count
  // toward (the payload's "iteration"): the current one while the phase is
  // active, else the next one — 1 for a phase never started, N+1 for a phase
  // done in iteration N, so that they can meet the entry gate of its reopening.
  [[nodiscard]] int recording_iteration(const std::string& id) const;
};

// Folds one event into the state. Events of unknown kinds are ignored (a
// newer interlink may write more); every kind's payload is read leniently, so
// that a hand-made but verified ledger never makes the replay fail.
void apply(State& state, const ledger::Event& event);
// The item or decision a feedback.recorded or decision.recorded event
// records, read as apply() reads it (its id is not set: see assign_ids).
Feedback feedback_of(const ledger::Event& event);
Decision decision_of(const ledger::Event& event);

// Replays a ledger: in insertion order when it is one chain (the usual case),
// else in its canonical topological order (parents first, ties by time then
// hash), and records the conflicts between concurrent transitions.
State replay(const ledger::Ledger& ledger);

// Continues a replay: with after_seq > 0, applies only the events appended
// after that seq (the caller has checked that they extend the chain it
// replayed); with 0, replays the whole ledger into a fresh state.
// keep_items false: the items are counted, not kept (State::keep_items): a
// core load, which drops them, replayed the 1m bench project's 989,047
// items into 775 MB first.
void replay_into(State& state, const ledger::Ledger& ledger, long long after_seq = 0, bool keep_items = true);

// The ledger file at db_path verified (ledger::verify_each, the default
// depth) and replayed from the same read: what validate and report both
// need, one pass over the events instead of two. `also`, if given, sees every
// record verify accepts. led must be the same ledger, open for reading. When
// the ledger is not one chain (a merged ledger replays in its canonical
// order), the state comes from replay(led). When it does not verify, the
// state is replay(led) if replay_unverified (report shows what it can of a
// damaged ledger, its record section saying why it cannot be trusted), else
// empty: validate reports the verification's problem and reads no further,
// since the replay of such a ledger may throw on the row verify refused.
//
// verify holds the shared change lock for its pass, so writers wait for the
// replay too: ~7 s on the 1m project, within their 10 s busy timeout.
//
// items: keep the items (report's csv and json), only their digest
// (validate), or the items with the refs and the print the state cache
// keeps beside them (State::refs, State::print: the md and html report,
// which writes the cache from them: process/load.hpp's digest_and_cache).
// A ledger that is not one chain is replayed apart, with its items and
// without refs; either way digest_items() gives the digest.
struct VerifiedState {
  ledger::VerifyResult verify;
  State state;
  long long last_seq = 0;  // of the newest row verified: with verify's root and heads, the state cache's key
};
enum class Items { keep, digest, cache };
VerifiedState verify_and_replay(const ledger::Ledger& led, const std::filesystem::path& db_path, bool replay_unverified,
                                const ledger::OnRecord& also = {}, Items items = Items::keep);

// The digest of a state's items: the one apply() kept (a lean replay), else
// computed from the items.
ItemDigest digest_items(const State& s);

// Gives feedback items and decisions their ids: "fb-"/"dc-" and the shortest
// prefix of their hash, at least 8 digits, that no other item of the same
// kind shares.
void assign_ids(State& state);

}  // namespace interlink::process
