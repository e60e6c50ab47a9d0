// Plain-text tables for the terminal: columns padded to the widest cell (in
// the columns a terminal shows, text::display_width: a wide character such
// as an emoji or a CJK ideograph takes two), every cell made printable (text::printable), so
// that no value read from a project can break a row or drive the terminal.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace interlink::text {

// rows[0] is the header. Trailing spaces are trimmed; each row ends in "\n".
std::string table(const std::vector<std::vector<std::string>>& rows);
// The same, written to out as it goes, the cells made printable in place:
// for a table of a million rows (feedback list on the 1m bench project),
// table() held the rows three times over, as given, made printable, and as
// one string.
void print_table(std::ostream& out, std::vector<std::vector<std::string>>&& rows);

}  // namespace interlink::text
