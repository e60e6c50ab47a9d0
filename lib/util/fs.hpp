// File helpers: whole-file reads with a size bound, and atomic writes
// (temporary file in the same folder, fsync, rename, fsync of the folder), so
// that a crash leaves either the old or the new content, never a mix.
#pragma once

#include <sys/types.h>  // mode_t, uid_t

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interlink::fs {

namespace stdfs = std::filesystem;

// True if a file of this owner and mode is the user's own and no one else
// may write it: what a reader that trusts a file's bytes (a sealed cache, a
// mapping read for a whole command, the key that seals them, the ledger
// verify marked) requires, since another account could change them behind
// its back.
bool only_user_writes(uid_t owner, mode_t mode);

// The path itself when no folder on it is a symbolic link; else its real
// path, what `cd PATH && pwd -P` prints. For a folder the user names (-C
// DIR, the folder of a LEDGER argument), which a link may reach as `cd`
// does: SQLite's SQLITE_OPEN_NOFOLLOW refuses a link anywhere in a
// database's path. Links inside a project stay refused: interlink opens
// what is below its root without following them (util/beneath.hpp).
stdfs::path physical(const stdfs::path& path);

// Reads a whole file. Throws Error(unreadable) if it cannot be read or is
// larger than max_bytes (the bound keeps a hostile input from using unbounded
// memory).
std::string read_file(const stdfs::path& path, std::size_t max_bytes = 64u << 20);

// Reads the whole of a file opened as fd (which stays open), refusing
// anything but a regular file of at most max_bytes; shown names it in
// errors. For a descriptor opened O_NONBLOCK (so that opening a FIFO does not
// wait for a writer): the flag changes nothing for a regular file (open(2)),
// so it is left set. Clearing it cost two fcntl() calls per file, 20,000 for
// a validate of a 10,000-stakeholder project (strace, issue 10).
std::string read_open_file(int fd, const std::string& shown, std::size_t max_bytes);

// Reads a file if it exists; nullopt if it does not.
std::optional<std::string> read_file_if_exists(const stdfs::path& path, std::size_t max_bytes = 64u << 20);

// The file size limit of this process (ulimit -f) in bytes; nullopt when
// there is none.
std::optional<std::uint64_t> file_size_limit();
// What to say of a write that failed with EFBIG: "file too large: this process
// may not write past N bytes of a file (ulimit -f)". interlink ignores
// SIGXFSZ (cmd/main.cpp), so that such a write fails, and is reported like
// one on a full disk, rather than killing the process in the middle of a change.
std::string file_too_large();
// strerror(err), or file_too_large() for EFBIG: the cause of a failed write.
std::string write_error_text(int err);

// Writes bytes to path atomically and durably. Creates missing parent folders.
// Throws Error(internal) on failure, leaving the old file untouched.
void write_file_atomic(const stdfs::path& path, std::string_view bytes);
// The same for a file made of parts written one after the other (a large
// cache and its seal, without a copy of the whole), created with `mode`.
// durable=false skips the two fsyncs (the file's and its folder's): for a
// file whose loss or tearing by a crash costs nothing but its rebuilding,
// a cache whose seal then fails (io/cache_files.hpp). Still atomic for
// every reader while the system runs.
void write_file_atomic(const stdfs::path& path, std::initializer_list<std::string_view> parts, mode_t mode = 0644,
                       bool durable = true);

// Writes a command's output to the file a user named (-o FILE). A regular
// file, or none yet, is replaced atomically (a reader never sees half of
// it; a failure leaves the old one), without fsync: an output is made
// again by running the command again, and sort -o or a shell's > do not
// sync either. Anything else that exists (a FIFO, /dev/null, /dev/stdout, a
// terminal) is written into, as a shell's > would: renaming over it
// replaced the pipe or the device itself with a regular file (as root,
// `report -o /dev/null` left /dev/null a regular file). A link to a regular
// file replaces the file it names and stays a link (`-o /dev/stdout` into a
// file replaced /dev/stdout). A folder is refused as before (cannot replace).
// The file's folder must exist, as for a shell's > or cp: a typo in a CI
// path (-o reprots/x.sarif) is refused (exit 4, "cannot write reprots/x.sarif:
// the folder reprots does not exist"), not made silently where nobody looks.
void write_output(const stdfs::path& path, std::string_view bytes);

// Makes the folder a command writes several outputs into (report --format
// csv -o DIR), as mkdir would: DIR itself if missing, never its parents
// (the same refusal as write_output). Nothing when it is a folder already.
void make_output_folder(const stdfs::path& dir);

// Writes (content) or removes (nullopt) many files under root as one batch:
// every file goes to a temporary in its folder, one syncfs() makes them all
// durable (an fsync() of each when there are only a few), then each is
// renamed into place and each folder synced once.
// Per-file fsync made a 10,000-stakeholder import spend ~50 s in fsync; the
// batch makes the same guarantee once all of it has returned. A crash in the
// middle may leave some files old and some new, so callers keep what they
// write recoverable elsewhere until this returns (the ledger's stage does).
void write_files_atomic(const stdfs::path& root,
                        const std::vector<std::pair<std::string, std::optional<std::string>>>& files);

// How many files write_files_atomic has synced one by one, and how many
// times it synced a whole file system, in this process: what a test reads
// to see that every batch is made durable before its renames (no crash test
// can tell a missing sync).
struct SyncCounts {
  long files = 0, file_systems = 0;
};
SyncCounts sync_counts();

// The name a write gives its temporary file in the target's folder,
// ".<name>.tmp-<8 hex digits>", and the test for one: a leftover of a killed
// write is found by these names alone.
bool is_temp_name(std::string_view entry);
// True if entry is the temporary of a write of the file `name`.
bool is_temp_of(std::string_view entry, std::string_view name);
// The temporary files' names in root/rel_dir (not followed through a link);
// empty if the folder cannot be read.
std::vector<std::string> temp_files_in(const stdfs::path& root, const std::string& rel_dir);
// Removes, in the folders of the files `rel_paths` names under root, the
// temporaries of writes of those files, and syncs each folder it changed.
// Only under the lock that every writer of those files holds: a running
// writer's temporary would be taken for a leftover.
void remove_temps_of(const stdfs::path& root, const std::vector<std::string>& rel_paths);

// Removes a file durably (unlink + fsync of the folder); no error if absent.
void remove_file_durable(const stdfs::path& path);

// fsync of a folder, so that a rename or unlink in it survives a crash.
void sync_dir(const stdfs::path& dir);

}  // namespace interlink::fs
