// The folder .interlink/ that holds the private store: its checks (no
// links, plain folder and file), its creation for the owner only and kept
// out of git, and what a command that shows names needs of it. Internal to
// lib/stakeholders (private_store.cpp); the public face is PrivateStore.
#pragma once

#include <filesystem>

namespace interlink::stakeholders::detail {

namespace stdfs = std::filesystem;

// Refuses (exit 3) a .interlink or private.db that is a link or not a plain
// folder or file. Either may be missing.
void check_private_layout(const stdfs::path& root);

// Makes .interlink/ and an empty private.db for the owner only, with a
// .gitignore; refuses (exit 1) a store git would commit, and (exit 4)
// another account's .interlink/.
void create_private_folder(const stdfs::path& root);

}  // namespace interlink::stakeholders::detail
