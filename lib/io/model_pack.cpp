// See model_pack.hpp. Each put() writes its struct's fields in declaration
// order and its get() reads them back in the same order: a field added to a
// struct in model/ must be added to both (tests/unit/test_io_parse_cache.cpp
// compares every field after a round trip).
#include "io/model_pack.hpp"

#include <charconv>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace interlink::io::model_pack {

namespace {

[[noreturn]] void damaged() { throw std::runtime_error("damaged cache"); }

void put_pos(pack::Writer& w, const SourcePos& p) {
  w.str(p.path);
  w.num(p.line);
  w.num(p.column);
}

SourcePos get_pos(pack::Reader& r) {
  SourcePos p;
  p.path = r.str();
  p.line = r.small();
  p.column = r.small();
  return p;
}

void put_positions(pack::Writer& w, const model::Positions& at) {
  put_pos(w, at.self);
  w.num(static_cast<long long>(at.keys.size()));
  for (const auto& [k, p] : at.keys) {
    w.str(k);
    put_pos(w, p);
  }
}

void get_positions(pack::Reader& r, model::Positions& at) {
  at.self = get_pos(r);
  at.keys.clear();
  // put_positions wrote the keys in the map's order: each goes at the end
  // (a hint, not a search: the string compares of a search were 6% of
  // `report` on examples/pspm, callgrind). A crafted file out of order
  // still reads into a well-formed map, only slower.
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string k = r.str();
    SourcePos p = get_pos(r);
    at.keys.insert_or_assign(at.keys.end(), std::move(k), std::move(p));
  }
}

// An optional number: a count of 0 or 1, then the value.
void put_opt(pack::Writer& w, const std::optional<int>& v) {
  w.flag(v.has_value());
  if (v) w.num(*v);
}

void get_opt(pack::Reader& r, std::optional<int>& v) {
  v.reset();
  if (r.flag()) v = r.int32();
}

// Doubles as their shortest text that reads back to the same value.
void put_double(pack::Writer& w, double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  if (ec != std::errc()) damaged();
  w.str(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

double get_double(pack::Reader& r) {
  const std::string s = r.str();
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size()) damaged();
  return d;
}

void put_counts(pack::Writer& w, const std::map<std::string, int>& m) {
  w.num(static_cast<long long>(m.size()));
  for (const auto& [k, v] : m) {
    w.str(k);
    w.num(v);
  }
}

void get_counts(pack::Reader& r, std::map<std::string, int>& m) {
  m.clear();
  for (std::size_t n = r.count(); n > 0; --n) {  // in the map's order, as get_positions
    std::string k = r.str();
    const int v = r.int32();
    m.insert_or_assign(m.end(), std::move(k), v);
  }
}

void put_gate(pack::Writer& w, const model::Gate& g) {
  put_opt(w, g.stakeholders_min);
  put_counts(w, g.sectors_min);
  put_counts(w, g.roles_min);
  w.flag(g.consent_all);
  w.flag(g.tasks_required);
  put_opt(w, g.decisions_min);
  put_opt(w, g.feedback_min);
  put_positions(w, g.at);
}

void get_gate(pack::Reader& r, model::Gate& g) {
  get_opt(r, g.stakeholders_min);
  get_counts(r, g.sectors_min);
  get_counts(r, g.roles_min);
  g.consent_all = r.flag();
  g.tasks_required = r.flag();
  get_opt(r, g.decisions_min);
  get_opt(r, g.feedback_min);
  get_positions(r, g.at);
}

void put_task(pack::Writer& w, const model::Task& t) {
  for (const auto* f : {&t.id, &t.name, &t.description}) w.str(*f);
  for (const auto* l : {&t.requires_, &t.interlinkers, &t.problem_profiles, &t.responsible}) w.strs(*l);
  w.str(t.accountable);
  w.strs(t.consulted);
  w.strs(t.informed);
  w.str(t.due);
  w.flag(t.optional);
  put_positions(w, t.at);
}

void get_task(pack::Reader& r, model::Task& t) {
  for (auto* f : {&t.id, &t.name, &t.description}) *f = r.str();
  for (auto* l : {&t.requires_, &t.interlinkers, &t.problem_profiles, &t.responsible}) *l = r.strs();
  t.accountable = r.str();
  t.consulted = r.strs();
  t.informed = r.strs();
  t.due = r.str();
  t.optional = r.flag();
  get_positions(r, t.at);
}

void put_objective(pack::Writer& w, const model::Objective& o) {
  for (const auto* f : {&o.id, &o.name, &o.description}) w.str(*f);
  w.strs(o.requires_);
  w.num(static_cast<long long>(o.tasks.size()));
  for (const auto& t : o.tasks) put_task(w, t);
  put_positions(w, o.at);
}

void get_objective(pack::Reader& r, model::Objective& o) {
  for (auto* f : {&o.id, &o.name, &o.description}) *f = r.str();
  o.requires_ = r.strs();
  for (std::size_t n = r.count(); n > 0; --n) get_task(r, o.tasks.emplace_back());
  get_positions(r, o.at);
}

void put_phase(pack::Writer& w, const model::Phase& p) {
  for (const auto* f : {&p.id, &p.name, &p.description, &p.participation, &p.start, &p.end}) w.str(*f);
  w.strs(p.requires_);
  put_gate(w, p.entry);
  put_gate(w, p.exit);
  w.num(static_cast<long long>(p.objectives.size()));
  for (const auto& o : p.objectives) put_objective(w, o);
  put_positions(w, p.at);
}

void get_phase(pack::Reader& r, model::Phase& p) {
  for (auto* f : {&p.id, &p.name, &p.description, &p.participation, &p.start, &p.end}) *f = r.str();
  p.requires_ = r.strs();
  get_gate(r, p.entry);
  get_gate(r, p.exit);
  for (std::size_t n = r.count(); n > 0; --n) get_objective(r, p.objectives.emplace_back());
  get_positions(r, p.at);
}

void put_interlinker(pack::Writer& w, const model::Interlinker& i) {
  for (const auto* f : {&i.id, &i.name, &i.nature, &i.description, &i.url}) w.str(*f);
  w.strs(i.problem_profiles);
  put_positions(w, i.at);
}

void get_interlinker(pack::Reader& r, model::Interlinker& i) {
  for (auto* f : {&i.id, &i.name, &i.nature, &i.description, &i.url}) *f = r.str();
  i.problem_profiles = r.strs();
  get_positions(r, i.at);
}

}  // namespace

