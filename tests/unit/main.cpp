// doctest's main for the unit tests.
//
// Commands seal their caches with a key kept in the user's state folder
// (io/cache_seal.hpp). The tests that write caches must not make one in the
// home of whoever runs them: the key goes to a scratch folder instead,
// removed at the end.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <stdlib.h>  // mkdtemp, setenv

#include <filesystem>
#include <string>

int main(int argc, char** argv) {
  std::string state = (std::filesystem::temp_directory_path() / "interlink-unit-state-XXXXXX").string();
  if (!::mkdtemp(state.data())) return 2;
  ::setenv("XDG_STATE_HOME", state.c_str(), 1);
  doctest::Context context(argc, argv);
  const int status = context.run();
  std::error_code ec;
  std::filesystem::remove_all(state, ec);
  return status;
}
