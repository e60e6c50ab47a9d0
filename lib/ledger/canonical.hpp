// Recognising canonical JSON text without nlohmann's parser (issue 10).
//
// verify holds every stored payload to its canonical form: the text must be
// byte for byte canonical_json(parse(text)). Parsing a million payloads into
// nlohmann DOMs and dumping them again was a quarter of verify's instructions
// (callgrind of verify on 100,000 events: ~1.5 G of 5.85 G, plus the DOMs'
// malloc). is_canonical_payload() reads the text once, in place, and answers
// the same question for the texts interlink writes.
//
// It is one-sided by design: true means the text is canonical (sound — the
// unit tests hold it to the slow path on every case and on 100,000 mutated
// texts); false means "not shown canonical here", and the caller then takes
// the slow path, which also gives the exact reason. So a text it refuses that
// is canonical after all costs time, never a wrong verdict.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/event.hpp"

namespace interlink::ledger {

// True if `text` is a JSON object exactly as canonical_json() writes it:
// keys sorted by their UTF-8 bytes and unique, no whitespace, strings valid
// UTF-8 escaped as nlohmann's dump() escapes them (\" \\ \b \f \n \r \t,
// other controls as \u00xx in lowercase, everything else as is), numbers
// integers in the range nlohmann keeps as integers (no "-0", no fraction or
// exponent), nesting at most 64 levels below the object.
bool is_canonical_payload(std::string_view text);

// The same reading, building the value too: for a text is_canonical_payload()
// accepts, `out` becomes exactly what Json::parse(text) gives (non-negative
// integers unsigned, negative ones signed, as nlohmann keeps them) and it
// returns true; otherwise it returns false and leaves `out` alone, and the
// caller parses with nlohmann. Replaying a million events spent a fifth of
// `validate` in nlohmann's lexer (perf on the 1m project, issue 10); the
// ledger's payloads are canonical, verify holds them to it.
bool parse_canonical_payload(std::string_view text, Json& out);

// A parents column exactly as parents_json() writes it ([] or
// ["<hash>",...], 64 lowercase hex digits each) into `out`; false for any
// other text, which the caller then reads, or refuses, its own way.
bool parse_canonical_parents(std::string_view text, std::vector<std::string>& out);

}  // namespace interlink::ledger
