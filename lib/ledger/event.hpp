// An event of the ledger (SPEC §5) and its hash recipe.
//
// hash = lowercase hex SHA-256 of the UTF-8 bytes of the canonical JSON of
// {"actor","kind","parents","payload","subject","time"} — exactly what
// Python's json.dumps(obj, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) produces — with parents sorted and payload a JSON object
// whose numbers are integers. man/interlink-ledger.5 documents it for third
// parties.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace interlink::ledger {

using Json = nlohmann::json;

struct Event {
  std::string hash;
  std::vector<std::string> parents;  // sorted
  std::string time;                  // "YYYY-MM-DDTHH:MM:SSZ", UTC
  std::string actor;
  std::string kind;     // e.g. "stakeholder.added"
  std::string subject;  // the id the event is about ("" for project-wide events)
  Json payload = Json::object();
};

// What a command asks to record; time, actor and parents are filled in by the
// ledger when it appends. A null payload (what `{}` gives in a braced
// initializer) is recorded as the empty object.
struct NewEvent {
  std::string kind{};
  std::string subject{};
  Json payload = Json::object();
};

// The canonical JSON text of a value (sorted keys, no spaces, UTF-8 as is).
// Throws Error(refused) for non-integer numbers or invalid UTF-8.
std::string canonical_json(const Json& value);

// Parses JSON text (payloads as stored). Throws Error(refused) if it is not JSON.
Json parse_json(std::string_view text);

// The canonical JSON of a parents list (sorted), as stored in the parents column.
std::string parents_json(const std::vector<std::string>& parents);

// The object that is hashed: every field but the hash (parents sorted).
// Throws Error(refused) if the payload is not an object.
Json hashed_object(const Event& e);

// The hashed object plus "hash": what `log --format json` prints, one per
// line, so that its output can itself be verified.
Json event_json(const Event& e);

// True for 64 lowercase hex digits: the form of every hash in a ledger.
bool is_hash(std::string_view text);

// The canonical text of the hashed object assembled from its parts, where
// parents_text and payload_text are already canonical (as stored): the same
// bytes as canonical_json(hashed_object(e)) without building the object, so
// that verify reads a million events quickly.
std::string hashed_text(const std::string& actor, const std::string& kind, const std::string& parents_text,
                        const std::string& payload_text, const std::string& subject, const std::string& time);

// sha256_hex(hashed_text(...)) without a new string per event: the text is
// built in one buffer reused from event to event (verify hashes a million).
std::string hashed_text_hash(std::string_view actor, std::string_view kind, std::string_view parents_text,
                             std::string_view payload_text, std::string_view subject, std::string_view time);

// Computes the hash of e from its other fields.
std::string compute_hash(const Event& e);

// The short id of an event, as used for feedback items and decisions (like git).
std::string short_id(const std::string& hash, std::size_t len = 10);

// One event as one readable line, "ID TIME ACTOR KIND SUBJECT [PAYLOAD]"
// ("-" for no subject; payload_text is canonical JSON, left out when "{}"):
// the line of `log` and of `ledger dump`, git's textconv. Control characters
// are escaped (text::printable), so that no ledger, whoever wrote it, can
// forge a second line or drive the reader's terminal.
std::string readable_line(const std::string& id, const std::string& time, const std::string& actor,
                          const std::string& kind, const std::string& subject, const std::string& payload_text);

// Event kinds interlink writes (SPEC §5). Other kinds are accepted on read
// (a newer interlink may write more) but validate warns about them.
const std::vector<std::string>& known_kinds();

}  // namespace interlink::ledger
