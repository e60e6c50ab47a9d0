// One consistent view of a project for readers that look at the ledger and
// the files together (validate, verify), without writing a byte.
//
// A writer commits its events and staged files (one SQLite transaction),
// then writes the files and clears the stage (a second one). A reader between
// the two saw the events but not yet the files: validate reported
// ledger-consistency or interrupted-change, verify a heads table that did not
// match the events, on perfectly healthy projects. So Ledger::commit holds an
// exclusive flock(2) on ledger.db for the whole of a change, and a
// ReadSnapshot holds a shared one: a reader sees the project before or after
// a change, never in the middle. flock locks are apart from SQLite's own
// (POSIX) locks, need only a read-only descriptor, and die with the process.
#pragma once

#include <filesystem>

namespace interlink::ledger {

class ChangeLock {
 public:
  // Waits (up to the busy timeout) for the lock on db_path; exclusive for a
  // writer, shared for a reader. Throws Error(internal) "locked" on timeout.
  // Does nothing when db_path is not a regular file (errors are the opener's).
  ChangeLock(const std::filesystem::path& db_path, bool exclusive);
  ChangeLock(const ChangeLock&) = delete;
  ChangeLock& operator=(const ChangeLock&) = delete;
  ~ChangeLock();

 private:
  int fd_ = -1;
};

// A reader's lock: shared.
class ReadSnapshot : public ChangeLock {
 public:
  explicit ReadSnapshot(const std::filesystem::path& db_path) : ChangeLock(db_path, false) {}
};

}  // namespace interlink::ledger
