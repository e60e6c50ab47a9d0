// Traceability, "you said, we did" (SPEC §4): for each feedback item, the
// tasks done and the decisions approved that name it in --addresses. An item
// nothing answers is open.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "process/state.hpp"

namespace interlink::process {

struct Answer {
  std::string kind;   // task | decision
  std::string id;     // task id, or decision id (dc-…)
  std::string title;  // task id again, or the decision's title
  std::string time, actor;
  std::string outcome;  // done, or the decision's outcome
};

struct TraceItem {
  const Feedback* feedback = nullptr;
  std::vector<Answer> answers;  // tasks done and decisions approved, oldest first
  std::vector<Answer> pending;  // decisions that named it but were not approved, oldest first
  [[nodiscard]] bool open() const { return answers.empty(); }
};

// One item per feedback item, in the order they were recorded.
std::vector<TraceItem> trace(const State& state);

// What status needs of the items (state.hpp): from trace() of a state that
// holds its items and their ids.
ItemSummary summarize(const State& state);
// The same from trace(state), computed once for both (the state cache
// writes the summary and the digest together).
ItemSummary summarize(const State& state, const std::vector<TraceItem>& traced);

// How many items a report lists in html and md (report/model.hpp): past
// this, a table nobody reads on a phone and a page of hundreds of
// megabytes; csv and json list every item.
inline constexpr std::size_t kTraceListed = 1000;

struct TracedItem {
  Feedback feedback;            // with its id
  std::vector<Answer> answers;  // as in TraceItem; empty: open
};

// What a report shows of the feedback items and decisions, in a size that
// grows with the senders, phases and decisions but not with the items
// (report/model.cpp): the counts it draws and
// the items it lists. Computed from a state that holds its items and their
// ids; the state cache keeps it beside them (report.pack), so that a report
// of a ledger verify checked reads no item (issue 10: 989,047 items on the
// 1m bench project).
struct TraceDigest {
  long feedback = 0, open = 0;
  // Items per (sender's stakeholder id, phase id), sorted: the report's
  // counts by sector and phase and who has been heard, once the senders'
  // sectors are read from their files.
  std::vector<std::tuple<std::string, std::string, long>> by_from_phase;
  std::map<std::string, long> by_type;
  std::vector<Decision> decisions;  // every one, ids assigned, in replay order
  // The items listed, in the order recorded: all of them when there are at
  // most kTraceListed; else every answered item (the oldest kTraceListed at
  // most) and then the most recent open ones, kTraceListed in all.
  std::vector<TracedItem> listed;
};

TraceDigest digest_trace(const State& state);
TraceDigest digest_trace(const State& state, const std::vector<TraceItem>& traced);

// True if a reference as recorded in --addresses ("fb-3a9c…") names the
// feedback item whose event hash is given.
bool names_feedback(const std::string& reference, const std::string& hash);
// True if any of the references names it.
bool names_any(const std::vector<std::string>& references, const std::string& hash);

// The answers of one item (its event hash), as trace() lists them, from the
// done tasks of s and the given decisions: for a caller that holds the
// decisions apart from s (a trace digest's: process/answer_step.hpp).
std::vector<Answer> answers_to(const State& s, const std::vector<Decision>& decisions, const std::string& hash);
// Its pending decisions (TraceItem::pending) among the given ones.
std::vector<Answer> pending_of(const std::vector<Decision>& decisions, const std::string& hash);

}  // namespace interlink::process
