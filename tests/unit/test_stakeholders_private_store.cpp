// Unit tests for lib/stakeholders/private_store: where personal data lives,
// and that erasing leaves no byte of it in the folder.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "ledger_scratch.hpp"
#include "privacy/screen.hpp"
#include "stakeholders/private_store.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

using namespace interlink;
using namespace interlink::stakeholders;
using interlink::fs::link_refusal;
namespace stdfs = std::filesystem;

namespace {

// True if needle occurs in any file under dir.
bool anywhere(const stdfs::path& dir, const std::string& needle) {
  for (const auto& e : stdfs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

unsigned mode_of(const stdfs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777u;
}

// Leaves what a command killed in the middle of a commit to the store leaves:
// a child process changes every row and dies inside its transaction, so that
// the store's journal is hot (SQLite plays it back before any read).
void leave_hot_journal(const stdfs::path& db) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
      c.exec("PRAGMA synchronous=OFF");  // the journal's header is written at once
      c.exec("BEGIN IMMEDIATE");
      c.exec("UPDATE contacts SET email = 'half-written@example.org'");
      ::_exit(0);  // inside the transaction, the connection open: as a kill
    } catch (...) {
      ::_exit(2);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  std::string journal = fs::read_file(db.string() + "-journal");
  REQUIRE(journal.substr(0, 8) == std::string("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", 8));
}

}  // namespace

TEST_SUITE("stakeholders.private_store") {
  TEST_CASE("a write a killed command left is rolled back by the next reader, also one opened before") {
    // A read-only connection cannot play a journal back: every command that
    // screens text opens the store read-only first, and all of them failed
    // with "attempt to write a readonly database" after one kill.
    ledger_test::Scratch s;
    const auto db = PrivateStore::path_for(s.dir);
    PrivateStore::open(s.dir, true).put("p-1", {"Ada Lovelace", "ada@example.org", ""});
    auto early = PrivateStore::open(s.dir, false);  // a command's reader, kept open (project::Handle)
    leave_hot_journal(db);
    CHECK(early.get("p-1")->email == "ada@example.org");
    CHECK_FALSE(stdfs::exists(db.string() + "-journal"));
    leave_hot_journal(db);
    CHECK(PrivateStore::open(s.dir, false).person_names_in("Ada") == std::vector<std::string>{"Ada Lovelace"});
    CHECK_FALSE(stdfs::exists(db.string() + "-journal"));
    leave_hot_journal(db);
    auto writer = PrivateStore::open(s.dir, true);
    CHECK(writer.get("p-1")->email == "ada@example.org");
  }
  TEST_CASE("a store opened to be checked reports a write a killed command left, and leaves it") {
    ledger_test::Scratch s;
    const auto db = PrivateStore::path_for(s.dir);
    PrivateStore::open(s.dir, true).put("p-1", {"Ada Lovelace", "ada@example.org", ""});
    leave_hot_journal(db);
    const std::string before = fs::read_file(db);
    try {
      (void)PrivateStore::open_to_check(s.dir).all();
      FAIL("no error");
    } catch (const InterruptedWrite& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(e.message().find("private.db-journal is left") != std::string::npos);
    }
    CHECK(fs::read_file(db) == before);
    CHECK(stdfs::exists(db.string() + "-journal"));
    CHECK(PrivateStore::open(s.dir, false).get("p-1")->email == "ada@example.org");
  }
  TEST_CASE("a reader of a project without a store gets an empty one and creates nothing") {
    ledger_test::Scratch s;
    auto store = PrivateStore::open(s.dir, false);
    CHECK(store.all().empty());
    CHECK_FALSE(store.get("p-x").has_value());
    CHECK_FALSE(stdfs::exists(s / ".interlink"));
  }
  TEST_CASE("a writer creates a private folder that git ignores by itself") {
    ledger_test::Scratch s;
    {
      auto store = PrivateStore::open(s.dir, true);
      store.put("p-abcdefgh", {"Ada Lovelace", "ada@example.org", "+39 06 1234"});
    }
    CHECK(mode_of(s / ".interlink") == 0700u);
    CHECK(mode_of(PrivateStore::path_for(s.dir)) == 0600u);
    CHECK(fs::read_file(s / ".interlink/.gitignore").find("\n*\n") != std::string::npos);
    auto again = PrivateStore::open(s.dir, false);
    CHECK(again.get("p-abcdefgh") == Contact{"Ada Lovelace", "ada@example.org", "+39 06 1234"});
  }
  TEST_CASE("the store itself refuses a linked .interlink or private.db, to read or to write") {
    // Commands check the project's layout first; the store must not rely on
    // it: a committed '.interlink -> reports' would send names into tracked
    // files, and a linked private.db would read someone else's database.
    ledger_test::Scratch s;
    stdfs::create_directories(s / "reports");
    stdfs::create_directory_symlink("reports", s / ".interlink");
    for (bool write : {false, true}) {
      CAPTURE(write);
      try {
        (void)PrivateStore::open(s.dir, write);
        FAIL("a linked .interlink was opened");
      } catch (const Error& e) {
        CHECK(e.status() == ExitStatus::unreadable);
        CHECK(e.pos().str() == ".interlink");
        CHECK(e.message() == link_refusal());
      }
    }
    CHECK_FALSE(stdfs::exists(s / "reports" / "private.db"));
    stdfs::remove(s / ".interlink");
    stdfs::create_directory(s / ".interlink");
    { std::ofstream(s / "other.db") << ""; }
    stdfs::create_symlink("../other.db", s / ".interlink" / "private.db");
    try {
      (void)PrivateStore::open(s.dir, false);
      FAIL("a linked private.db was opened");
    } catch (const Error& e) {
      CHECK(e.pos().str() == ".interlink/private.db");
      CHECK(e.message() == link_refusal());
    }
  }
  TEST_CASE("person_names_in asks the store for the names that may occur in a text, never fewer") {
    auto store = PrivateStore::open_memory();
    store.put("p-1", {"Ada Lovelace", "", ""});
    store.put("p-2", {"  Grace   Hopper ", "", ""});
    store.put("p-3", {"\xc3\x89mile Zola", "", ""});  // Émile: keyed "émile"
    store.put("p-4", {"Alan\tTuring", "", ""});
    store.put("p-5", {"(Bob) Smith", "", ""});         // starts with no word: always a candidate
    store.put("o-1", {"", "office@example.org", ""});  // no name
    using V = std::vector<std::string>;
    const V always = {"(Bob) Smith"};
    CHECK(store.person_names_in("nothing to see") == always);
    CHECK(store.person_names_in("as ADA lovelace said") == V{"(Bob) Smith", "Ada Lovelace"});
    // Folded like the screen folds: case, blanks, NFD against NFC.
    CHECK(store.person_names_in("GRACE\nhopper") == V{"  Grace   Hopper ", "(Bob) Smith"});
    CHECK(store.person_names_in("E\xcc\x81MILE") == V{"(Bob) Smith", "\xc3\x89mile Zola"});
    CHECK(store.person_names_in("alan") == V{"(Bob) Smith", "Alan\tTuring"});
    // A first word is a whole word of the text: "Adaptive" holds no "Ada".
    CHECK(store.person_names_in("Adaptive") == always);
    // Every name the full list finds in a text is among the candidates.
    for (const char* text : {"Ada Lovelace", "grace hopper", "\xc3\xa9mile zola", "alan turing", "(bob) smith"}) {
      auto candidates = store.person_names_in(text);
      for (const auto& n : store.person_names()) {
        const bool found = privacy::personal_data_in(text, {n}).has_value();
        CHECK_MESSAGE((!found || std::find(candidates.begin(), candidates.end(), n) != candidates.end()), n);
      }
    }
  }
  TEST_CASE("the screen finds in a text what it finds with every name, whatever the names and the text") {
    // Seeded random names and texts from a small alphabet of tricky pieces
    // (accents composed and not, other scripts, punctuation, blanks, case):
    // the verdict against the candidates is the verdict against all names.
    const std::vector<std::string> pieces = {"ana",
                                             "Ana",
                                             "ANA",
                                             "b\xc3\xa9"
                                             "a",
                                             "be\xcc\x81"
                                             "a",
                                             "\xce\xb1\xce\xb2",
                                             "o'",
                                             "-",
                                             " ",
                                             "\t",
                                             "  ",
                                             "(",
                                             "x1",
                                             "\xe2\x84\xaa",
                                             "k",
                                             ".",
                                             "\xc3\x9f",
                                             "ss"};
    std::mt19937 rng(7);
    auto phrase = [&](int max) {
      std::string out;
      for (int n = 1 + static_cast<int>(rng() % static_cast<unsigned>(max)); n > 0; --n)
        out += pieces[rng() % pieces.size()];
      return out;
    };
    for (int round = 0; round < 200; ++round) {
      auto store = PrivateStore::open_memory();
      std::vector<std::string> names;
      for (int i = 0; i < 6; ++i) {
        names.push_back(phrase(4));
        store.put("p-" + std::to_string(i), {names.back(), "", ""});
      }
      for (int t = 0; t < 10; ++t) {
        const std::string text = phrase(8);
        const bool with_all = privacy::personal_data_in(text, names).has_value();
        const bool with_candidates = privacy::personal_data_in(text, store.person_names_in(text)).has_value();
        CHECK_MESSAGE(with_all == with_candidates, "text '" << text << "'");
      }
    }
  }
  TEST_CASE("a store made before names had a key is screened by a scan, and keyed on its first write") {
    ledger_test::Scratch s;
    stdfs::create_directory(s / ".interlink");
    {
      SQLite::Database db((s / ".interlink" / "private.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec(fmt::format("PRAGMA application_id={}", kPrivateApplicationId));
      db.exec(fmt::format("PRAGMA user_version={}", kPrivateFormatVersion));
      db.exec(
          "CREATE TABLE contacts (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', "
          "email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', pending INTEGER NOT NULL DEFAULT 0) "
          "WITHOUT ROWID");
      db.exec("INSERT INTO contacts (id, name) VALUES ('p-1', 'Ada Lovelace'), ('p-2', '\xc3\x89mile Zola')");
    }
    using V = std::vector<std::string>;
    // Read-only: no key column, the scan's superset (a name that is not
    // printable ASCII is always a candidate).
    CHECK(PrivateStore::open(s.dir, false).person_names_in("ada") == V{"Ada Lovelace", "\xc3\x89mile Zola"});
    CHECK(PrivateStore::open(s.dir, false).person_names_in("zed") == V{"\xc3\x89mile Zola"});
    // The first write adds the column and keys every row.
    {
      auto w = PrivateStore::open(s.dir, true);
      w.put("p-3", {"Zed Shaw", "", ""});
    }
    auto r = PrivateStore::open(s.dir, false);
    CHECK(r.person_names_in("ada") == V{"Ada Lovelace"});
    CHECK(r.person_names_in("zed") == V{"Zed Shaw"});
    CHECK(r.person_names_in("\xc3\xa9mile") == V{"\xc3\x89mile Zola"});
    CHECK(r.person_names_in("nobody").empty());
  }
  TEST_CASE("a reader's open leaves no transaction, so a writer can commit beside it") {
    ledger_test::Scratch s;
    PrivateStore::open(s.dir, true).put("p-1", {"Ada Lovelace", "", ""});
    auto reader = PrivateStore::open(s.dir, false);  // its checks run in one read transaction
    auto writer = PrivateStore::open(s.dir, true);
    CHECK_NOTHROW(writer.put("p-2", {"Grace Hopper", "", ""}));
    CHECK(reader.all().size() == 2);
  }
  TEST_CASE("put replaces, an empty contact deletes") {
    auto store = PrivateStore::open_memory();
    store.put("a", {"", "a@example.org", ""});
    store.put("a", {"", "b@example.org", ""});
    CHECK(store.get("a")->email == "b@example.org");
    store.put("a", {});
    CHECK_FALSE(store.get("a").has_value());
  }
  TEST_CASE("a transaction not committed leaves nothing") {
    ledger_test::Scratch s;
    auto store = PrivateStore::open(s.dir, true);
    {
      PrivateStore::Transaction tx(store);
      store.put("p-1", {"Zed", "", ""});
    }
    CHECK(store.all().empty());
    {
      PrivateStore::Transaction tx(store);
      store.put("p-1", {"Zed", "", ""});
      tx.commit();
    }
    CHECK(store.all().size() == 1);
  }
  TEST_CASE("erase leaves no byte of the person in the folder, and no journal") {
    ledger_test::Scratch s;
    auto store = PrivateStore::open(s.dir, true);
    {
      PrivateStore::Transaction tx(store);
      for (int i = 0; i < 300; ++i) {
        store.put("p-" + std::to_string(i),
                  {"Person Number " + std::to_string(i), "someone" + std::to_string(i) + "@example.org", ""});
      }
      store.put("p-ada", {"Augusta Ada Lovelace", "ada.lovelace@example.org", "+44 20 7946 0000"});
      tx.commit();
    }
    REQUIRE(anywhere(s.dir, "ada.lovelace@example.org"));
    CHECK(store.erase("p-ada"));
    CHECK_FALSE(store.erase("p-ada"));
    CHECK_FALSE(store.get("p-ada").has_value());
    CHECK(store.get("p-7")->name == "Person Number 7");
    for (const char* needle : {"ada.lovelace@example.org", "Augusta Ada Lovelace", "+44 20 7946 0000"}) {
      CAPTURE(needle);
      CHECK_FALSE(anywhere(s.dir, needle));
    }
    CHECK_FALSE(stdfs::exists(s / ".interlink/private.db-journal"));
  }
  TEST_CASE("pending rows: confirmed, discarded, or settled by what the ledger recorded") {
    ledger_test::Scratch s;
    auto store = PrivateStore::open(s.dir, true);
    store.put("p-kept", {"Kept", "", ""}, true);
    store.put("p-lost", {"Lost Forever", "lost@example.org", ""}, true);
    store.put("p-done", {"Done", "", ""});
    store.put("p-conf", {"Confirmed", "", ""}, true);
    store.confirm({"p-conf"});
    store.discard({"p-done"});  // not pending: discard leaves it
    CHECK(store.get("p-done").has_value());
    std::vector<std::string> asked;
    store.resolve_pending([&](const std::string& id) {
      asked.push_back(id);
      return id == "p-kept";
    });
    CHECK(asked == std::vector<std::string>{"p-kept", "p-lost"});
    CHECK(store.get("p-kept")->name == "Kept");
    CHECK_FALSE(store.get("p-lost").has_value());
    CHECK_FALSE(anywhere(s.dir, "lost@example.org"));
    asked.clear();
    store.resolve_pending([&](const std::string& id) {
      asked.push_back(id);
      return true;
    });
    CHECK(asked.empty());  // nothing pending any more
  }
  TEST_CASE("a file that is not a private store is refused") {
    ledger_test::Scratch s;
    stdfs::create_directories(s / ".interlink");
    fs::write_file_atomic(s / ".interlink/private.db", "not a database at all, just text that is long enough......");
    try {
      (void)PrivateStore::open(s.dir, false);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
    }
  }
}
