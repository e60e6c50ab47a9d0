// Unit tests for lib/util/git_config: user.name read from git's files as
// `git config user.name` prints it, "unsure" wherever git itself must answer.
#include <doctest/doctest.h>

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
