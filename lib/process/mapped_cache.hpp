// A file of the state cache (process/cache_store.hpp) mapped read-only: the items
// file is read in place, without a copy of its hundreds of megabytes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace interlink::process {

// A regular file mapped read-only (not a symlink), and sealed by this user.
class MappedCache {
 public:
  // root/.interlink/cache/<name>, a link refused at every step
  // (util/beneath.hpp). ok() is false when the file is missing, is not a
  // regular file of this user's that no one else may write, or is not
  // sealed with this user's key (io/cache_seal.hpp).
  // split: the file is sealed in two parts (io::CacheSeal::open_split):
  // bytes() is the head, tail() the part the seal does not cover.
  MappedCache(const std::filesystem::path& root, const char* name, bool split = false);
  MappedCache(const MappedCache&) = delete;
  MappedCache& operator=(const MappedCache&) = delete;
  ~MappedCache();
  [[nodiscard]] bool ok() const { return data_ != nullptr; }
  // The cache's bytes, without their seal.
  [[nodiscard]] std::string_view bytes() const { return inner_; }
  // A split file's tail (not under the seal: what the head says checks it).
  [[nodiscard]] std::string_view tail() const { return tail_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
  std::string_view inner_, tail_;
};

}  // namespace interlink::process
