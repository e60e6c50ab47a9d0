// Unit tests for lib/io/cache_seal and its use by lib/io/cache_files: a cache
// file is read back only when this user's key sealed it under its own name;
// the key is made private, and one that others could read or swap is not
// used at all.
#include <doctest/doctest.h>

#include <stdlib.h>  // setenv
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/cache_files.hpp"
#include "io/cache_seal.hpp"
#include "ledger_scratch.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

namespace {

// Points the key at a folder of the test's own, and back when it ends.
struct StateHome {
  std::string was;
  explicit StateHome(const stdfs::path& dir) {
    const char* v = std::getenv("XDG_STATE_HOME");
    was = v ? v : "";
    ::setenv("XDG_STATE_HOME", dir.c_str(), 1);
  }
  StateHome(const StateHome&) = delete;
  StateHome& operator=(const StateHome&) = delete;
  ~StateHome() { ::setenv("XDG_STATE_HOME", was.c_str(), 1); }
};

std::string read(const stdfs::path& f) {
  std::ifstream in(f, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t mode_of(const stdfs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("seal: the key is made once, private, and only by a writer") {
  ledger_test::Scratch tmp;
  StateHome home(tmp / "state");
  const stdfs::path key = tmp / "state" / "interlink" / "cache.key";
  CHECK(io::CacheSeal::key_path() == key);
  CHECK(io::CacheSeal::get(false) == nullptr);  // a reader makes no key
  CHECK_FALSE(stdfs::exists(key));
  const io::CacheSeal* made = io::CacheSeal::get(true);
  REQUIRE(made != nullptr);
  CHECK(stdfs::file_size(key) == io::CacheSeal::kKeyBytes);
  CHECK(mode_of(key) == 0600);
  CHECK(mode_of(key.parent_path()) == 0700);
  CHECK(io::CacheSeal::get(false) == made);
  const std::string sealed = made->seal("plan.pack", "bytes");
  CHECK(sealed.size() == 5 + io::CacheSeal::kTagBytes);
  CHECK(made->open("plan.pack", sealed) == std::optional<std::string_view>("bytes"));
}

TEST_CASE("seal: another name, another key, a changed or cut file does not open") {
  ledger_test::Scratch tmp;
  std::string sealed;
  {
    StateHome home(tmp / "one");
    const io::CacheSeal* one = io::CacheSeal::get(true);
    REQUIRE(one != nullptr);
    sealed = one->seal("state.pack", "the state");
    CHECK(one->open("state.pack", sealed).has_value());
    CHECK_FALSE(one->open("items.pack", sealed).has_value());
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      std::string changed = sealed;
      changed[i] = static_cast<char>(changed[i] ^ 1);
      CHECK_FALSE(one->open("state.pack", changed).has_value());
    }
    CHECK_FALSE(one->open("state.pack", sealed.substr(0, sealed.size() - 1)).has_value());
    CHECK_FALSE(one->open("state.pack", sealed.substr(1)).has_value());
    CHECK_FALSE(one->open("state.pack", "").has_value());
  }
  StateHome home(tmp / "two");
  const io::CacheSeal* two = io::CacheSeal::get(true);
  REQUIRE(two != nullptr);
  CHECK_FALSE(two->open("state.pack", sealed).has_value());
}

TEST_CASE("seal in two parts: the head is under the tag, the tail is not, and neither kind opens as the other") {
  ledger_test::Scratch tmp;
  std::string split;
  {
    StateHome home(tmp / "one");
    const io::CacheSeal* one = io::CacheSeal::get(true);
    REQUIRE(one != nullptr);
    auto make = [&](std::string_view name, std::string_view head, std::string_view tail) {
      const auto tag = one->split_tag(name, head);
      return std::string(head) + std::string(tail) + io::CacheSeal::split_size(head.size()) +
             std::string(reinterpret_cast<const char*>(tag.data()), tag.size());
    };
    split = make("step.pack", "the head", "the tail");
    auto parts = one->open_split("step.pack", split);
    REQUIRE(parts.has_value());
    CHECK(parts->head == "the head");
    CHECK(parts->tail == "the tail");
    CHECK(one->open_split("step.pack", make("step.pack", "", "")).has_value());
    // Under another name, or opened whole: refused.
    CHECK_FALSE(one->open_split("state.pack", split).has_value());
    CHECK_FALSE(one->open("step.pack", split).has_value());
    // A whole-file seal of the same bytes is not a split one either.
    CHECK_FALSE(one->open_split("step.pack", one->seal("step.pack", "the headthe tail")).has_value());
    // Any byte of the head, of the head's size or of the tag changed: refused.
    // A byte of the tail changed: opened, the change kept for its reader to
    // find (records.hpp checks it against the hashes in the head).
    for (std::size_t i = 0; i < split.size(); ++i) {
      std::string changed = split;
      changed[i] = static_cast<char>(changed[i] ^ 1);
      const bool in_tail = i >= 8 && i < 16;
      INFO("byte ", i);
      CHECK(one->open_split("step.pack", changed).has_value() == in_tail);
    }
    // Cut, or with a head said longer than the file: refused.
    CHECK_FALSE(one->open_split("step.pack", split.substr(0, split.size() - 1)).has_value());
    CHECK_FALSE(one->open_split("step.pack", split.substr(1)).has_value());
    CHECK_FALSE(one->open_split("step.pack", "").has_value());
    const std::string too_long = "the head" + io::CacheSeal::split_size(1000) + std::string(32, 'x');
    CHECK_FALSE(one->open_split("step.pack", too_long).has_value());
  }
  StateHome home(tmp / "two");
  const io::CacheSeal* two = io::CacheSeal::get(true);
  REQUIRE(two != nullptr);
  CHECK_FALSE(two->open_split("step.pack", split).has_value());
}

TEST_CASE("seal: a key others can read, or a link to one, is not used") {
  ledger_test::Scratch tmp;
  {
    StateHome home(tmp / "open");
    REQUIRE(io::CacheSeal::get(true) != nullptr);
    ::chmod((tmp / "open" / "interlink" / "cache.key").c_str(), 0644);
  }
  io::CacheSeal::get(false);  // another key path: the next get() reads the key again
  {
    StateHome home(tmp / "open");
    CHECK(io::CacheSeal::get(false) == nullptr);
    CHECK(io::CacheSeal::get(true) == nullptr);  // nor replaced
  }
  {
    StateHome home(tmp / "link");
    stdfs::create_directories(tmp / "link" / "interlink");
    ::chmod((tmp / "link" / "interlink").c_str(), 0700);
    ::chmod((tmp / "open" / "interlink" / "cache.key").c_str(), 0600);
    stdfs::create_symlink(tmp / "open" / "interlink" / "cache.key", tmp / "link" / "interlink" / "cache.key");
    CHECK(io::CacheSeal::get(true) == nullptr);
  }
  {
    StateHome home(tmp / "shared");  // a folder others may write into: no key made there
    stdfs::create_directories(tmp / "shared" / "interlink");
    ::chmod((tmp / "shared" / "interlink").c_str(), 0777);
    CHECK(io::CacheSeal::get(true) == nullptr);
  }
  {
    StateHome home(tmp / "opened");  // nor one used there, however good
    REQUIRE(io::CacheSeal::get(true) != nullptr);
    ::chmod((tmp / "opened" / "interlink").c_str(), 0777);
  }
  io::CacheSeal::get(false);
  {
    StateHome home(tmp / "opened");
    CHECK(io::CacheSeal::get(false) == nullptr);
  }
  {
    StateHome home(tmp / "linked");  // a key hard-linked from elsewhere
    stdfs::create_directories(tmp / "linked" / "interlink");
    ::chmod((tmp / "linked" / "interlink").c_str(), 0700);
    stdfs::create_hard_link(tmp / "open" / "interlink" / "cache.key", tmp / "linked" / "interlink" / "cache.key");
    CHECK(io::CacheSeal::get(true) == nullptr);
  }
}

TEST_CASE("cache files: read back only when this user's key sealed them") {
  ledger_test::Scratch tmp;
  const stdfs::path root = tmp / "project";
  stdfs::create_directories(root);
  {
    StateHome home(tmp / "other");
    REQUIRE(io::write_cache_file(root, "plan-readable", "interlink 1 abc", true));
    CHECK(io::read_cache_file(root, "plan-readable", 4096) == std::optional<std::string>("interlink 1 abc"));
  }
  StateHome home(tmp / "mine");
  REQUIRE(io::CacheSeal::get(true) != nullptr);
  // Sealed by another key, or not sealed at all: a miss.
  CHECK_FALSE(io::read_cache_file(root, "plan-readable", 4096).has_value());
  ledger_test::write_file(root / ".interlink" / "cache" / "plan-readable", "interlink 1 abc");
  CHECK_FALSE(io::read_cache_file(root, "plan-readable", 4096).has_value());
  // Written by this user: the bytes, without the seal; under its name only.
  REQUIRE(io::write_cache_file(root, "plan-readable", "interlink 1 abc", true));
  const std::string on_disk = read(root / ".interlink" / "cache" / "plan-readable");
  CHECK(on_disk.size() == 15 + io::CacheSeal::kTagBytes);
  CHECK(io::read_cache_file(root, "plan-readable", 4096) == std::optional<std::string>("interlink 1 abc"));
  CHECK(io::read_cache_file(root, "plan-readable", 15) == std::optional<std::string>("interlink 1 abc"));
  CHECK_FALSE(io::read_cache_file(root, "plan-readable", 14).has_value());
  ledger_test::write_file(root / ".interlink" / "cache" / "renamed", on_disk);
  CHECK_FALSE(io::read_cache_file(root, "renamed", 4096).has_value());
}
