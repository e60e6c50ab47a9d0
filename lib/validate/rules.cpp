// See rules.hpp. The wording is for a reader of a CI annotation who has not
// read the manual: say what is wrong, not how the check works.
#include "validate/rules.hpp"

#include <algorithm>

namespace interlink::validate {

const std::vector<RuleInfo>& rules() {
  static const std::vector<RuleInfo> all = [] {
    std::vector<RuleInfo> r = {
        // Per-file schema checks of the loaders (lib/io).
        {"unreadable",
         "A file cannot be read: YAML syntax, encoding, size, nesting, alias expansion or format version"},
        {"unknown-key", "A key the file format does not define (a warning; an error with --strict)"},
        {"duplicate-key", "A key given twice in the same mapping (YAML readers would keep only one of them)"},
        {"wrong-type", "A value of the wrong type: text, a number, a list or a mapping was expected"},
        {"missing-key", "A required key is missing"},
        {"bad-value", "A value that is not in its vocabulary (sector, role, governance model, consent status, ...)"},
        {"bad-date", "A date that is not a valid YYYY-MM-DD"},
        {"bad-id", "An id that is not a slug: lowercase letters, digits and '-', at most 64 characters"},
        {"out-of-range", "A number outside its allowed range"},
        {"personal-data", "A direct identifier of a person in a tracked file"},
        {"bands-not-person", "Inclusion bands (age_band, gender, area) on a stakeholder that is not a person"},
        {"file-name", "A stakeholder file whose name is not its id"},
        // The validator's rules across files (lib/validate).
        {"duplicate-id", "The same id used twice for phases, objectives or tasks"},
        {"dangling-reference",
         "A reference to a phase, objective, task, stakeholder or INTERLINKER that does not exist"},
        {"unknown-problem-profile", "A task names a problem profile the catalogue does not know"},
        {"cycle", "Phases, objectives or tasks that require each other in a cycle"},
        {"bad-dates", "A phase that ends before it starts"},
        {"date-outside-phase", "A task due outside the planned dates of its phase"},
        {"overlapping-phases", "A phase planned to start before a phase it requires is planned to end"},
        {"gate-impossible", "A gate that can never hold"},
        {"gate-inconsistent", "A gate whose minimums contradict each other"},
        {"ledger-missing", "The project has no ledger.db"},
        {"ledger-verify", "The ledger fails verification: a changed, missing or foreign event"},
        {"ledger-consistency", "The ledger and the files disagree about what exists"},
        {"interrupted-change", "A killed command's change is staged in the ledger; validate never writes to finish it"},
        {"interrupted-store-write",
         "A killed command's write to the private store is still to be rolled back; validate never writes to do it"},
        {"private-store", "The private store is a link, not a plain folder or file, or git does not ignore it"},
        {"leftover-temp-file", "A temporary file of a killed write, which may hold personal data"},
        {"orphaned-private-record", "The private store holds contact data of a stakeholder that has no file"},
        {"duplicate-name", "Two organizations or groups with one name (added on two branches), counted twice"},
        {"erased-data-held", "Personal data of a person erased by forget is still held here (a store, a merged file)"},
        {"unrecorded-stakeholder", "A stakeholder file with no matching event in the ledger"},
        {"unknown-event-kind", "The ledger holds events of a kind this version does not know"},
        // What the ledger records against the plan and the files (validate/process_checks.cpp).
        {"conflicting-transition",
         "Two branches moved the same phase or task differently without seeing each other; the later move is kept"},
        {"conflicting-addition",
         "Two branches added the same stakeholder without seeing each other; the later addition's fields are kept"},
        {"evidence-missing", "A file recorded as a task's evidence is no longer in the project"},
        {"evidence-changed", "A file recorded as a task's evidence has changed since it was recorded"},
        {"phase-late", "A phase still active past its planned end date"},
    };
    std::sort(r.begin(), r.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
    return r;
  }();
  return all;
}

std::string rule_description(std::string_view id) {
  const auto& all = rules();
  auto it =
      std::lower_bound(all.begin(), all.end(), id, [](const RuleInfo& r, std::string_view k) { return r.id < k; });
  return std::string(it != all.end() && it->id == id ? it->description : id);
}

}  // namespace interlink::validate
