// See recorded_name.hpp.
#include "stakeholders/recorded_name.hpp"

#include "ledger/kinds.hpp"
#include "util/error.hpp"

namespace interlink::stakeholders {

std::string recorded_name(const ledger::Ledger& led, const ledger::Record& r) {
  namespace kinds = ledger::kinds;
  if (r.kind != kinds::stakeholder_added && r.kind != kinds::stakeholder_updated) return {};
  // Most events carry no name (a person's never do): not parsed at all.
  if (r.payload.find("\"name\"") == std::string::npos) return {};
  ledger::Json p;
  try {
    p = led.payload(r);
  } catch (const Error&) {
    return {};
  }
  if (!p.is_object() || p.value("kind", "") == "person") return {};
  auto it = p.find("name");
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace interlink::stakeholders
