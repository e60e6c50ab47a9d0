// SHA-256 (OpenSSL libcrypto), as lowercase hex.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace interlink {

std::string sha256_hex(std::string_view bytes);
// Bytes as lowercase hex (a digest's), two digits each.
std::string to_hex(const unsigned char* bytes, std::size_t n);
// Streams a file through SHA-256 without holding it in memory.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace interlink
