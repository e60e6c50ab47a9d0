// Writing stakeholders/<id>.yaml: the inverse of io::load_stakeholder.
//
// Deterministic (SPEC §2): the same stakeholder always gives the same bytes —
// keys in a fixed order (id, kind, name, sector, role, influence, interest,
// tags, joined, consent {status, date, scope}, age_band, gender, area), empty
// values left out, strings quoted only where YAML would misread them, and a
// trailing newline — so that git diffs show only real changes.
#pragma once

#include <string>
#include <string_view>

#include "model/stakeholder.hpp"

namespace interlink::io {

std::string stakeholder_to_yaml(const model::Stakeholder& s);

// A YAML scalar for text: plain where that reads back as the same string in
// yaml-cpp and in YAML 1.1/1.2 readers alike (no booleans, nulls or numbers in
// disguise), else double-quoted with escapes. in_flow: also quote what a flow
// sequence ([a, b]) would split.
std::string yaml_scalar(std::string_view text, bool in_flow = false);

}  // namespace interlink::io
