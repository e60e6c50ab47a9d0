// Recognising canonical JSON text without building it (issue 10).
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

#include <string_view>

namespace interlink::ledger {

// True if `text` is a JSON object exactly as canonical_json() writes it:
// keys sorted by their UTF-8 bytes and unique, no whitespace, strings valid
// UTF-8 escaped as nlohmann's dump() escapes them (\" \\ \b \f \n \r \t,
// other controls as \u00xx in lowercase, everything else as is), numbers
// integers in the range nlohmann keeps as integers (no "-0", no fraction or
// exponent), nesting at most 64 levels below the object.
bool is_canonical_payload(std::string_view text);

}  // namespace interlink::ledger
