// See actions.hpp: task start|done|skip|reopen, with evidence and the
// feedback a task addresses.
#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "privacy/screen.hpp"
#include "process/actions.hpp"
#include "process/graph.hpp"
#include "process/ids.hpp"
#include "process/load.hpp"
#include "process/plan_check.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;
using ledger::Json;
namespace stdfs = std::filesystem;

namespace {

bool is_url(const std::string& s) {
  auto colon = s.find("://");
  if (colon == std::string::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) return false;
  }
  return colon + 3 < s.size();
}

// An evidence file: inside the project folder (after resolving every
// symlink), a regular file; recorded by its project-relative path, size
// and SHA-256.
Json evidence_file(const stdfs::path& root, const std::string& given) {
  std::error_code ec;
  stdfs::path p = given;
  stdfs::path real_root = stdfs::canonical(root, ec);
  if (ec) os_failure(fmt::format("cannot resolve the project folder {}: {}", root.string(), ec.message()));
  // Relative paths are relative to the working directory, like every file
  // argument of a Unix tool.
  stdfs::path real = stdfs::canonical(p, ec);
  if (ec) {
    refuse(fmt::format("--evidence {}: no such file", text::excerpt(text::printable(given))),
           "give a file inside the project folder, or a URL (https://…)");
  }
  auto rel = real.lexically_relative(real_root);
  if (rel.empty() || rel.native().rfind("..", 0) == 0 || rel.is_absolute()) {
    refuse(fmt::format("--evidence {}: the file is outside the project folder {}",
                       text::excerpt(text::printable(given)), real_root.string()),
           "copy it into the project (e.g. under evidence/) and commit it, so that others can check it");
  }
  if (!stdfs::is_regular_file(real, ec)) {
    refuse(fmt::format("--evidence {}: not a regular file", text::excerpt(text::printable(given))));
  }
  const std::string relative = rel.generic_string();
  if (relative.rfind(".interlink/", 0) == 0 || relative == "ledger.db") {
    refuse(fmt::format("--evidence {}: interlink's own files are not evidence", relative));
  }
  if (!text::valid_utf8(relative) || text::has_control(relative)) {
    refuse(fmt::format("--evidence {}: the path holds a control character or bytes that are not UTF-8",
                       text::excerpt(text::printable(relative))));
  }
  return {{"path", relative},
          {"size", static_cast<long long>(stdfs::file_size(real, ec))},
          {"sha256", sha256_file_hex(real)}};
}

Json evidence_json(const stdfs::path& root, const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& e : items) {
    if (is_url(e)) {
      if (text::has_control(e) || !text::valid_utf8(e) || e.size() > 2000) {
        refuse(fmt::format("--evidence: the URL '{}' is not valid", text::excerpt(text::printable(e))));
      }
      // A blank ends a URL wherever one is read (a terminal, a mail, the
      // report's link): recorded with one, the evidence could not be opened.
      if (e.find(' ') != std::string::npos) {
        refuse(fmt::format("--evidence: the URL '{}' holds a blank", text::excerpt(text::printable(e))),
               "write each blank in a URL as %20");
      }
      out.push_back({{"url", e}});
    } else {
      out.push_back(evidence_file(root, e));
    }
  }
  return out;
}

void check_text(project::Handle& h, const char* field, const std::string& value) {
  if (value.empty()) return;
  if (!text::valid_utf8(value) || text::has_control(value))
    bad_usage(fmt::format("{} holds a control character or bytes that are not UTF-8", field));
  if (value.size() > 4000) bad_usage(fmt::format("{} is longer than 4000 bytes", field));
  privacy::check_free_text(field, value, h.person_names_in(value));
}

