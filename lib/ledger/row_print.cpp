// See row_print.hpp. On OpenSSL's low-level SHA-256, as util/hash.cpp: its
// context is a plain struct, which is what lets a print be kept and resumed.
#include "ledger/row_print.hpp"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <cstring>

#include "util/error.hpp"
#include "util/hash.hpp"

namespace interlink::ledger {

static_assert(sizeof(SHA256_CTX) == 112, "RowPrint::kStateBytes must be sizeof(SHA256_CTX)");

namespace {

// The context is kept as bytes in the header (no OpenSSL there); it is
// copied in and out rather than aliased, which is both aligned and defined.
SHA256_CTX load(const std::array<unsigned char, 112>& bytes) {
  SHA256_CTX c;
  std::memcpy(&c, bytes.data(), sizeof c);
  return c;
}

void store(std::array<unsigned char, 112>& bytes, const SHA256_CTX& c) { std::memcpy(bytes.data(), &c, sizeof c); }

void field(SHA256_CTX& c, std::string_view s) {
  const unsigned long long n = s.size();
  unsigned char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  SHA256_Update(&c, len, sizeof len);
  SHA256_Update(&c, s.data(), s.size());
}

}  // namespace

RowPrint::RowPrint() {
  SHA256_CTX c;
  if (SHA256_Init(&c) != 1) os_failure("SHA-256 is unavailable");
  store(ctx_, c);
}

void RowPrint::add(const RecordView& r) {
  SHA256_CTX c = load(ctx_);
  for (std::string_view s : {r.hash, r.parents, r.time, r.actor, r.kind, r.subject, r.payload}) field(c, s);
  store(ctx_, c);
}

std::string RowPrint::hex() const {
  SHA256_CTX c = load(ctx_);
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_Final(md, &c);
  return to_hex(md, sizeof md);
}

std::string RowPrint::state() const { return {reinterpret_cast<const char*>(ctx_.data()), ctx_.size()}; }

std::optional<RowPrint> RowPrint::resume(std::string_view state) {
  if (state.size() != kStateBytes) return std::nullopt;
  RowPrint p;
  std::memcpy(p.ctx_.data(), state.data(), kStateBytes);
  // A state whose buffered byte count is out of range would make SHA-256
  // read past its block: refuse it (the file is sealed, but be strict).
  if (load(p.ctx_).num >= SHA256_CBLOCK) return std::nullopt;
  return p;
}

}  // namespace interlink::ledger
