// See event.hpp. The canonical form is nlohmann::json's compact dump(): its
// objects are std::map (keys sorted by UTF-8 bytes, which is code point order,
// as Python's sort_keys), it escapes exactly what Python's json.dumps escapes
// with ensure_ascii=False (", \, \b \f \n \r \t, other controls as \u00xx in
// lowercase) and writes everything else as UTF-8. Floats are refused because
// their text differs between implementations; nlohmann refuses invalid UTF-8.
#include "ledger/event.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::ledger {

namespace {

void check_numbers(const Json& v, int depth) {
  // Payloads are built by interlink, never parsed from untrusted deep input
  // before this point, but a tampered ledger could be: bound the recursion.
  if (depth > 64) refuse("event payload is nested more than 64 levels deep");
  switch (v.type()) {
    case Json::value_t::number_float:
      refuse(fmt::format("event payload holds a non-integer number ({}); payload numbers must be integers", v.dump()));
    case Json::value_t::binary:
    case Json::value_t::discarded:
      refuse("event payload holds a value that is not JSON");
    case Json::value_t::object:
    case Json::value_t::array:
      for (const auto& child : v) check_numbers(child, depth + 1);
      break;
    default:
      break;
  }
}

}  // namespace

std::string canonical_json(const Json& value) {
  check_numbers(value, 0);
  try {
    return value.dump();
  } catch (const Json::type_error& e) {
    // 316: invalid UTF-8 in a string.
    refuse(fmt::format("event text is not valid UTF-8 ({})", e.what()));
  }
}

Json parse_json(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) refuse("not valid JSON");
  return j;
}

std::string parents_json(const std::vector<std::string>& parents) {
  std::vector<std::string> sorted = parents;
  std::sort(sorted.begin(), sorted.end());
  return canonical_json(Json(sorted));
}

Json hashed_object(const Event& e) {
  std::vector<std::string> parents = e.parents;
  std::sort(parents.begin(), parents.end());
  if (!e.payload.is_object()) refuse("an event's payload must be a JSON object");
  return Json{{"actor", e.actor},     {"kind", e.kind},       {"parents", parents},
              {"payload", e.payload}, {"subject", e.subject}, {"time", e.time}};
}

namespace {

bool plain_string(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

// A string as canonical JSON. Plain printable ASCII, which every time, kind
// and id is, needs no escaping: quoted directly, it skips building and dumping
// a JSON value (four per event: 14% of verify's instructions, callgrind,
// issue 10). Anything else goes through canonical_json.
void append_json_string(std::string& out, std::string_view s) {
  if (!plain_string(s)) {
    out += canonical_json(Json(std::string(s)));
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

// The canonical text of the hashed object, appended to `out` (see hashed_text).
void append_hashed_text(std::string& out, std::string_view actor, std::string_view kind, std::string_view parents_text,
                        std::string_view payload_text, std::string_view subject, std::string_view time) {
  // The keys in sorted order; string values through the same escaping.
  out.reserve(out.size() + 64 + actor.size() + kind.size() + parents_text.size() + payload_text.size() +
              subject.size() + time.size());
  out += R"({"actor":)";
  append_json_string(out, actor);
  out += R"(,"kind":)";
  append_json_string(out, kind);
  out += R"(,"parents":)";
  out += parents_text;
  out += R"(,"payload":)";
  out += payload_text;
  out += R"(,"subject":)";
  append_json_string(out, subject);
  out += R"(,"time":)";
  append_json_string(out, time);
  out += '}';
}

}  // namespace

std::string hashed_text(const std::string& actor, const std::string& kind, const std::string& parents_text,
                        const std::string& payload_text, const std::string& subject, const std::string& time) {
  std::string out;
  append_hashed_text(out, actor, kind, parents_text, payload_text, subject, time);
  return out;
}

std::string hashed_text_hash(std::string_view actor, std::string_view kind, std::string_view parents_text,
                             std::string_view payload_text, std::string_view subject, std::string_view time) {
  // One buffer for every event hashed: SHA-256 runs fastest over one
  // contiguous text (fed in parts, it hashed block by block: callgrind).
  thread_local std::string text;
  text.clear();
  append_hashed_text(text, actor, kind, parents_text, payload_text, subject, time);
  return sha256_hex(text);
}

// The same bytes as canonical_json(hashed_object(e)) — verify holds every
// stored event to that — without copying the payload into a new object:
// building it was 40% of hashing an event (callgrind of a CSV import, issue 10).
std::string compute_hash(const Event& e) {
  if (!e.payload.is_object()) refuse("an event's payload must be a JSON object");
  return hashed_text_hash(e.actor, e.kind, parents_json(e.parents), canonical_json(e.payload), e.subject, e.time);
}

Json event_json(const Event& e) {
  Json j = hashed_object(e);
  j["hash"] = e.hash;
  return j;
}

bool is_hash(std::string_view text) {
  // A table, not two ranges: the digits of a hash are random, and the branch
  // between them mispredicted often enough to be 9% of verify (perf, issue 10).
  static const auto hex = [] {
    std::array<bool, 256> t{};
    for (char c : std::string_view("0123456789abcdef")) t[static_cast<unsigned char>(c)] = true;
    return t;
  }();
  if (text.size() != 64) return false;
  bool ok = true;
  for (char c : text) ok &= hex[static_cast<unsigned char>(c)];
  return ok;
}

std::string short_id(const std::string& hash, std::size_t len) { return hash.substr(0, len); }

std::string readable_line(const std::string& id, const std::string& time, const std::string& actor,
                          const std::string& kind, const std::string& subject, const std::string& payload_text) {
  return text::printable(fmt::format("{} {} {} {} {}{}", id, time, actor, kind, subject.empty() ? "-" : subject,
                                     payload_text == "{}" ? std::string() : " " + payload_text));
}

const std::vector<std::string>& known_kinds() {
  static const std::vector<std::string> out(std::begin(kinds::all), std::end(kinds::all));
  return out;
}

}  // namespace interlink::ledger
