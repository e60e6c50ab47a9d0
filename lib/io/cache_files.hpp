// The files under .interlink/cache/: derived data that commands keep so as
// not to redo work (the plan found readable, the parsed stakeholder files;
// process/load.cpp keeps the state there too). Never tracked (the folder
// holds a .gitignore of `*`), always safe to delete, and never trusted
// blindly: each reader checks what it reads and falls back to the source.
//
// A crafted project must not make a cache be read from, or written to,
// somewhere else: .interlink/ and .interlink/cache/ must be real folders
// (not symlinks) and a cache file a regular file, or the cache is a miss.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace interlink::io {

// The bytes of .interlink/cache/<name>, nullopt when it is missing, is not a
// regular file in real folders, is larger than max_bytes or cannot be read.
std::optional<std::string> read_cache_file(const std::filesystem::path& root, const std::string& name,
                                           std::size_t max_bytes);

// Writes .interlink/cache/<name> atomically; best-effort (false when it
// could not: a read-only checkout, a link in the way). create_private: make
// .interlink/ (0700, with a .gitignore of `*`) when the project has none;
// else write only into a project that has it already.
bool write_cache_file(const std::filesystem::path& root, const std::string& name, std::string_view bytes,
                      bool create_private);

}  // namespace interlink::io
