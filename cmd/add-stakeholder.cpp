// interlink add-stakeholder: register one stakeholder from flags, or many from
// a CSV file, all or nothing (man/interlink-add-stakeholder.1).
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "model/vocab.hpp"
#include "stakeholder_cli.hpp"
#include "stakeholders/import.hpp"
#include "stakeholders/registry.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace add_stakeholder_cmd {
namespace {

namespace sh = stakeholders;

// The per-stakeholder flags, by CSV column name; each value lives in `values`.
struct AddOptions {
  std::map<std::string, std::string> values;
  std::map<std::string, CLI::Option*> opts;
  std::vector<std::string> tags;
  CLI::Option* tag_opt = nullptr;
  std::string from_csv;
  std::string format = "text";
  bool dry_run = false;

  std::optional<std::string> get(const std::string& col) const {
    auto it = opts.find(col);
    if (it == opts.end() || !given(it->second)) return std::nullopt;
    return values.at(col);
  }
};

sh::Input input_from_flags(const AddOptions& o) {
  sh::Input in;
  in.name = o.get("name");
  in.id = o.get("id");
  in.kind = o.get("kind");
  in.sector = o.get("sector");
  in.role = o.get("role");
  in.influence = o.get("influence");
  in.interest = o.get("interest");
  in.joined = o.get("joined");
  in.consent = o.get("consent");
  in.consent_date = o.get("consent_date");
  in.consent_scope = o.get("consent_scope");
  in.email = o.get("email");
  in.phone = o.get("phone");
  in.tags = o.tags;
  for (const char* band : {"age_band", "gender", "area"})
    if (auto v = o.get(band)) in.bands[band] = *v;
  return in;
}

// A list of people kept inside the project folder is one 'git add -A' away
// from the public record, names, e-mails and phones included.
void warn_if_inside(const Globals& g, const std::filesystem::path& root, const std::string& file) {
  std::error_code ec;
  auto dir = std::filesystem::weakly_canonical(root, ec);
  auto path = std::filesystem::weakly_canonical(file, ec);
  if (ec) return;
  auto rel = path.lexically_relative(dir);
  if (rel.empty() || *rel.begin() == ".." || *rel.begin() == ".interlink") return;
  warn(g, fmt::format("{} is inside the project folder: 'git add -A' would commit the personal data it holds; keep "
                      "such lists outside the project (or in .interlink/, which git ignores)",
                      file));
}

std::string counts_by_kind(const std::vector<sh::Candidate>& cs) {
  std::map<std::string, int> n;
  for (const auto& c : cs) ++n[c.s.kind];
  std::vector<std::string> parts;
  for (const char* k : {"organization", "group", "person"})
    if (n[k]) parts.push_back(fmt::format("{} {}{}", n[k], k, n[k] == 1 ? "" : "s"));
  return text::join(parts, ", ");
}

void print_result(const Globals& g, const AddOptions& o, const std::vector<sh::Candidate>& cs,
                  const std::string& file) {
  if (o.format == "json") {
    ledger::Json added = ledger::Json::array();
    for (const auto& c : cs) {
      ledger::Json a = {{"id", c.s.id}, {"kind", c.s.kind}};
      if (c.line) a["line"] = c.line;
      added.push_back(a);
    }
    std::cout << ledger::Json{{"dry_run", o.dry_run}, {"added", added}}.dump(2) << '\n';
    return;
  }
  if (g.quiet && !o.dry_run) {  // -q: the new ids alone, one a line (context.hpp)
    for (const auto& c : cs) std::cout << c.s.id << '\n';
    return;
  }
  std::string verb = o.dry_run ? "would add" : "added";
  if (!file.empty()) {
    say_change(g, o.dry_run,
               fmt::format("{} {} stakeholder{} from {} ({}){}", verb, cs.size(), cs.size() == 1 ? "" : "s", file,
                           counts_by_kind(cs), o.dry_run ? "; nothing was written" : ""));
    return;
  }
  const auto& s = cs.front().s;
  std::string name = s.kind == "person" ? "" : fmt::format(" ({})", s.name);
  say_change(g, o.dry_run,
             fmt::format("{} {} {}{}{}", verb, s.kind, s.id, name,
                         o.dry_run ? (s.kind == "person" && !cs.front().id_given
                                          ? "; nothing was written, and the id is drawn anew each time"
                                          : "; nothing was written")
                                   : ""));
}

int run_add(const AddOptions& o, const Globals& g) {
  bool csv = !o.from_csv.empty();
  std::string file = input_label(o.from_csv);
  if (csv) {
    bool others =
        given(o.tag_opt) || std::any_of(o.opts.begin(), o.opts.end(), [](const auto& kv) { return given(kv.second); });
    if (others) {
      bad_usage("--from-csv takes every value from the file: give no NAME or other stakeholder options with it",
                "see man 5 interlink-csv for the columns");
    }
  }
  auto root = project_root(g);
  const std::string who = actor(g, !o.dry_run);  // refused before any work, --dry-run too
  std::string text = csv ? read_input_file(o.from_csv) : std::string();
  if (csv && o.from_csv != "-") warn_if_inside(g, root, o.from_csv);
  return with_issues(g, file, [&] {
    sh::Issues issues;
    std::vector<sh::Input> inputs;
    std::size_t skipped = 0;
    if (csv) {
      auto read = sh::read_csv(text);
      issues = std::move(read.issues);
      inputs = std::move(read.inputs);
      skipped = read.erased.size();
      // What `stakeholders --format csv` lists of a forgotten person cannot be
      // registered again: left aside, so that the export still reads back.
      for (const auto& row : read.erased) {
        note(g, fmt::format("{}:{}: skipped {}: a person erased by forget is not registered again", file, row.line,
                            row.id.empty() ? "a row with consent 'erased'" : text::printable(row.id)));
      }
    } else {
      inputs.push_back(input_from_flags(o));
    }
    // The registered contacts serve to refuse a second person with the same
    // email and to screen free text (consent scope, tags) for the names of
    // persons: a stakeholder given with neither reads none of them (they
    // grow with the project; issue 10).
    std::map<std::string, sh::Contact> contacts;
    auto needs_contacts = [](const sh::Input& in) {
      return (in.email && !in.email->empty()) || (in.consent_scope && !in.consent_scope->empty()) || !in.tags.empty();
    };
    if (std::any_of(inputs.begin(), inputs.end(), needs_contacts)) {
      contacts = sh::PrivateStore::open(root, false).all();
    }
    sh::AddPlan plan;
    {
      ProgressBar bar(g, "checking");
      plan = sh::plan_add(root, contacts, inputs, [&](std::size_t d, std::size_t t) { bar.update(d, t); });
    }
    issues.insert(issues.end(), plan.issues.begin(), plan.issues.end());
    std::stable_sort(issues.begin(), issues.end(),
                     [](const sh::Issue& a, const sh::Issue& b) { return a.line < b.line; });
    // A file, not the command line, is at fault: exit 1 whatever the problems (interlink-csv(5)).
    if (!issues.empty() && csv) refuse_file(issues, file, "added", ExitStatus::refused);
    if (!issues.empty()) throw sh::IssuesError(std::move(issues));
    if (plan.candidates.empty()) {
      warn(g, fmt::format("{} holds no stakeholders{}: nothing was added", file, skipped ? " to add" : ""));
      return 0;
    }
    if (!o.dry_run) {
      if (csv && plan.candidates.size() > 1 && !g.quiet && ::isatty(2)) {
        std::cerr << fmt::format("writing {} stakeholders...", plan.candidates.size()) << std::flush;
      }
      sh::commit_add(root, who, plan.candidates);
      if (plan.names) plan.names->save(root);  // keyed on the ledger before this change: carried over it next time
      if (csv && plan.candidates.size() > 1 && !g.quiet && ::isatty(2)) std::cerr << "\r\033[K" << std::flush;
    }
    print_result(g, o, plan.candidates, csv ? file : "");
    return 0;
  });
}

}  // namespace
}  // namespace add_stakeholder_cmd

