// Where the process stands, in one model (`interlink status`): each phase
// with status, iteration, progress, planned and actual dates and lateness;
// the next possible transitions with their conditions (the lines of
// run-phase --check); overdue tasks; decisions due for review; open feedback
// by sector; representation against the targets; sectors not heard in the
// active phases.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ledger/event.hpp"
#include "process/gates.hpp"
#include "process/progress.hpp"
#include "process/views.hpp"

namespace interlink::process {

inline constexpr int kStatusFormatVersion = 1;

struct PhaseStatus {
  std::string id, name, status;
  int iteration = 0;
  bool forced = false;  // its current or last iteration started or completed by force (PhaseState::forced)
  PhaseProgress progress;
  std::string planned_start, planned_end;  // YYYY-MM-DD or ""
  std::string started, completed;          // dates of the first start and the last completion, or ""
  std::string late;                        // "" or why: "should have started 2026-01-12", "past its end 2026-02-27"
};

struct SectorCount {
  std::string sector;
  long have = 0, target = 0;  // target 0: no target
};

struct Status {
  std::string id, title, today;
  std::vector<PhaseStatus> phases;
  ProjectProgress progress;
  std::vector<GateCheck> next;  // start of pending phases, completion of active ones
  std::vector<TaskRow> overdue;
  std::vector<Decision> reviews_due;
  std::map<std::string, long> open_feedback;  // by sector of who said it ("" unknown)
  long feedback_total = 0, feedback_open = 0;
  std::vector<SectorCount> representation;  // every sector, in vocabulary order
  std::vector<std::string> not_heard;       // sectors with stakeholders but no feedback in the active phases
  std::vector<std::string> active;          // active phase ids
};

// From ctx.state's items, or from its summary when it was loaded without
// them (load_state(..., Detail::summary): what `status` does).
Status compute_status(const Context& ctx, const std::string& today);
std::string status_text(const Status& s);
ledger::Json status_json(const Status& s);
ledger::Json gate_json(const GateCheck& c);
// The lines of a gate check: "  met      …" / "  not met  …".
std::string gate_lines(const GateCheck& c, bool color = false);

}  // namespace interlink::process
