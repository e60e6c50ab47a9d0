// See cache_seal.hpp.
#include "io/cache_seal.hpp"

#include <fcntl.h>
// SHA256_Init and friends: see tag() below.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <system_error>

#include "util/fs.hpp"
#include "util/random.hpp"

namespace interlink::io {

namespace {

namespace stdfs = std::filesystem;
using Key = std::array<unsigned char, CacheSeal::kKeyBytes>;

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

// A folder that only this user can change: theirs, and writable by no one
// else (a key in a folder others can write could be swapped for theirs).
bool private_folder(const stdfs::path& dir) {
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && fs::only_user_writes(st.st_uid, st.st_mode);
}

// The key at path, if it is one this user can trust: a regular file (not a
// link, nor hard-linked from elsewhere), theirs, readable by them alone, of
// exactly kKeyBytes, in a private folder.
std::optional<Key> read_key(const stdfs::path& path) {
  if (!private_folder(path.parent_path())) return std::nullopt;
  FdCloser f{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
  if (f.fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0 ||
      st.st_nlink != 1 || st.st_size != static_cast<off_t>(CacheSeal::kKeyBytes)) {
    return std::nullopt;
  }
  Key k{};
  std::size_t got = 0;
  while (got < k.size()) {
    const ssize_t n = ::read(f.fd, k.data() + got, k.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    got += static_cast<std::size_t>(n);
  }
  return k;
}

// Makes the key at path: random bytes written to a temporary file of mode
// 0600, then linked into place, so that two commands making it at once both
// end up with the one that won (link() never replaces a file).
std::optional<Key> make_key(const stdfs::path& path) {
  const stdfs::path dir = path.parent_path();
  std::error_code ec;
  stdfs::create_directories(dir.parent_path(), ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return std::nullopt;
  if (!private_folder(dir)) return std::nullopt;
  Key k{};
  if (!random_bytes(k.data(), k.size())) return std::nullopt;
  std::string tmp = (dir / ".cache.key.XXXXXX").string();
  FdCloser f{::mkstemp(tmp.data())};  // mode 0600
  if (f.fd < 0) return std::nullopt;
  const bool written = ::write(f.fd, k.data(), k.size()) == static_cast<ssize_t>(k.size()) && ::fsync(f.fd) == 0;
  const bool linked = written && ::link(tmp.c_str(), path.c_str()) == 0;
  ::unlink(tmp.c_str());
  if (linked) return k;
  return read_key(path);  // another command made it first, or nothing to use
}

struct Loaded {
  std::mutex m;
  stdfs::path path;                 // the key path `seal` was loaded for
  std::unique_ptr<CacheSeal> seal;  // null: none (yet)
  bool looked = false;              // read_key tried for `path`
  bool made = false;                // make_key tried for `path`
};

Loaded& loaded() {
  static Loaded l;
  return l;
}

}  // namespace

stdfs::path CacheSeal::key_path() {
  const char* xdg = std::getenv("XDG_STATE_HOME");
  if (xdg && xdg[0] == '/') return stdfs::path(xdg) / "interlink" / "cache.key";
  // HOME alone, not the password database: getpwuid() needs glibc's NSS
  // modules at run time, which the static binary cannot load safely
  // (cmake/StaticDeps.cmake). Without either variable there is no key, so no
  // cache: every command reads the project's own files, as correct and slower.
  const char* home = std::getenv("HOME");
  if (!home || home[0] != '/') return {};
  return stdfs::path(home) / ".local" / "state" / "interlink" / "cache.key";
}

const CacheSeal* CacheSeal::get(bool create) {
  Loaded& l = loaded();
  std::lock_guard lock(l.m);
  stdfs::path path = key_path();
  if (path != l.path) {  // HOME changed (tests do): another key
    l.path = path;
    l.seal.reset();
    l.looked = l.made = false;
  }
  if (l.seal || path.empty()) return l.seal.get();
  std::optional<Key> k;
  if (!l.looked) {
    l.looked = true;
    k = read_key(path);
  }
  if (!k && create && !l.made) {
    l.made = true;
    k = make_key(path);
  }
  if (k) l.seal = std::make_unique<CacheSeal>(*k);
  return l.seal.get();
}

std::array<unsigned char, CacheSeal::kTagBytes> CacheSeal::tag(std::string_view name, std::string_view bytes) const {
  // HMAC-SHA256 (RFC 2104) on OpenSSL's low-level SHA-256, as util/hash.cpp
  // does and for its reason: EVP_MAC's first use in a process goes through
  // OpenSSL 3's provider machinery, which made `status` on examples/pspm a
  // third slower (1.3x paired) for the 70 KB of its four cache files.
  // The name is under the tag too, so that a sealed file is not accepted
  // under another name; a newline ends it (no cache name holds one).
  std::array<unsigned char, 64> pad{};  // the key, padded to SHA-256's block
  std::copy(key_.begin(), key_.end(), pad.begin());
  std::array<unsigned char, kTagBytes> inner{}, out{};
  SHA256_CTX ctx;
  for (auto& b : pad) b ^= 0x36;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad.data(), pad.size());
  SHA256_Update(&ctx, name.data(), name.size());
  SHA256_Update(&ctx, "\n", 1);
  SHA256_Update(&ctx, bytes.data(), bytes.size());
  SHA256_Final(inner.data(), &ctx);
  for (auto& b : pad) b ^= 0x36 ^ 0x5c;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, pad.data(), pad.size());
  SHA256_Update(&ctx, inner.data(), inner.size());
  SHA256_Final(out.data(), &ctx);
  OPENSSL_cleanse(pad.data(), pad.size());
  return out;
}

std::string CacheSeal::seal(std::string_view name, std::string_view bytes) const {
  const auto t = tag(name, bytes);
  std::string out;
  out.reserve(bytes.size() + t.size());
  out.append(bytes);
  out.append(reinterpret_cast<const char*>(t.data()), t.size());
  return out;
}

std::optional<std::string_view> CacheSeal::open(std::string_view name, std::string_view sealed) const {
  if (sealed.size() < kTagBytes) return std::nullopt;
  const std::string_view bytes = sealed.substr(0, sealed.size() - kTagBytes);
  const auto t = tag(name, bytes);
  if (CRYPTO_memcmp(t.data(), sealed.data() + bytes.size(), kTagBytes) != 0) return std::nullopt;
  return bytes;
}

namespace {

// A split file's name under its tag: the name, a NUL (no file name holds
// one) and "split", so that a whole-file tag, which binds the name and a
// newline, never equals a split one.
std::string split_name(std::string_view name) {
  std::string n(name);
  n.push_back('\0');
  n += "split";
  return n;
}

}  // namespace

std::array<unsigned char, CacheSeal::kTagBytes> CacheSeal::split_tag(std::string_view name,
                                                                     std::string_view head) const {
  return tag(split_name(name), head);
}

std::string CacheSeal::split_size(std::size_t head_bytes) {
  std::string out(kSplitSizeBytes, '\0');
  for (std::size_t i = 0; i < kSplitSizeBytes; ++i) out[i] = static_cast<char>((head_bytes >> (8 * i)) & 0xff);
  return out;
}

std::optional<CacheSeal::Split> CacheSeal::open_split(std::string_view name, std::string_view sealed) const {
  if (sealed.size() < kSplitSizeBytes + kTagBytes) return std::nullopt;
  const std::size_t body = sealed.size() - kSplitSizeBytes - kTagBytes;  // head and tail
  std::size_t head = 0;
  for (std::size_t i = 0; i < kSplitSizeBytes; ++i)
    head |= static_cast<std::size_t>(static_cast<unsigned char>(sealed[body + i])) << (8 * i);
  if (head > body) return std::nullopt;
  const auto t = split_tag(name, sealed.substr(0, head));
  if (CRYPTO_memcmp(t.data(), sealed.data() + body + kSplitSizeBytes, kTagBytes) != 0) return std::nullopt;
  return Split{sealed.substr(0, head), sealed.substr(head, body - head)};
}

}  // namespace interlink::io
