// The model's structs (model/) in the packed form of util/pack.hpp, for the
// parse caches (io/parse_cache.hpp): every field, positions included, so
// that what comes back is exactly what the parse gave. get() throws
// std::runtime_error on any damage.
#pragma once

#include "model/finding.hpp"
#include "model/project.hpp"
#include "model/stakeholder.hpp"
#include "util/pack.hpp"

namespace interlink::io::model_pack {

void put(pack::Writer& w, const model::Stakeholder& s);
void put(pack::Writer& w, const model::Findings& findings);
void put(pack::Writer& w, const model::Project& p);
void get(pack::Reader& r, model::Stakeholder& s);
void get(pack::Reader& r, model::Findings& findings);
void get(pack::Reader& r, model::Project& p);

}  // namespace interlink::io::model_pack