// Why a task cannot make this move now, or "".
std::string refusal(const State& s, const model::Phase& ph, const model::Task& t, const std::string& action) {
  const std::string phase_status = s.phase_status(ph.id);
  if (phase_status != "active") {
    return fmt::format("task '{}' belongs to phase '{}', which is {}: tasks move only while their phase is active",
                       t.id, ph.id, phase_status);
  }
  const std::string st = s.task_status(t.id);
  if (action == "start" && st != "pending") return fmt::format("task '{}' is {}, not pending", t.id, st);
  if ((action == "done" || action == "skip") && st != "pending" && st != "active")
    return fmt::format("task '{}' is already {}; reopen it first with 'interlink task reopen {}'", t.id, st, t.id);
  if (action == "reopen" && st != "done" && st != "skipped")
    return fmt::format("task '{}' is {}: only a done or skipped task can be reopened", t.id, st);
  if (action == "start" || action == "done") {
    std::vector<std::string> waiting;
    for (const auto& r : prerequisites(t, s))
      if (!r.met) waiting.push_back(fmt::format("'{}' ({})", r.id, r.status));
    if (!waiting.empty()) {
      return fmt::format("task '{}' requires {} to be done or skipped first", t.id, text::join(waiting, ", "));
    }
    // Its objective's requirements (SPEC §4: enforced, not only an order of display).
    for (const auto& o : ph.objectives) {
      if (std::none_of(o.tasks.begin(), o.tasks.end(), [&](const model::Task& k) { return &k == &t; })) continue;
      for (const auto& r : prerequisites(ph, o, s))
        if (!r.met) waiting.push_back(fmt::format("'{}' ({})", r.id, r.status));
      if (!waiting.empty()) {
        return fmt::format("task '{}' belongs to objective '{}', which requires objective{} {} to be done first", t.id,
                           o.id, waiting.size() == 1 ? "" : "s", text::join(waiting, ", "));
      }
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> resolve_feedback(const ledger::Ledger& led, const std::vector<std::string>& refs) {
  // Enough candidates that their short ids are those the full state gives
  // (refuse_ambiguous shows ten).
  constexpr int kCandidates = 1000;
  std::vector<std::string> out;
  for (const auto& r : refs) {
    // As State::find_feedback: "fb-" and a prefix of the item's hash.
    std::vector<std::string> hashes;
    if (r.size() > 3 && r.rfind("fb-", 0) == 0)
      hashes = led.hashes_with_prefix(kinds::feedback_recorded, r.substr(3), kCandidates);
    if (hashes.empty()) {
      refuse(fmt::format("--addresses {}: no feedback item has this id", text::excerpt(text::printable(r))),
             "feedback ids are listed by 'interlink feedback list'");
    }
    if (hashes.size() > 1) {
      std::vector<std::string> ids;
      for (const auto& id : short_ids(hashes)) ids.push_back("fb-" + id);
      refuse_ambiguous("feedback", r, std::move(ids));
    }
    std::string ref = "fb-" + hashes.front().substr(0, kReferenceDigits);
    if (std::find(out.begin(), out.end(), ref) == out.end()) out.push_back(ref);
  }
  return out;
}

ledger::Event move_task(project::Handle& h, const std::string& actor, const TaskMove& m) {
  // A task moves as the plan says (its phase, the tasks it requires): not
  // on a plan with an error (io/invalid.hpp). No stakeholder file is read.
  const model::Project& plan = plan_to_move(h);
  // Plain pointers, not a structured binding: the lambda below captures them,
  // which clang before 16 refuses for bindings (the fuzz build uses clang 14).
  const auto found = plan.find_task(m.task);
  const model::Phase* ph = found.first;
  const model::Task* t = found.second;
  if (!t) {
    refuse(fmt::format("unknown task '{}'{}", text::excerpt(text::printable(m.task)),
                       text::did_you_mean(m.task, plan.task_ids())),
           "the tasks are listed by 'interlink tasks'");
  }
  if (m.action == "skip" && m.reason.empty()) bad_usage("task skip needs --reason TEXT: say why it is skipped");
  check_text(h, "--note", m.note);
  check_text(h, "--reason", m.reason);
  Json evidence = evidence_json(h.root(), m.evidence);
  ledger::Event out;
  auto build = [&](const State& s, const ledger::Ledger& led) {
    if (auto why = refusal(s, *ph, *t, m.action); !why.empty()) refuse(why);
    Json p = {{"phase", ph->id}, {"iteration", std::max(1, s.phase_iteration(ph->id))}};
    if (!m.note.empty()) p["note"] = m.note;
    if (!m.reason.empty()) p["reason"] = m.reason;
    if (!evidence.empty()) p["evidence"] = evidence;
    auto refs = resolve_feedback(led, m.addresses);
    if (!refs.empty()) p["addresses"] = refs;
    std::string_view kind = m.action == "start"  ? kinds::task_started
                            : m.action == "done" ? kinds::task_done
                            : m.action == "skip" ? kinds::task_skipped
                                                 : kinds::task_reopened;
    return ledger::NewEvent{std::string(kind), t->id, p};
  };
  if (m.dry_run) {
    auto ne = build(load_state(h, false, Detail::core), h.ledger());
    return ledger::Event{{}, {}, clock::now_iso(), actor, ne.kind, ne.subject, ne.payload};
  }
  auto events = h.ledger_rw().commit(actor, [&](const ledger::Ledger& led) {
    ledger::Change c;
    c.events.push_back(build(load_for_write(led, h.root()), led));
    return c;
  });
  return events.front();
}

}  // namespace interlink::process
