// The files under .interlink/cache/: derived data that commands keep so as
// not to redo work (the plan found readable, the parsed stakeholder files;
// process/load.cpp keeps the state there too). Never tracked (the folder
// holds a .gitignore of `*`), always safe to delete, and never trusted
// blindly: each reader checks what it reads and falls back to the source.
//
// Every file is sealed with the user's own key (io/cache_seal.hpp): one that
// this user's interlink did not write is a miss, whoever put it there.
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

// The bytes of .interlink/cache/<name> (its seal removed), nullopt when it is
// missing, is not a regular file in real folders, is larger than max_bytes,
// cannot be read, or its seal is not this user's (or there is no key).
std::optional<std::string> read_cache_file(const std::filesystem::path& root, const std::string& name,
                                           std::size_t max_bytes);

// Writes .interlink/cache/<name> atomically, sealed (the key is made when
// the user has none); best-effort (false when it could not: a read-only
// checkout, a link in the way, no key). create_private: make
// .interlink/ (0700, with a .gitignore of `*`) when the project has none;
// else write only into a project that has it already.
bool write_cache_file(const std::filesystem::path& root, const std::string& name, std::string_view bytes,
                      bool create_private);

// The same for a file sealed in two parts (CacheSeal::open_split): only
// head is under the seal, and must say what checks tail. Read by mapping
// (process/mapped_cache.hpp).
bool write_split_cache_file(const std::filesystem::path& root, const std::string& name, std::string_view head,
                            std::string_view tail, bool create_private);

}  // namespace interlink::io
