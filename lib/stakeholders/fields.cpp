// See fields.hpp. The messages here are part of the interface: the CLI tests
// assert them whole, and man/interlink-add-stakeholder.1 quotes some.
#include "stakeholders/fields.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/vocab.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

namespace interlink::stakeholders {

namespace {

std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

using text::trim;

// C0, DEL, C1 (the one-byte CSI U+009B), bidi controls, U+2028/U+2029.
bool has_control(std::string_view s, bool allow_newline) { return text::has_control(s, allow_newline); }

}  // namespace

std::string one_of_list(const std::vector<std::string>& values) {
  if (values.empty()) return {};
  if (values.size() == 1) return values[0];
  std::vector<std::string> head(values.begin(), values.end() - 1);
  return text::join(head, ", ") + " or " + values.back();
}

void Checker::add(ExitStatus status, std::string message, std::string hint) {
  failed_ = true;
  issues_.push_back({status, std::move(message), std::move(hint), line_});
}

std::string Checker::enum_value(const std::string& what, const std::string& v, const std::vector<std::string>& allowed,
                                ExitStatus status) {
  if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
  add(status,
      fmt::format("unknown {} '{}'{}; expected {}", what, v, text::did_you_mean(v, allowed), one_of_list(allowed)));
  return {};
}

std::string Checker::kind(const std::string& v) {
  return enum_value("kind", v, model::vocab::kinds, ExitStatus::usage);
}

std::string Checker::consent_status(const std::string& v) {
  return enum_value("consent status", v, model::vocab::consent_statuses, ExitStatus::usage);
}

std::string Checker::sector(const std::string& v) {
  return enum_value("sector", v, model::vocab::sectors, ExitStatus::usage);
}

std::string Checker::role(const std::string& v) {
  return enum_value("role", v, model::vocab::roles, ExitStatus::usage);
}

int Checker::level(const std::string& field, const std::string& v) {
  if (v.empty()) return 0;
  if (v.size() == 1 && v[0] >= '1' && v[0] <= '5') return v[0] - '0';
  add(ExitStatus::usage, fmt::format("{} must be a whole number from 1 to 5, not '{}'", field, v));
  return 0;
}

std::string Checker::email(const std::string& v) {
  auto at = v.find('@');
  bool ok =
      at != std::string::npos && at > 0 && at <= 64 && v.size() <= 254 && v.find('@', at + 1) == std::string::npos;
  if (ok) {
    std::string_view domain(v.data() + at + 1, v.size() - at - 1);
    ok = domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos && std::all_of(domain.begin(), domain.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
                  (static_cast<unsigned char>(c) & 0x80);
         });
    ok = ok && std::none_of(v.begin(), v.begin() + static_cast<long>(at), [](char c) {
           auto u = static_cast<unsigned char>(c);
           return u <= 0x20 || u == 0x7F || std::string_view("\"(),:;<>[\\]").find(c) != std::string_view::npos;
         });
  }
  if (!ok) add(ExitStatus::usage, fmt::format("malformed email '{}': expected an address like name@example.org", v));
  return ok ? v : std::string();
}

std::string Checker::phone(const std::string& v) {
  std::size_t digits = 0;
  bool ok = std::all_of(v.begin(), v.end(), [&](char c) {
    if (std::isdigit(static_cast<unsigned char>(c))) return ++digits, true;
    return std::string_view(" +-().").find(c) != std::string_view::npos;
  });
  ok = ok && digits >= 3 && digits <= 20 && v.find('+', 1) == std::string::npos;
  if (!ok) {
    add(ExitStatus::usage,
        fmt::format("malformed phone number '{}': expected 3 to 20 digits, with spaces, + ( ) - . if you like", v));
  }
  return ok ? v : std::string();
}

std::string Checker::date(const std::string& field, const std::string& v) {
  if (clock::parse_date(v)) return v;
  add(ExitStatus::usage, fmt::format("malformed date '{}' for {}: expected YYYY-MM-DD", v, field));
  return {};
}

std::string Checker::id(const std::string& v) {
  if (text::is_slug(v)) return v;
  add(ExitStatus::usage,
      fmt::format("malformed id '{}': an id is lowercase letters, digits and '-', starting with a letter or digit, at "
                  "most 64 characters",
                  v));
  return {};
}

