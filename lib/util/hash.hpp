// SHA-256 (OpenSSL libcrypto), as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace interlink {

std::string sha256_hex(std::string_view bytes);
// Streams a file through SHA-256 without holding it in memory.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace interlink
