// The standard streams at the edges of the process: made safe before any file
// is opened, and checked once everything is printed.
#pragma once

namespace interlink::cli {

// Opens whichever of file descriptors 0, 1 and 2 the process was started
// without (`interlink log >&-`): /dev/null for 0 and 2, /dev/full for 1. A
// closed descriptor is the next one open() returns, so the first file
// interlink opened (a stakeholder's temporary file, say) would otherwise be
// standard output, and what the command prints would land in it. On
// /dev/full, whatever is printed fails, and finish_output() says so.
void guard_standard_streams();

// Flushes standard output and checks that everything printed reached it: a
// full disk (`report > file` on a full file system), /dev/full, a closed
// output are an error on stderr and exit 4 (SPEC §3: an operating-system
// failure), not a silent success with a truncated report. Returns the exit
// code to use: `code`, or 4. A command that recorded its change before its
// output failed says so in the hint, so that no one runs it again.
int finish_output(int code);

}  // namespace interlink::cli