void put(pack::Writer& w, const model::Stakeholder& s) {
  for (const auto* f : {&s.id, &s.kind, &s.name, &s.sector, &s.role}) w.str(*f);
  w.num(s.influence);
  w.num(s.interest);
  w.strs(s.tags);
  w.str(s.joined);
  w.str(s.consent.status);
  w.str(s.consent.date);
  w.str(s.consent.scope);
  w.num(static_cast<long long>(s.bands.size()));
  for (const auto& [k, v] : s.bands) {
    w.str(k);
    w.str(v);
  }
  put_positions(w, s.at);
}

void get(pack::Reader& r, model::Stakeholder& s) {
  s = {};
  for (auto* f : {&s.id, &s.kind, &s.name, &s.sector, &s.role}) *f = r.str();
  s.influence = r.int32();
  s.interest = r.int32();
  s.tags = r.strs();
  s.joined = r.str();
  s.consent.status = r.str();
  s.consent.date = r.str();
  s.consent.scope = r.str();
  for (std::size_t n = r.count(); n > 0; --n) {
    std::string k = r.str();
    std::string v = r.str();
    s.bands.insert_or_assign(s.bands.end(), std::move(k), std::move(v));  // in order, as get_positions
  }
  get_positions(r, s.at);
}

void put(pack::Writer& w, const model::Findings& findings) {
  w.num(static_cast<long long>(findings.size()));
  for (const auto& f : findings) {
    w.str(f.rule);
    w.flag(f.severity == model::Severity::warning);
    put_pos(w, f.pos);
    w.str(f.message);
  }
}

void get(pack::Reader& r, model::Findings& out) {
  out.clear();
  for (std::size_t n = r.count(); n > 0; --n) {
    model::Finding f;
    f.rule = r.str();
    f.severity = r.flag() ? model::Severity::warning : model::Severity::error;
    f.pos = get_pos(r);
    f.message = r.str();
    out.push_back(std::move(f));
  }
}

void put(pack::Writer& w, const model::Project& p) {
  w.num(p.format);
  for (const auto* f : {&p.id, &p.title, &p.organization, &p.language, &p.description}) w.str(*f);
  const auto& g = p.governance;
  w.str(g.model);
  w.str(g.participation);
  w.str(g.decisions.rule);
  put_double(w, g.decisions.quorum);
  w.flag(g.decisions.threshold.has_value());
  if (g.decisions.threshold) put_double(w, *g.decisions.threshold);
  w.strs(g.decisions.voters);
  put_counts(w, g.representation);
  put_positions(w, g.at);
  w.num(static_cast<long long>(p.phases.size()));
  for (const auto& ph : p.phases) put_phase(w, ph);
  w.num(static_cast<long long>(p.interlinkers.size()));
  for (const auto& i : p.interlinkers) put_interlinker(w, i);
  put_positions(w, p.at);
}

void get(pack::Reader& r, model::Project& p) {
  p = {};
  p.format = r.int32();
  for (auto* f : {&p.id, &p.title, &p.organization, &p.language, &p.description}) *f = r.str();
  auto& g = p.governance;
  g.model = r.str();
  g.participation = r.str();
  g.decisions.rule = r.str();
  g.decisions.quorum = get_double(r);
  if (r.flag()) g.decisions.threshold = get_double(r);
  g.decisions.voters = r.strs();
  get_counts(r, g.representation);
  get_positions(r, g.at);
  for (std::size_t n = r.count(); n > 0; --n) get_phase(r, p.phases.emplace_back());
  for (std::size_t n = r.count(); n > 0; --n) get_interlinker(r, p.interlinkers.emplace_back());
  get_positions(r, p.at);
}

}  // namespace interlink::io::model_pack
