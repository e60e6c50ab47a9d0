// See trace.hpp.
#include "process/trace.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "process/ids.hpp"

namespace interlink::process {

bool names_feedback(const std::string& reference, const std::string& hash) {
  if (reference.size() <= 3 || reference.rfind("fb-", 0) != 0) return false;
  return hash.rfind(reference.substr(3), 0) == 0;
}

bool names_any(const std::vector<std::string>& references, const std::string& hash) {
  return std::any_of(references.begin(), references.end(),
                     [&](const std::string& r) { return names_feedback(r, hash); });
}

namespace {

// How trace() orders an item's answers, in one place for answers_to() too:
// the tasks' answers (TaskState::answers: earlier iterations' too) by
// (finished, id), each once per reference that names the item; then
// decisions in replay order; then a stable sort by time.
struct TaskAnswerOf {
  const TaskState* task;
  TaskAnswer answer;
};

std::vector<TaskAnswerOf> task_answers_in_order(const State& s) {
  std::vector<TaskAnswerOf> out;
  for (const auto& [id, t] : s.tasks) {
    if (!t.answers_any()) continue;
    for (auto& a : t.answers()) out.push_back({&t, std::move(a)});
  }
  std::stable_sort(out.begin(), out.end(), [](const TaskAnswerOf& a, const TaskAnswerOf& b) {
    return std::tie(a.answer.finished, a.task->id) < std::tie(b.answer.finished, b.task->id);
  });
  return out;
}

Answer task_answer(const TaskAnswerOf& t) {
  return {"task", t.task->id, t.task->id, t.answer.finished, t.answer.actor, "done"};
}

Answer decision_answer(const Decision& d) { return {"decision", d.id, d.title, d.time, d.actor, d.outcome}; }

void order_answers(std::vector<Answer>& answers) {
  std::stable_sort(answers.begin(), answers.end(), [](const Answer& a, const Answer& b) { return a.time < b.time; });
}

}  // namespace

std::vector<Answer> answers_to(const State& s, const std::vector<Decision>& decisions, const std::string& hash) {
  std::vector<Answer> out;
  for (const auto& t : task_answers_in_order(s)) {
    for (const auto& r : t.answer.addresses)
      if (names_feedback(r, hash)) out.push_back(task_answer(t));
  }
  for (const auto& d : decisions) {
    if (d.outcome != "approved") continue;
    for (const auto& r : d.addresses)
      if (names_feedback(r, hash)) out.push_back(decision_answer(d));
  }
  order_answers(out);
  return out;
}

std::vector<Answer> pending_of(const std::vector<Decision>& decisions, const std::string& hash) {
  std::vector<Answer> out;
  for (const auto& d : decisions) {
    if (d.outcome == "approved") continue;
    for (const auto& r : d.addresses)
      if (names_feedback(r, hash)) out.push_back(decision_answer(d));
  }
  order_answers(out);
  return out;
}

std::vector<TraceItem> trace(const State& s) {
  std::vector<TraceItem> out;
  out.reserve(s.feedback.size());
  // References are prefixes of hashes: index the items by their first 8
  // digits, as one integer in a sorted array (a hash table of strings was
  // 15% of status on 989,047 items, perf, issue 10).
  std::vector<std::pair<std::uint64_t, std::size_t>> by_prefix;
  by_prefix.reserve(s.feedback.size());
  for (const auto& f : s.feedback) {
    by_prefix.emplace_back(prefix_key(f.hash), out.size());
    out.push_back({&f, {}, {}});
  }
  std::sort(by_prefix.begin(), by_prefix.end());
  auto each_named = [&](const std::vector<std::string>& refs, const auto& fn) {
    for (const auto& r : refs) {
      if (r.size() < 3 + 8 || r.rfind("fb-", 0) != 0) {
        // Short references: compare with every item (rare: ids are recorded long).
        for (std::size_t i = 0; i < out.size(); ++i)
          if (names_feedback(r, out[i].feedback->hash)) fn(out[i]);
        continue;
      }
      const std::uint64_t key = prefix_key(std::string_view(r).substr(3, 8));
      auto it = std::lower_bound(by_prefix.begin(), by_prefix.end(), std::make_pair(key, std::size_t{0}));
      for (; it != by_prefix.end() && it->first == key; ++it)
        if (names_feedback(r, out[it->second].feedback->hash)) fn(out[it->second]);
    }
  };
  for (const auto& t : task_answers_in_order(s)) {
    each_named(t.answer.addresses, [&](TraceItem& item) { item.answers.push_back(task_answer(t)); });
  }
  for (const auto& d : s.decisions) {
    each_named(d.addresses, [&](TraceItem& item) {
      (d.outcome == "approved" ? item.answers : item.pending).push_back(decision_answer(d));
    });
  }
  for (auto& item : out) {
    order_answers(item.answers);
    order_answers(item.pending);  // oldest first too: the same in any replay order (trace_one.hpp)
  }
  return out;
}

ItemSummary summarize(const State& s) { return summarize(s, trace(s)); }

ItemSummary summarize(const State& s, const std::vector<TraceItem>& traced) {
  ItemSummary sum;
  std::map<std::string, int, std::less<>> active;  // phase id -> its current iteration
  for (const auto& [id, ph] : s.phases)
    if (ph.status == "active") active.emplace(id, ph.iteration);
  for (const auto& item : traced) {
    const Feedback& f = *item.feedback;
    if (item.open()) {
      ++sum.open;
      ++sum.open_by_from[f.from];
    }
    if (auto a = active.find(f.phase); a != active.end() && a->second == f.iteration) sum.heard.insert(f.from);
  }
  for (const auto& d : s.decisions)
    if (!d.review.empty()) sum.reviewable.push_back(d);
  return sum;
}

TraceDigest digest_trace(const State& s) { return digest_trace(s, trace(s)); }

TraceDigest digest_trace(const State& s, const std::vector<TraceItem>& items) {
  TraceDigest d;
  // Counted through hashed views of the items' own strings, then sorted
  // once: a std::map of string pairs cost status 12% more on a cache
  // miss of the 1m project (989,047 items, each a lookup of string compares).
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, long>> cells;
  std::unordered_map<std::string_view, long> types;
  for (const auto& item : items) {
    const Feedback& f = *item.feedback;
    ++cells[f.from][f.phase];
    ++types[f.type];
    if (item.open()) ++d.open;
  }
  d.feedback = static_cast<long>(items.size());
  for (const auto& [from, phases] : cells) {
    for (const auto& [phase, n] : phases) d.by_from_phase.emplace_back(std::string(from), std::string(phase), n);
  }
  std::sort(d.by_from_phase.begin(), d.by_from_phase.end());
  for (const auto& [type, n] : types) d.by_type.emplace(std::string(type), n);
  d.decisions = s.decisions;
  // Which items are listed: answered ones first, oldest first; the room
  // left goes to the most recent open ones (what the process has yet to
  // answer now). Shown in the order recorded either way.
  std::vector<bool> pick(items.size(), items.size() <= kTraceListed);
  if (items.size() > kTraceListed) {
    std::size_t room = kTraceListed;
    for (std::size_t i = 0; i < items.size() && room > 0; ++i) {
      if (!items[i].open()) {
        pick[i] = true;
        --room;
      }
    }
    for (std::size_t i = items.size(); i > 0 && room > 0; --i) {
      if (items[i - 1].open()) {
        pick[i - 1] = true;
        --room;
      }
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (pick[i]) d.listed.push_back({*items[i].feedback, items[i].answers});
  }
  return d;
}

}  // namespace interlink::process
