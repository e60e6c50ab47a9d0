// See answer_step.hpp.
#include "process/answer_step.hpp"

#include <algorithm>

#include "ledger/kinds.hpp"
#include "process/ids.hpp"

namespace interlink::process::answer_step {

namespace {

// The seq of each listed item, read from the ledger by hash.
std::optional<std::vector<long long>> listed_seqs(const TraceDigest& d, const ledger::Ledger& led) {
  std::vector<long long> seqs;
  seqs.reserve(d.listed.size());
  for (const auto& t : d.listed) {
    auto r = led.record_of(t.feedback.hash);
    if (!r) return std::nullopt;
    seqs.push_back(r->seq);
  }
  return seqs;
}

}  // namespace

std::optional<std::vector<ledger::Record>> named_items(const std::vector<std::string>& refs, const ledger::Ledger& led,
                                                       long long upto) {
  std::vector<ledger::Record> out;
  int looked_up = 0;
  for (const auto& r : refs) {
    if (r.size() <= 3 || r.rfind("fb-", 0) != 0) continue;  // names no item (names_feedback)
    // Each reference is a query here, and each item named a scan of the
    // answers (answer_in_digest): past kMaxNamed of either, a full replay,
    // whose index costs a logarithm per reference, is the cheaper way.
    if (++looked_up > kMaxNamed) return std::nullopt;
    // hashes_with_prefix answers for lowercase hex only, as names_feedback
    // matches only lowercase hashes: any other reference names nothing.
    auto hashes = led.hashes_with_prefix(ledger::kinds::feedback_recorded, r.substr(3), kMaxNamed + 1);
    if (hashes.size() > static_cast<std::size_t>(kMaxNamed)) return std::nullopt;
    for (auto& h : hashes) {
      if (std::any_of(out.begin(), out.end(), [&](const ledger::Record& n) { return n.hash == h; })) continue;
      auto rec = led.record_of(h);
      if (!rec || rec->seq > upto) return std::nullopt;
      out.push_back(std::move(*rec));
      if (out.size() > static_cast<std::size_t>(kMaxNamed)) return std::nullopt;
    }
  }
  std::sort(out.begin(), out.end(), [](const ledger::Record& a, const ledger::Record& b) { return a.seq < b.seq; });
  return out;
}

bool answered(const State& s, const std::vector<std::string>& approved, const std::string& hash,
              const std::string* except_task) {
  if (names_any(approved, hash)) return true;
  return std::any_of(s.tasks.begin(), s.tasks.end(), [&](const auto& entry) {
    const TaskState& t = entry.second;
    // Of the task left out, its earlier iterations' answers still count:
    // only its last move is the answer being applied (TaskState::answers).
    if (except_task && entry.first == *except_task) {
      return std::any_of(t.earlier_answers.begin(), t.earlier_answers.end(),
                         [&](const TaskAnswer& a) { return names_any(a.addresses, hash); });
    }
    for (const auto& a : t.answers())
      if (names_any(a.addresses, hash)) return true;
    return false;
  });
}

bool answer_in_digest(TraceDigest& d, const State& s, const std::vector<ledger::Record>& items, const std::string& kind,
                      const std::string& id, const ledger::Ledger& led) {
  std::optional<std::vector<long long>> seqs;  // of the listed items, read once when needed
  for (const auto& item : items) {
    const std::string& hash = item.hash;
    std::vector<Answer> after = answers_to(s, d.decisions, hash);
    if (after.empty()) return false;  // the answer should be among them
    const bool was_open =
        std::all_of(after.begin(), after.end(), [&](const Answer& a) { return a.kind == kind && a.id == id; });
    auto listed =
        std::find_if(d.listed.begin(), d.listed.end(), [&](const TracedItem& t) { return t.feedback.hash == hash; });
    if (was_open) --d.open;
    if (listed != d.listed.end()) {
      // Listed open, it stays listed answered: the open ones listed are still
      // the most recent, one fewer, as the answered ones are one more.
      listed->answers = std::move(after);
      continue;
    }
    if (static_cast<std::size_t>(d.feedback) <= kTraceListed) return false;  // every item should be listed
    if (!was_open) continue;  // answered already, past the oldest kTraceListed answered: still not listed
    // An open item too old to be listed, now answered: it joins the answered
    // ones listed if it is among the oldest kTraceListed of them.
    if (!seqs) {
      seqs = listed_seqs(d, led);
      if (!seqs) return false;
    }
    const long long seq = item.seq;
    std::size_t answered_listed = 0, last_answered = 0;
    for (std::size_t i = 0; i < d.listed.size(); ++i) {
      if (!d.listed[i].answers.empty()) {
        ++answered_listed;
        last_answered = i;
      }
    }
    if (answered_listed >= kTraceListed && seq > (*seqs)[last_answered]) continue;
    const std::string prefix = hash.substr(0, std::min(hash.size(), kShortIdDigits));
    if (prefix.size() < kShortIdDigits ||
        led.hashes_with_prefix(ledger::kinds::feedback_recorded, prefix, 2).size() != 1) {
      return false;  // its id would be longer, as trace's ids grow (process/ids.hpp)
    }
    State one;
    apply(one, led.parse(item));
    if (one.feedback.size() != 1) return false;
    Feedback f = std::move(one.feedback.back());
    f.id = "fb-" + prefix;
    const auto at = static_cast<std::size_t>(std::lower_bound(seqs->begin(), seqs->end(), seq) - seqs->begin());
    // Room: the oldest open item listed leaves, or, with the answered ones
    // listed full, the most recent answered one.
    std::size_t leaves = d.listed.size();
    if (answered_listed >= kTraceListed) {
      leaves = last_answered;
    } else {
      for (std::size_t i = 0; i < d.listed.size(); ++i) {
        if (d.listed[i].answers.empty()) {
          leaves = i;
          break;
        }
      }
      if (leaves == d.listed.size()) return false;  // no open item listed: not the digest trace would give
    }
    d.listed.insert(d.listed.begin() + static_cast<long>(at), {std::move(f), std::move(after)});
    seqs->insert(seqs->begin() + static_cast<long>(at), seq);
    const std::size_t gone = leaves >= at ? leaves + 1 : leaves;
    d.listed.erase(d.listed.begin() + static_cast<long>(gone));
    seqs->erase(seqs->begin() + static_cast<long>(gone));
  }
  return true;
}

}  // namespace interlink::process::answer_step
