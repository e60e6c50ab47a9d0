// Unit tests for lib/util/git_config: user.name read from git's files as
// `git config user.name` prints it, "unsure" wherever git itself must answer;
// and util/git's look for a work tree without running git.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "ledger_scratch.hpp"
#include "util/fs.hpp"
#include "util/git.hpp"
#include "util/git_config.hpp"

using namespace interlink;
using State = gitconfig::Lookup::State;

TEST_SUITE("util.git_config") {
  TEST_CASE("the last user.name of the [user] section, comments and blanks trimmed") {
    auto l = gitconfig::user_name_in("[core]\n\tname = not this\n[User]\n\tName = Maria Rossi  # me\n");
    CHECK(l.state == State::set);
    CHECK(l.value == "Maria Rossi");
    l = gitconfig::user_name_in("[user]\nname = A\n[user]\n  email = a@x\n  name=B\n");
    CHECK(l.value == "B");
    CHECK(gitconfig::user_name_in("[user]\n\temail = a@example.org\n").state == State::unset);
    CHECK(gitconfig::user_name_in("[user \"sub\"]\n\tname = no\n").state == State::unset);
    CHECK(gitconfig::user_name_in("").state == State::unset);
  }

  TEST_CASE("what git must read itself is unsure") {
    for (const char* text :
         {"[include]\n\tpath = other\n[user]\n\tname = A\n", "[includeIf \"gitdir:~/work/\"]\n\tpath = work\n",
          "[user]\n\tname = \"Quoted Name\"\n", "[user]\n\tname = A \\\n B\n", "[user] name = Inline\n",
          "[user]\n\tname\n", "[extensions]\n\tworktreeConfig = true\n"}) {
      CAPTURE(text);
      CHECK(gitconfig::user_name_in(text).state == State::unsure);
    }
  }
}

TEST_SUITE("util.git") {
  // Whether a folder may be in a git work tree, found without running git;
  // git itself is the oracle for the scratch folder.
  TEST_CASE("a folder with no .git above it is outside any work tree; a link is followed as git -C does") {
    ledger_test::Scratch s;
    const git::Result where = git::run(s.dir, {"rev-parse", "--is-inside-work-tree"});
    // Only where git says the scratch folder is outside (TMPDIR may be inside a repository).
    if (where.err.find("not a git repository") == std::string::npos) return;
    CHECK_FALSE(git::may_be_in_work_tree(s.dir));
    std::filesystem::create_directories(s.dir / "repo" / ".git");
    std::filesystem::create_directories(s.dir / "repo" / "sub");
    std::filesystem::create_directories(s.dir / "else");
    std::filesystem::create_directory_symlink(s.dir / "repo" / "sub", s.dir / "else" / "link");
    CHECK(git::may_be_in_work_tree(s.dir / "repo" / "sub"));
    CHECK(git::may_be_in_work_tree(s.dir / "else" / "link"));
    CHECK_FALSE(git::may_be_in_work_tree(s.dir / "else"));
    // A bare repository, or a folder inside one, is git's to judge.
    std::filesystem::create_directories(s.dir / "bare" / "objects");
    interlink::fs::write_file_atomic(s.dir / "bare" / "HEAD", "ref: refs/heads/main\n");
    CHECK(git::may_be_in_work_tree(s.dir / "bare"));
    ::setenv("GIT_DIR", (s.dir / "repo" / ".git").c_str(), 1);
    CHECK(git::may_be_in_work_tree(s.dir / "else"));
    ::unsetenv("GIT_DIR");
  }
}
