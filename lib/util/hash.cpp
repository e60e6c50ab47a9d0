// See hash.hpp.
#include "util/hash.hpp"

// OpenSSL's low-level SHA-256 functions, not the EVP interface: EVP's first
// digest in a process fetches its algorithm through OpenSSL 3's provider
// machinery (config file, name map, error strings), 5.3 M instructions —
// 41% of one add-stakeholder (callgrind, issue 10) — and a context per hash
// cost ~140,000 more each. SHA256_Init and friends are deprecated in
// OpenSSL 3 but present, and run the same assembly; nothing else is used.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <array>
#include <fstream>
#include <istream>
#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"

namespace interlink {

namespace {

struct Sha256 {
  SHA256_CTX ctx{};
  Sha256() {
    if (SHA256_Init(&ctx) != 1) os_failure("SHA-256 is unavailable");
  }
  void update(const void* p, std::size_t n) { SHA256_Update(&ctx, p, n); }
  std::string hex() {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> md{};
    SHA256_Final(md.data(), &ctx);
    return to_hex(md.data(), md.size());
  }
};

// Hands every byte of in to update, a piece at a time; returns how many.
template <class Update>
long long read_through(std::istream& in, Update update) {
  std::vector<char> buf(1u << 16);
  long long n = 0;
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
    update(buf.data(), static_cast<std::size_t>(in.gcount()));
    n += in.gcount();
  }
  return n;
}

}  // namespace

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  // Written in place: push_back per digit was 4% of verify (callgrind).
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.hex();
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(fmt::format("cannot read {}", path.string()));
  Sha256 h;
  read_through(in, [&](const char* p, std::size_t n) { h.update(p, n); });
  return h.hex();
}

std::string git_blob_id_of_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const auto size = static_cast<long long>(in.tellg());
  in.seekg(0);
  SHA_CTX ctx;
  if (size < 0 || SHA1_Init(&ctx) != 1) return {};
  const std::string header = fmt::format("blob {}", size);
  SHA1_Update(&ctx, header.c_str(), header.size() + 1);  // with its NUL
  const long long read = read_through(in, [&](const char* p, std::size_t n) { SHA1_Update(&ctx, p, n); });
  std::array<unsigned char, SHA_DIGEST_LENGTH> md{};
  SHA1_Final(md.data(), &ctx);
  if (read != size) return {};  // it changed as it was read
  return to_hex(md.data(), md.size());
}

}  // namespace interlink
