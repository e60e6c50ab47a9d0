// Ids of stakeholders (SPEC §2, §6): organizations and groups get a readable
// slug of their name; persons get a random pseudonym that says nothing about
// them, so that tracked files and ledger events never identify a person.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace interlink::stakeholders {

inline constexpr std::string_view kPersonPrefix = "p-";
inline constexpr std::size_t kPseudonymChars = 8;  // 40 bits: collisions stay rare across branches

// "p-" and 8 characters of lowercase base32 (a-z, 2-7) from the operating
// system's CSPRNG. Draws again while taken(id) is true. Throws Error(internal)
// if no random bytes can be had.
std::string random_person_id(const std::function<bool(const std::string&)>& taken);

// The readable id of an organization or group: slugify(name). Empty when the
// name has no letter or digit that transliterates to ASCII (e.g. Greek).
std::string organization_id(std::string_view name);

// True for ids of the form random_person_id() draws.
bool is_pseudonym(std::string_view id);

// True if id shows a piece of the person's name or of the local part of
// their email (a word of 3 or more letters): such an id is not pseudonymous.
// Ids of the pseudonym form are never taken to reveal anything (a random one
// may hold three letters of a name by chance).
bool id_reveals(std::string_view id, std::string_view name, std::string_view email);

}  // namespace interlink::stakeholders
