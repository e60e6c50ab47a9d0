// SHA-256 (OpenSSL libcrypto), as lowercase hex; and git's id of a file's bytes.
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
// The id git gives a blob of the file's bytes as they are (SHA-1 of
// "blob <size>\0" and the bytes: a repository of SHA-1 objects), without
// running git, so without the filters a repository may configure. "" if the
// file cannot be read.
std::string git_blob_id_of_file(const std::filesystem::path& path);

}  // namespace interlink
