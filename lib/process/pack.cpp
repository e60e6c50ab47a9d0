// See pack.hpp.
#include "process/pack.hpp"

#include <algorithm>
#include <stdexcept>

namespace interlink::process::pack {

namespace {

// One item, without its id (derived: see assign_ids).
void put_one(Writer& w, const Feedback& f) {
  for (const std::string* s : {&f.hash, &f.time, &f.actor, &f.from, &f.phase}) w.str(*s);
  w.num(f.iteration);
  w.str(f.type);
  w.str(f.text);
  w.strs(f.tags);
}

void get_one(Reader& r, Feedback& f) {
  for (std::string* s : {&f.hash, &f.time, &f.actor, &f.from, &f.phase}) *s = r.str();
  f.iteration = r.small();
  f.type = r.str();
  f.text = r.str();
  f.tags = r.strs();
}

}  // namespace

void put(Writer& w, const std::vector<Feedback>& items) {
  w.num(static_cast<long long>(items.size()));
  for (const auto& f : items) put_one(w, f);
}

std::size_t put_bound(const std::vector<Feedback>& items) {
  std::size_t n = Writer::str_bound(0);
  for (const auto& f : items) {
    n += f.hash.size() + f.time.size() + f.actor.size() + f.from.size() + f.phase.size() + f.type.size() +
         f.text.size() + 9 * Writer::str_bound(0);  // seven strings, the iteration, the count of tags
    for (const auto& t : f.tags) n += Writer::str_bound(t.size());
  }
  return n;
}

// Items are appended one by one, never resized to a count read: memory grows
// with the bytes actually parsed. The reservation is bounded by the bytes
// left (a real item takes well over 128: its hash alone is 64).
void get(Reader& r, std::vector<Feedback>& items) {
  items.clear();
  std::size_t n = r.count();
  items.reserve(std::min(n, r.left() / 128));
  for (std::size_t i = n; i > 0; --i) {
    get_one(r, items.emplace_back());
  }
}

void put(Writer& w, const std::vector<Decision>& items) {
  w.num(static_cast<long long>(items.size()));
  for (const auto& d : items) {
    for (const std::string* s : {&d.hash, &d.time, &d.actor, &d.title, &d.phase}) w.str(*s);
    for (int n : {d.iteration, d.votes_for, d.votes_against, d.votes_abstain, d.eligible, d.needed}) w.num(n);
    for (const std::string* s : {&d.rule, &d.threshold, &d.quorum, &d.outcome}) w.str(*s);
    w.strs(d.addresses);
    w.str(d.review);
    w.str(d.note);
  }
}

std::size_t put_bound(const std::vector<Decision>& items) {
  std::size_t n = Writer::str_bound(0);
  for (const auto& d : items) {
    n += d.hash.size() + d.time.size() + d.actor.size() + d.title.size() + d.phase.size() + d.rule.size() +
         d.threshold.size() + d.quorum.size() + d.outcome.size() + d.review.size() + d.note.size() +
         18 * Writer::str_bound(0);  // eleven strings, six numbers, the count of addresses
    for (const auto& a : d.addresses) n += Writer::str_bound(a.size());
  }
  return n;
}

void get(Reader& r, std::vector<Decision>& items) {
  items.clear();
  std::size_t n = r.count();
  items.reserve(std::min(n, r.left() / 128));
  for (std::size_t i = n; i > 0; --i) {
    Decision& d = items.emplace_back();
    for (std::string* s : {&d.hash, &d.time, &d.actor, &d.title, &d.phase}) *s = r.str();
    for (int* v : {&d.iteration, &d.votes_for, &d.votes_against, &d.votes_abstain, &d.eligible, &d.needed})
      *v = r.small();
    for (std::string* s : {&d.rule, &d.threshold, &d.quorum, &d.outcome}) *s = r.str();
    d.addresses = r.strs();
    d.review = r.str();
    d.note = r.str();
  }
}

namespace {

[[noreturn]] void damaged() { throw std::runtime_error("damaged state cache"); }

// Counts apply() kept: never negative.
long count_of(Reader& r) {
  const long long n = r.num();
  if (n < 0) damaged();
  return static_cast<long>(n);
}

void put_counts(Writer& w, const std::map<PhaseIteration, long>& counts) {
  w.num(static_cast<long long>(counts.size()));
  for (const auto& [key, n] : counts) {
    w.str(key.first);
    w.num(key.second);
    w.num(n);
  }
}

void get_counts(Reader& r, std::map<PhaseIteration, long>& counts) {
  counts.clear();
  for (std::size_t i = r.count(); i > 0; --i) {
    std::string phase = r.str();
    const int iteration = r.int32();
    counts[{std::move(phase), iteration}] = count_of(r);
  }
}

// Counts by name (a sender's id, a feedback type).
void put_counts(Writer& w, const std::map<std::string, long>& counts) {
  w.num(static_cast<long long>(counts.size()));
  for (const auto& [key, n] : counts) {
    w.str(key);
    w.num(n);
  }
}

void get_counts(Reader& r, std::map<std::string, long>& counts) {
  counts.clear();
  for (std::size_t i = r.count(); i > 0; --i) {
    std::string key = r.str();
    counts[std::move(key)] = count_of(r);
  }
}

// Decisions with their ids: those are the shortest prefixes unique among
// every decision, which a summary or digest of some of them cannot derive.
void put_with_ids(Writer& w, const std::vector<Decision>& decisions) {
  std::vector<std::string> ids;
  for (const auto& d : decisions) ids.push_back(d.id);
  w.strs(ids);
  put(w, decisions);
}

void get_with_ids(Reader& r, std::vector<Decision>& decisions) {
  const std::vector<std::string> ids = r.strs();
  get(r, decisions);
  if (ids.size() != decisions.size()) damaged();
  for (std::size_t i = 0; i < ids.size(); ++i) decisions[i].id = ids[i];
}

}  // namespace

void put(Writer& w, const ItemSummary& sum) {
  w.num(sum.open);
  put_counts(w, sum.open_by_from);
  w.num(static_cast<long long>(sum.heard.size()));
  for (const auto& from : sum.heard) w.str(from);
  put_with_ids(w, sum.reviewable);
}

void get(Reader& r, ItemSummary& sum) {
  sum = {};
  sum.open = count_of(r);
  get_counts(r, sum.open_by_from);
  for (std::size_t i = r.count(); i > 0; --i) sum.heard.insert(r.str());
  get_with_ids(r, sum.reviewable);
}

void put(Writer& w, const TraceDigest& d) {
  w.num(d.feedback);
  w.num(d.open);
  w.num(static_cast<long long>(d.by_from_phase.size()));
  for (const auto& [from, phase, n] : d.by_from_phase) {
    w.str(from);
    w.str(phase);
    w.num(n);
  }
  put_counts(w, d.by_type);
  put_with_ids(w, d.decisions);
  w.num(static_cast<long long>(d.listed.size()));
  for (const auto& item : d.listed) {
    w.str(item.feedback.id);
    put_one(w, item.feedback);
    w.num(static_cast<long long>(item.answers.size()));
    for (const auto& a : item.answers) {
      for (const std::string* s : {&a.kind, &a.id, &a.title, &a.time, &a.actor, &a.outcome}) w.str(*s);
    }
  }
}

void get(Reader& r, TraceDigest& d) {
  d = {};
  d.feedback = count_of(r);
  d.open = count_of(r);
  for (std::size_t i = r.count(); i > 0; --i) {
    std::string from = r.str();
    std::string phase = r.str();
    d.by_from_phase.emplace_back(std::move(from), std::move(phase), count_of(r));
  }
  get_counts(r, d.by_type);
  get_with_ids(r, d.decisions);
  const std::size_t n = r.count();
  if (n > kTraceListed) damaged();
  for (std::size_t i = n; i > 0; --i) {
    TracedItem& item = d.listed.emplace_back();
    item.feedback.id = r.str();
    get_one(r, item.feedback);
    for (std::size_t j = r.count(); j > 0; --j) {
      Answer& a = item.answers.emplace_back();
      for (std::string* s : {&a.kind, &a.id, &a.title, &a.time, &a.actor, &a.outcome}) *s = r.str();
    }
  }
}

void put(Writer& w, const ItemDigest& d) {
  w.strs(d.feedback_phases);
  w.strs(d.decision_phases);
  w.num(static_cast<long long>(d.first_from.size()));
  for (const auto& [from, hash] : d.first_from) {
    w.str(from);
    w.str(hash);
  }
}

void get(Reader& r, ItemDigest& d) {
  d = {};
  d.feedback_phases = r.strs();
  d.decision_phases = r.strs();
  for (std::size_t i = r.count(); i > 0; --i) {
    std::string from = r.str();
    d.first_from.emplace_back(std::move(from), r.str());
  }
  d.reindex();
}

void put(Writer& w, const LedgerRefs& refs) {
  w.num(static_cast<long long>(refs.stakeholders.size()));
  for (const auto& [id, present] : refs.stakeholders) {
    w.str(id);
    w.flag(present);
  }
  w.num(static_cast<long long>(refs.plan_refs.size()));
  for (const auto& [phase, id] : refs.plan_refs) {
    w.flag(phase);
    w.str(id);
  }
  w.strs({refs.unknown_kinds.begin(), refs.unknown_kinds.end()});
}

void get(Reader& r, LedgerRefs& refs) {
  refs = {};
  for (std::size_t i = r.count(); i > 0; --i) {
    std::string id = r.str();
    refs.stakeholders[std::move(id)] = r.flag();
  }
  for (std::size_t i = r.count(); i > 0; --i) {
    const bool phase = r.flag();
    refs.plan_refs.emplace_back(phase, r.str());
  }
  for (auto& k : r.strs()) refs.unknown_kinds.insert(std::move(k));
  refs.reindex();
}

void put_core(Writer& w, std::string& region, const State& s) {
  w.num(static_cast<long long>(s.phases.size()));
  for (const auto& [id, p] : s.phases) {
    w.str(p.id);
    w.str(p.status);
    w.num(p.iteration);
    w.num(static_cast<long long>(p.iterations.size()));
    for (const auto& it : p.iterations) {
      w.num(it.number);
      w.str(it.started);
      w.str(it.completed);
      w.flag(it.forced_start);
      w.flag(it.forced_complete);
    }
  }
  w.num(static_cast<long long>(s.tasks.size()));
  for (const auto& [id, t] : s.tasks) {
    for (const std::string* f : {&t.id, &t.phase, &t.status}) w.str(*f);
    w.num(t.iteration);
    for (const std::string* f : {&t.started, &t.finished, &t.actor, &t.note, &t.reason}) w.str(*f);
    w.num(static_cast<long long>(t.evidence.size()));
    for (const auto& e : t.evidence) {
      w.str(e.path);
      w.num(e.size);
      w.str(e.sha256);
      w.str(e.url);
    }
    w.strs(t.addresses);
    w.str(t.event);
    w.num(static_cast<long long>(t.earlier_answers.size()));
    for (const auto& a : t.earlier_answers) {
      w.num(a.iteration);
      w.str(a.finished);
      w.str(a.actor);
      w.strs(a.addresses);
    }
  }
  put_counts(w, s.feedback_counts);
  put_counts(w, s.approved_counts);
  w.num(s.feedback_total);
  w.num(s.decisions_total);
  w.num(static_cast<long long>(s.overrides.size()));
  for (const auto& o : s.overrides) {
    for (const std::string* f : {&o.hash, &o.time, &o.actor, &o.phase, &o.transition}) w.str(*f);
    w.num(o.iteration);
    w.num(static_cast<long long>(o.unmet.size()));
    for (const auto& u : o.unmet) {
      w.str(u.condition);
      w.num(u.have);
      w.num(u.need);
    }
    w.str(o.reason);
  }
  s.stakeholders.put_packed(w, region);  // read back in place by take_packed
  w.num(static_cast<long long>(s.conflicts.size()));
  for (const auto& c : s.conflicts)
    for (const std::string* f : {&c.subject, &c.first, &c.second, &c.first_kind, &c.second_kind}) w.str(*f);
  w.num(s.events);
  w.str(s.last_time);
  w.flag(s.chain);
}

void get_core(Reader& r, std::string_view region, State& s, const std::shared_ptr<const void>& owner) {
  s = State{};
  s.items = false;
  for (std::size_t i = r.count(); i > 0; --i) {
    PhaseState p;
    p.id = r.str();
    p.status = r.str();
    p.iteration = r.int32();
    for (std::size_t k = r.count(); k > 0; --k) {
      Iteration& it = p.iterations.emplace_back();
      it.number = r.int32();
      it.started = r.str();
      it.completed = r.str();
      it.forced_start = r.flag();
      it.forced_complete = r.flag();
    }
    std::string key = p.id;
    s.phases.emplace_hint(s.phases.end(), std::move(key), std::move(p));
  }
  for (std::size_t i = r.count(); i > 0; --i) {
    TaskState t;
    for (std::string* f : {&t.id, &t.phase, &t.status}) *f = r.str();
    t.iteration = r.int32();
    for (std::string* f : {&t.started, &t.finished, &t.actor, &t.note, &t.reason}) *f = r.str();
    for (std::size_t k = r.count(); k > 0; --k) {
      Evidence& e = t.evidence.emplace_back();
      e.path = r.str();
      e.size = r.num();
      e.sha256 = r.str();
      e.url = r.str();
    }
    t.addresses = r.strs();
    t.event = r.str();
    for (std::size_t k = r.count(); k > 0; --k) {
      TaskAnswer& a = t.earlier_answers.emplace_back();
      a.iteration = r.int32();
      a.finished = r.str();
      a.actor = r.str();
      a.addresses = r.strs();
    }
    std::string key = t.id;
    s.tasks.emplace_hint(s.tasks.end(), std::move(key), std::move(t));
  }
  get_counts(r, s.feedback_counts);
  get_counts(r, s.approved_counts);
  s.feedback_total = count_of(r);
  s.decisions_total = count_of(r);
  for (std::size_t i = r.count(); i > 0; --i) {
    Override& o = s.overrides.emplace_back();
    for (std::string* f : {&o.hash, &o.time, &o.actor, &o.phase, &o.transition}) *f = r.str();
    o.iteration = r.int32();
    for (std::size_t k = r.count(); k > 0; --k) {
      UnmetCondition& u = o.unmet.emplace_back();
      u.condition = r.str();
      u.have = r.num();
      u.need = r.num();
    }
    o.reason = r.str();
  }
  s.stakeholders.take_packed(r, region, owner);
  for (std::size_t i = r.count(); i > 0; --i) {
    Conflict& c = s.conflicts.emplace_back();
    for (std::string* f : {&c.subject, &c.first, &c.second, &c.first_kind, &c.second_kind}) *f = r.str();
  }
  s.events = count_of(r);
  s.last_time = r.str();
  s.chain = r.flag();
}

}  // namespace interlink::process::pack
