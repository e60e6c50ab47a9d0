// See summary_step.hpp.
#include "process/summary_step.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "ledger/kinds.hpp"
#include "process/answer_step.hpp"
#include "process/ids.hpp"
#include "process/trace.hpp"

namespace interlink::process {

namespace {

namespace kinds = ledger::kinds;

bool same(const TaskAnswer& a, const TaskAnswer& b) {
  return std::tie(a.iteration, a.finished, a.actor, a.addresses) ==
         std::tie(b.iteration, b.finished, b.actor, b.addresses);
}

std::size_t common_prefix(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

// What a task move did to the items' answers, told from the task's answers
// (TaskState::answers) before and after it.
enum class TaskStep {
  nothing,        // the same answers: a start, a skip, a done naming nothing, a
                  // reopen of a task whose current iteration named nothing
  answers,        // one answer more: the task is done now, naming items
  answers_again,  // the same, for a task that answered items in earlier
                  // iterations (which stay as they were)
  refused,        // an answer changed or went: items may be open again
};

TaskStep step_task(State& s, const ledger::Event& e) {
  auto it = s.tasks.find(e.subject);
  const std::vector<TaskAnswer> before = it != s.tasks.end() ? it->second.answers() : std::vector<TaskAnswer>{};
  apply(s, e);
  const std::vector<TaskAnswer> after = s.tasks.at(e.subject).answers();
  // Tasks with earlier iterations' answers (every task of a project run for
  // years) used to be refused whatever they did: `task done` with no
  // reference, then `status`, read all 989,047 items of the 1m bench
  // project again (6-10 s; issue 10).
  if (after.size() < before.size() || !std::equal(before.begin(), before.end(), after.begin(), same)) {
    return TaskStep::refused;
  }
  if (after.size() == before.size()) return TaskStep::nothing;
  if (after.size() != before.size() + 1) return TaskStep::refused;
  return before.empty() ? TaskStep::answers : TaskStep::answers_again;
}

// The items named by an answer recorded by e: nullopt if they cannot be
// told from the hash index (answer_step.hpp).
std::optional<std::vector<ledger::Record>> named_by(const std::vector<std::string>& refs, const ledger::Event& e,
                                                    const ledger::Ledger& led) {
  auto self = led.record_of(e.hash);
  if (!self) return std::nullopt;
  return answer_step::named_items(refs, led, self->seq);
}

// The summary's open counts after an answer to these items, which were open
// unless a done task other than *except_task (the answering task; null for a
// decision) or an approved reference already named them.
bool answer_in_summary(ItemSummary& sum, const State& s, const std::vector<std::string>& approved,
                       const std::vector<ledger::Record>& items, const std::string* except_task) {
  for (const auto& item : items) {
    if (answer_step::answered(s, approved, item.hash, except_task)) continue;
    auto from = sum.open_by_from.find(item.subject);
    if (sum.open <= 0 || from == sum.open_by_from.end() || from->second <= 0) return false;
    --sum.open;
    if (--from->second == 0) sum.open_by_from.erase(from);
  }
  return true;
}

// Applies a feedback event and takes its item out of s; nullopt if s keeps
// no item (a state replaying a digest) or if an approved decision or a done
// task already names it (it would not be open).
std::optional<Feedback> step_item(State& s, const std::vector<std::string>& approved, const ledger::Event& e) {
  apply(s, e);
  if (s.feedback.empty()) return std::nullopt;
  Feedback f = std::move(s.feedback.back());
  s.feedback.pop_back();
  if (answer_step::answered(s, approved, f.hash, nullptr)) return std::nullopt;
  return f;
}

// Applies a decision event and takes its decision out of s; nullopt if s
// keeps none.
std::optional<Decision> step_decision(State& s, const ledger::Event& e) {
  apply(s, e);
  if (s.decisions.empty()) return std::nullopt;
  Decision d = std::move(s.decisions.back());
  s.decisions.pop_back();
  return d;
}

bool answers(const Decision& d) { return d.outcome == "approved" && !d.addresses.empty(); }

// A new open item in the digest, listed as digest_trace() lists items.
void add_open_item(TraceDigest& d, Feedback f) {
  ++d.feedback;
  ++d.open;
  auto cell =
      std::lower_bound(d.by_from_phase.begin(), d.by_from_phase.end(), std::tie(f.from, f.phase),
                       [](const auto& c, const auto& key) { return std::tie(std::get<0>(c), std::get<1>(c)) < key; });
  if (cell != d.by_from_phase.end() && std::get<0>(*cell) == f.from && std::get<1>(*cell) == f.phase) {
    ++std::get<2>(*cell);
  } else {
    d.by_from_phase.emplace(cell, f.from, f.phase, 1);
  }
  ++d.by_type[f.type];
  if (static_cast<std::size_t>(d.feedback) > kTraceListed) {
    // Full: answered items first, then the most recent open ones. The new
    // item is the most recent; the oldest open one listed makes room, and
    // if none is listed (kTraceListed answered ones), there is no room.
    auto oldest_open =
        std::find_if(d.listed.begin(), d.listed.end(), [](const TracedItem& t) { return t.answers.empty(); });
    if (oldest_open == d.listed.end()) return;
    d.listed.erase(oldest_open);
  }
  d.listed.push_back({std::move(f), {}});
}

}  // namespace

std::vector<std::string> approved_refs(const State& s) { return approved_refs(s.decisions); }

std::vector<std::string> approved_refs(const std::vector<Decision>& decisions) {
  std::vector<std::string> refs;
  for (const auto& d : decisions) {
    if (d.outcome == "approved") refs.insert(refs.end(), d.addresses.begin(), d.addresses.end());
  }
  return refs;
}

bool step_summary(State& s, ItemSummary& sum, std::vector<std::string>& approved, const ledger::Event& e,
                  const ledger::Ledger& led) {
  const std::string& k = e.kind;
  if (k.rfind("phase.", 0) == 0) return false;
  if (kinds::is_task_move(k)) {
    const TaskStep step = step_task(s, e);
    if (step != TaskStep::answers && step != TaskStep::answers_again) return step == TaskStep::nothing;
    // answer_step::answered() counts the task's earlier answers, leaving out only this move.
    auto items = named_by(s.tasks.at(e.subject).addresses, e, led);
    return items && answer_in_summary(sum, s, approved, *items, &e.subject);
  }
  if (k == kinds::feedback_recorded) {
    auto item = step_item(s, approved, e);
    if (!item) return false;
    const Feedback& f = *item;
    ++sum.open;
    ++sum.open_by_from[f.from];
    auto ph = s.phases.find(f.phase);
    if (ph != s.phases.end() && ph->second.status == "active" && ph->second.iteration == f.iteration) {
      sum.heard.insert(f.from);
    }
    return true;
  }
  if (k == kinds::decision_recorded) {
    auto d = step_decision(s, e);
    if (!d || !d->review.empty()) return false;  // one more to review
    for (const auto& r : sum.reviewable) {       // their ids would grow
      if (common_prefix(r.hash, d->hash) >= kShortIdDigits) return false;
    }
    if (!answers(*d)) return true;
    auto items = named_by(d->addresses, e, led);
    if (!items || !answer_in_summary(sum, s, approved, *items, nullptr)) return false;
    approved.insert(approved.end(), d->addresses.begin(), d->addresses.end());
    return true;
  }
  // Stakeholders, consent, overrides, kinds this build does not know: no
  // item, answer or phase changes.
  apply(s, e);
  return true;
}

bool step_digest(State& s, TraceDigest& d, std::vector<std::string>& approved, const ledger::Event& e,
                 const ledger::Ledger& led) {
  const std::string& k = e.kind;
  if (kinds::is_task_move(k)) {
    const TaskStep step = step_task(s, e);
    // answer_in_digest() tells an item open before from its answers after, all
    // this task's: an item an earlier iteration of the task answered would
    // look open. Left to the full path.
    if (step != TaskStep::answers) return step == TaskStep::nothing;
    auto items = named_by(s.tasks.at(e.subject).addresses, e, led);
    return items && answer_step::answer_in_digest(d, s, *items, "task", e.subject, led);
  }
  if (k == kinds::feedback_recorded) {
    auto item = step_item(s, approved, e);
    // Its id is its first kShortIdDigits digits, and no other item's id
    // changes, unless another item shares them (the hash index answers:
    // this item and at most one more).
    if (!item || item->hash.size() < kShortIdDigits) return false;
    const std::string prefix = item->hash.substr(0, kShortIdDigits);
    if (led.hashes_with_prefix(kinds::feedback_recorded, prefix, 2).size() != 1) return false;
    item->id = "fb-" + prefix;
    add_open_item(d, std::move(*item));
    return true;
  }
  if (k == kinds::decision_recorded) {
    auto dec = step_decision(s, e);
    if (!dec || dec->hash.size() < kShortIdDigits) return false;
    for (const auto& other : d.decisions) {  // ids of decisions grow as items' do
      if (common_prefix(other.hash, dec->hash) >= kShortIdDigits) return false;
    }
    dec->id = "dc-" + dec->hash.substr(0, kShortIdDigits);
    const bool answering = answers(*dec);
    const std::string id = dec->id;
    std::vector<std::string> refs = dec->addresses;
    d.decisions.push_back(std::move(*dec));
    if (!answering) return true;
    auto items = named_by(refs, e, led);
    if (!items || !answer_step::answer_in_digest(d, s, *items, "decision", id, led)) return false;
    approved.insert(approved.end(), refs.begin(), refs.end());
    return true;
  }
  // Phases, stakeholders, consent, overrides, kinds this build does not
  // know: no item or answer changes.
  apply(s, e);
  return true;
}

}  // namespace interlink::process
