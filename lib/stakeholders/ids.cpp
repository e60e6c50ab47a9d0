// See ids.hpp.
#include "stakeholders/ids.hpp"

#include <algorithm>
#include <array>

#include "util/error.hpp"
#include "util/random.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

std::string random_person_id(const std::function<bool(const std::string&)>& taken) {
  static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::array<unsigned char, kPseudonymChars> bytes{};
    if (!random_bytes(bytes.data(), bytes.size())) {
      os_failure("cannot draw a random id: the system's random number generator failed");
    }
    std::string id(kPersonPrefix);
    for (unsigned char b : bytes) id.push_back(alphabet[b & 31u]);
    if (!taken(id)) return id;
  }
  os_failure("cannot draw a free random id after 1000 attempts");
}

std::string organization_id(std::string_view name) { return text::slugify(name, 64); }

bool is_pseudonym(std::string_view id) {
  if (id.size() != kPersonPrefix.size() + kPseudonymChars || !id.starts_with(kPersonPrefix)) return false;
  return std::all_of(id.begin() + static_cast<long>(kPersonPrefix.size()), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); });
}

bool id_reveals(std::string_view id, std::string_view name, std::string_view email) {
  // Every id given for a person is checked, those shaped like a drawn
  // pseudonym too: "p-gianluca" has that shape and spells a name. In that
  // shape a word counts from 4 letters: a drawn id re-imported from a CSV
  // holds a given 3-letter word by chance once in ~5,000 ("p-adakq2m7" for
  // Ada), a 4-letter one once in ~200,000.
  const std::size_t shortest = is_pseudonym(id) ? 4 : 3;
  std::string words = text::slugify(name, 1000);
  if (auto at = email.find('@'); at != std::string_view::npos) words += "-" + text::slugify(email.substr(0, at), 1000);
  std::size_t start = 0;
  while (start < words.size()) {
    std::size_t end = words.find('-', start);
    if (end == std::string::npos) end = words.size();
    std::string_view word(words.data() + start, end - start);
    if (word.size() >= shortest && id.find(word) != std::string_view::npos) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace interlink::stakeholders
