// The values of one stakeholder as a person types them — flags of
// add-stakeholder and stakeholder update, or cells of a CSV row — and the
// checks that turn them into a model::Stakeholder plus its private Contact.
//
// Every problem becomes an Issue rather than an exception, so that a command
// reports all of them at once: a malformed value (a bad number, email or enum
// of the file format) is a usage problem (exit 2); a value outside the
// project's terms (sector, role), a duplicate or a rule of the project is a
// refusal (exit 1). A CSV import reports every issue as FILE:LINE and exits 1.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/stakeholder.hpp"
#include "stakeholders/private_store.hpp"
#include "util/error.hpp"

namespace interlink::stakeholders {

// The columns of the CSV format (man/interlink-csv.5), in the order
// `stakeholders --format csv` writes them. Each is also a flag of
// add-stakeholder (with '-' for '_').
inline const std::vector<std::string> kCsvColumns = {
    "id",      "kind",         "name",          "sector", "role",  "influence", "interest", "tags", "joined",
    "consent", "consent_date", "consent_scope", "email",  "phone", "age_band",  "gender",   "area"};

inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxShortChars = 64;  // tags, bands
inline constexpr std::size_t kMaxScopeChars = 1000;

// Issues and IssuesError live in util/error.hpp (every bulk command uses them).
using interlink::Issue;
using interlink::Issues;
using interlink::IssuesError;
using interlink::worst;

// One stakeholder's values as given: absent (nullopt) is "not given"; for a
// CSV row, an empty cell is absent too.
struct Input {
  std::optional<std::string> id, kind, name, sector, role, influence, interest, joined, consent, consent_date,
      consent_scope, email, phone;
  std::vector<std::string> tags;
  std::map<std::string, std::string> bands;  // age_band, gender, area
  int line = 0;
};

// A checked stakeholder, ready to be recorded once it has an id.
struct Candidate {
  model::Stakeholder s;  // s.id is "" until plan_add() draws or derives it
  Contact contact;       // for persons: name, email, phone; for others: email, phone
  bool id_given = false;
  int line = 0;
};

// Checks of single values; each adds an Issue (at line) when the value is bad.
class Checker {
 public:
  Checker(Issues& issues, int line) : issues_(issues), line_(line) {}

  // kind and consent status are the file format's enums: usage on a typo.
  std::string kind(const std::string& v);
  std::string consent_status(const std::string& v);
  // sector and role are the project's terms: refused on a typo.
  std::string sector(const std::string& v);
  std::string role(const std::string& v);
  // 1..5; "" gives 0 (unknown).
  int level(const std::string& field, const std::string& v);
  std::string email(const std::string& v);
  std::string phone(const std::string& v);
  std::string date(const std::string& field, const std::string& v);
  std::string id(const std::string& v);
  std::string tag(const std::string& v);
  // One line of text; runs of white space (line breaks too) become one space.
  std::string name(const std::string& v);
  // Free text of at most max characters; line breaks kept when multiline.
  std::string text(const std::string& field, const std::string& v, std::size_t max, bool multiline);

  void add(ExitStatus status, std::string message, std::string hint = {});
  [[nodiscard]] bool failed() const { return failed_; }

 private:
  std::string enum_value(const std::string& what, const std::string& v, const std::vector<std::string>& allowed,
                         ExitStatus status);
  Issues& issues_;
  int line_;
  bool failed_ = false;
};

// Checks every value of in. Returns nullopt (and adds issues) if any is bad.
// Defaults: kind organization, role contributor, joined today, consent
// pending; a consent status other than pending is dated today unless a
// consent_date is given.
std::optional<Candidate> check_input(const Input& in, Issues& issues);

// "a, b or c" for messages.
std::string one_of_list(const std::vector<std::string>& values);

}  // namespace interlink::stakeholders
