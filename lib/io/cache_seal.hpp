// The seal on every file under .interlink/cache/: an HMAC-SHA256 under a key
// of the user's own, kept outside every project.
//
// Why: a cache is derived data, but the commands believe it. A project folder
// handed over as an archive, or a folder shared with other accounts, can hold
// a .interlink/cache/ written by someone else: a state cache that says a gate
// holds, a parse cache that says a broken plan has no findings. Each reader
// already checks that a cache is for these bytes (the file's SHA-256, the
// ledger's heads), but not that the cache's contents are what interlink
// computed from them. The seal closes that: only a file that this user's
// interlink wrote verifies, so a cache file is either this user's own or a
// miss — and `validate` and `report` can use the parse caches too (issue 10).
//
// The key: 32 random bytes in $XDG_STATE_HOME/interlink/cache.key (when
// XDG_STATE_HOME is an absolute path), else $HOME/.local/state/interlink/
// cache.key when HOME is one (the password database is not asked);
// a regular file of this user's, mode 0600, in a folder only they can open.
// It is made by the first command that writes a cache; one that cannot be
// made or read (no home, a read-only home, a key of another owner or readable
// by others) only means no cache is read or written: every command then
// parses and replays, as on a fresh clone. Deleting the key drops every
// cache of every project at once.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace interlink::io {

class CacheSeal {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  static constexpr std::size_t kTagBytes = 32;  // HMAC-SHA256

  // This user's seal. create: make the key when there is none (a writer of
  // caches); else nullptr when there is none. nullptr too when the key
  // cannot be used (see above). Read once per process and key path.
  static const CacheSeal* get(bool create);

  // Where the key is looked for; empty when there is no home to put it in.
  static std::filesystem::path key_path();

  // The tag of the bytes of cache file `name`: what follows them in the file.
  [[nodiscard]] std::array<unsigned char, kTagBytes> tag(std::string_view name, std::string_view bytes) const;
  // The bytes of cache file `name`, followed by their tag.
  [[nodiscard]] std::string seal(std::string_view name, std::string_view bytes) const;
  // The bytes that `sealed` carries, if its tag is theirs under this key and
  // this name; nullopt otherwise (another user's, damaged, renamed, cut).
  [[nodiscard]] std::optional<std::string_view> open(std::string_view name, std::string_view sealed) const;

  // A file sealed in two parts (the state's core files,
  // process/cache_store.cpp): the head, the tail, the head's size (8 bytes,
  // little-endian), then the tag of the head alone. The tail is not under
  // the tag: the head must say what checks it (process/records.hpp keeps
  // the SHA-256 of each chunk of the stakeholder records there), so that a
  // reader hashes only what it reads. 771 KB of records on the 1m bench
  // project took 22 M of the 30 M instructions of one `decide` to unseal,
  // for a write that reads no record (callgrind, issue 10).
  // The tag binds the name marked as split, so that neither kind of file is
  // ever taken for the other.
  struct Split {
    std::string_view head, tail;
  };
  static constexpr std::size_t kSplitSizeBytes = 8;
  // The tag of a split file's head, and the head's size as the file holds it.
  [[nodiscard]] std::array<unsigned char, kTagBytes> split_tag(std::string_view name, std::string_view head) const;
  [[nodiscard]] static std::string split_size(std::size_t head_bytes);
  // The head and tail that `sealed` carries, if the tag is its head's under
  // this key and this name; nullopt otherwise.
  [[nodiscard]] std::optional<Split> open_split(std::string_view name, std::string_view sealed) const;

  explicit CacheSeal(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}

 private:
  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace interlink::io