std::string Checker::tag(const std::string& v) {
  if (v.find(';') == std::string::npos && !has_control(v, false) && char_count(v) <= kMaxShortChars) return v;
  add(ExitStatus::usage, fmt::format("malformed tag '{}': a tag is one line of at most {} characters, without ';'",
                                     text::printable(v), kMaxShortChars));
  return {};
}

std::string Checker::name(const std::string& v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  // One spelling per name (NFC), whatever keyboard or file it came from.
  return text("name", text::nfc(out), kMaxNameChars, false);
}

std::string Checker::text(const std::string& field, const std::string& v, std::size_t max, bool multiline) {
  if (has_control(v, multiline)) {
    add(ExitStatus::usage, fmt::format("{} holds a control character (or a bidi control or line separator), which "
                                       "would drive or garble the terminal of whoever reads it",
                                       field));
    return {};
  }
  if (std::size_t n = char_count(v); n > max) {
    add(ExitStatus::usage, fmt::format("{} is too long: {} characters, at most {}", field, n, max));
    return {};
  }
  return v;
}

std::optional<Candidate> check_input(const Input& in, Issues& issues) {
  Checker ck(issues, in.line);
  Candidate c;
  c.line = in.line;
  model::Stakeholder& s = c.s;
  auto given = [](const std::optional<std::string>& v) { return v && !trim(*v).empty(); };
  auto val = [&](const std::optional<std::string>& v) { return given(v) ? trim(*v) : std::string(); };

  if (given(in.kind)) s.kind = ck.kind(val(in.kind));
  bool person = s.kind == "person";
  std::string name = given(in.name) ? ck.name(val(in.name)) : std::string();
  if (person) {
    c.contact.name = name;
  } else {
    s.name = name;
    if (!given(in.name) && !s.kind.empty()) {
      ck.add(ExitStatus::usage,
             fmt::format("a name is required for {}", s.kind == "group" ? "a group" : "an organization"),
             in.line ? "" : "give it as the first argument: interlink add-stakeholder \"NAME\" --sector SECTOR ...");
    }
  }
  if (given(in.id)) {
    s.id = ck.id(val(in.id));
    c.id_given = true;
  }
  if (given(in.sector)) {
    s.sector = ck.sector(val(in.sector));
  } else {
    ck.add(ExitStatus::usage, fmt::format("a sector is required: {}", one_of_list(model::vocab::sectors)));
  }
  if (given(in.role)) s.role = ck.role(val(in.role));
  s.influence = ck.level("influence", val(in.influence));
  s.interest = ck.level("interest", val(in.interest));
  for (const auto& t : in.tags) {
    std::string tag = trim(t);
    if (tag.empty()) continue;
    tag = ck.tag(tag);
    if (!tag.empty() && std::find(s.tags.begin(), s.tags.end(), tag) == s.tags.end()) s.tags.push_back(tag);
  }
  s.joined = given(in.joined) ? ck.date("joined", val(in.joined)) : clock::today();
  if (given(in.consent)) s.consent.status = ck.consent_status(val(in.consent));
  if (given(in.consent_date)) {
    s.consent.date = ck.date("consent_date", val(in.consent_date));
  } else if (given(in.consent) && s.consent.status != "pending") {
    s.consent.date = clock::today();
  }
  if (given(in.consent_scope)) s.consent.scope = ck.text("consent_scope", val(in.consent_scope), kMaxScopeChars, true);
  if ((given(in.consent_date) || given(in.consent_scope)) && !given(in.consent)) {
    ck.add(ExitStatus::usage, "a consent date or scope needs a consent status (consent)");
  }
  if (given(in.email)) c.contact.email = ck.email(val(in.email));
  if (given(in.phone)) c.contact.phone = ck.phone(val(in.phone));
  for (const auto& [band, value] : in.bands) {
    std::string v = trim(value);
    if (v.empty()) continue;
    if (!person) {
      ck.add(ExitStatus::usage,
             fmt::format("{} applies to persons only: bands measure the inclusion of individual participants", band));
      continue;
    }
    v = ck.text(band, v, kMaxShortChars, false);
    if (!v.empty()) s.bands[band] = v;
  }
  if (ck.failed()) return std::nullopt;
  return c;
}

}  // namespace interlink::stakeholders