void register_add_stakeholder(CLI::App& app, Globals& g) {
  using namespace add_stakeholder_cmd;
  auto o = std::make_shared<AddOptions>();
  auto* sub = app.add_subcommand("add-stakeholder", "Register a stakeholder, or many from a CSV file (all or nothing)");
  auto opt = [&](const std::string& flags, const std::string& col, const std::string& type, const std::string& help) {
    o->opts[col] = sub->add_option(flags, o->values[col], help)->type_name(type);
  };
  opt("NAME", "name", "", "Its name (a person's name goes to the private store only; optional for persons)");
  opt("--kind", "kind", "KIND", "organization (default), group or person");
  opt("--sector", "sector", "SECTOR", "public, private, nonprofit, academia or citizen (required)");
  opt("--role", "role", "ROLE", "coordinator, co-producer, contributor (default), evaluator or observer");
  opt("--influence", "influence", "1-5", "Influence on the process, for the power/interest grid");
  opt("--interest", "interest", "1-5", "Interest in the process, for the power/interest grid");
  opt("--email", "email", "EMAIL", "Contact email (private store only)");
  opt("--phone", "phone", "PHONE", "Contact phone (private store only)");
  // Checked by the library, like the CSV's columns; given here for completion.
  remember_choices(o->opts["kind"], model::vocab::kinds);
  remember_choices(o->opts["sector"], model::vocab::sectors);
  remember_choices(o->opts["role"], model::vocab::roles);
  o->tag_opt = sub->add_option("--tag", o->tags, "A tag; repeat for more")->type_name("TAG")->allow_extra_args(false);
  opt("--consent", "consent", "STATUS", "given, pending (default), refused or withdrawn");
  opt("--consent-date", "consent_date", "DATE", "When consent was recorded (default: today, unless pending)");
  opt("--consent-scope", "consent_scope", "TEXT", "What was consented to");
  opt("--joined", "joined", "DATE", "When it joined the process (default: today)");
  opt("--id", "id", "ID", "Its id (default: a slug of the name; for persons a random pseudonym)");
  opt("--age-band", "age_band", "BAND", "Persons: an age band, e.g. 30-44 (measures inclusion)");
  opt("--gender", "gender", "TEXT", "Persons: gender, as the person describes it (measures inclusion)");
  opt("--area", "area", "TEXT", "Persons: the area they live in, e.g. urban, rural, a district");
  sub->add_option("--from-csv", o->from_csv,
                  "Register every row of a CSV file ('-': standard input); see interlink-csv(5)")
      ->type_name("FILE");
  sub->add_flag("--dry-run", o->dry_run, "Check everything and say what would be done; write nothing");
  add_format_option(sub, o->format, {"text", "json"}, "How to print what was added");
  sub->footer(
      "Examples:\n"
      "  interlink add-stakeholder \"Comune di Roma\" --sector public --role co-producer --influence 4\n"
      "  interlink add-stakeholder --kind person --sector citizen --email ada@example.org --consent given\n"
      "  interlink add-stakeholder --from-csv people.csv\n"
      "Exit status: 0 added; 1 refused (duplicate, any bad CSV row); 2 malformed value (an unknown sector or role "
      "too).");
  sub->callback([o, &g] { g.exit_code = run_add(*o, g); });
}

}  // namespace interlink::cli
