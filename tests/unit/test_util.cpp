// Unit tests for lib/util: text helpers, the clock, hashing, atomic writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/random.hpp"
#include "util/table.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

using namespace interlink;

TEST_SUITE("util.text") {
  TEST_CASE("split reads parts as std::getline does") {
    using V = std::vector<std::string_view>;
    CHECK(text::split("a,,b,", ',') == V{"a", "", "b"});
    CHECK(text::split(",a", ',') == V{"", "a"});
    CHECK(text::split("..", '.') == V{"", ""});
    CHECK(text::split("a", ',') == V{"a"});
    CHECK(text::split("", ',').empty());
  }
  TEST_CASE("slugify transliterates and trims") {
    CHECK(text::slugify("Ministero dell'Economia e delle Finanze") == "ministero-delleconomia-e-delle-finanze");
    CHECK(text::slugify("Società Cooperativa Sociale «Il Ponte»") == "societa-cooperativa-sociale-il-ponte");
    CHECK(text::slugify("Rīgas dome") == "rigas-dome");
    CHECK(text::slugify("Łódź – Straße") == "lodz-strasse");
    CHECK(text::slugify("  --Hello,   World!--  ") == "hello-world");
    CHECK(text::slugify("東京") == "");
    // Every official language of the EU reads as ASCII: Romanian comma-below
    // letters, Bulgarian Cyrillic, Greek (ου as "ou"), ligatures.
    CHECK(text::slugify("Primăria Municipiului Iași") == "primaria-municipiului-iasi");
    CHECK(text::slugify("Ţara Şi Țara Și") == "tara-si-tara-si");
    CHECK(text::slugify("Столична община") == "stolichna-obshtina");
    CHECK(text::slugify("Щастие Юг Ябълка Ъгъл Ёлка") == "shtastie-yug-yabalka-agal-elka");
    CHECK(text::slugify("Δήμος Αθηναίων") == "dimos-athinaion");
    CHECK(text::slugify("Υπουργείο Ψηφιακής Διακυβέρνησης") == "ypourgeio-psifiakis-diakyvernisis");
    CHECK(text::slugify("ΟΥΡΑΝΟΣ Χίος Ξάνθη") == "ouranos-chios-xanthi");
    CHECK(text::slugify("ﬁnance ﬂow") == "finance-flow");
    auto long_slug = text::slugify(std::string(30, 'a') + " " + std::string(30, 'b') + " " + std::string(30, 'c'));
    CHECK(long_slug.size() <= 64);
    CHECK(long_slug == std::string(30, 'a') + "-" + std::string(30, 'b'));
  }
  TEST_CASE("is_slug") {
    CHECK(text::is_slug("pspm"));
    CHECK(text::is_slug("a-1"));
    CHECK_FALSE(text::is_slug("-a"));
    CHECK_FALSE(text::is_slug("A"));
    CHECK_FALSE(text::is_slug("a_b"));
    CHECK_FALSE(text::is_slug(""));
    CHECK_FALSE(text::is_slug(std::string(65, 'a')));
  }
  TEST_CASE("did you mean") {
    CHECK(text::did_you_mean("partnershp", {"partnership", "platform"}) == " (did you mean 'partnership'?)");
    CHECK(text::did_you_mean("zzz", {"partnership", "platform"}) == "");
    CHECK(text::did_you_mean("platform", {"platform"}) == "");
  }
  TEST_CASE("utf8") {
    CHECK(text::valid_utf8("plain ascii"));
    CHECK(text::valid_utf8("Società €"));
    CHECK(text::invalid_utf8_at("ab\xff") == 2);
    CHECK(text::invalid_utf8_at("\xc0\xaf") == 0);       // overlong '/'
    CHECK(text::invalid_utf8_at("x\xed\xa0\x80") == 1);  // surrogate
    CHECK(text::invalid_utf8_at("\xe2\x82") == 0);       // truncated
  }
  TEST_CASE("display width: wide characters take two columns, combining marks none") {
    CHECK(text::display_width("Plain Org") == 9);
    CHECK(text::display_width("Società €") == 9);
    CHECK(text::display_width("Rocket \xF0\x9F\x9A\x80 Lab") == 13);  // U+1F680 rocket: 2
    CHECK(text::display_width("\xE6\x9D\xB1\xE4\xBA\xAC") == 4);      // 東京: 2 each
    CHECK(text::display_width("\xEF\xBC\xA1") == 2);                  // fullwidth A
    CHECK(text::display_width("Socie\xCC\x81te\xCC\x81") == 7);       // e + combining acute (NFD)
    CHECK(text::display_width("a\xff"
                              "b") == 3);  // a byte that is not UTF-8: one
  }
  TEST_CASE("a table pads its columns to what a terminal shows") {
    // Every cell after the name starts in the same terminal column, whatever
    // the name holds (the `stakeholders` table was one column off after an emoji).
    auto out = text::table({{"ID", "NAME", "SECTOR"},
                            {"plain", "Plain Org", "public"},
                            {"rocket", "Rocket \xF0\x9F\x9A\x80 Lab", "private"},
                            {"tokyo", "\xE6\x9D\xB1\xE4\xBA\xAC Office", "public"},
                            {"nfd", "Socie\xCC\x81te\xCC\x81", "academia"}});
    CHECK(out ==
          "ID      NAME           SECTOR\n"
          "plain   Plain Org      public\n"
          "rocket  Rocket \xF0\x9F\x9A\x80 Lab  private\n"
          "tokyo   \xE6\x9D\xB1\xE4\xBA\xAC Office    public\n"
          "nfd     Socie\xCC\x81te\xCC\x81        academia\n");
  }
}

TEST_SUITE("util.clock") {
  TEST_CASE("dates") {
    CHECK(clock::parse_date("2024-02-29").has_value());
    CHECK_FALSE(clock::parse_date("2023-02-29").has_value());
    CHECK_FALSE(clock::parse_date("2026-13-01").has_value());
    CHECK_FALSE(clock::parse_date("2026-1-01").has_value());
    CHECK(clock::format_iso(0) == "1970-01-01T00:00:00Z");
    CHECK(clock::format_iso(1767225600) == "2026-01-01T00:00:00Z");
    CHECK(clock::parse_time("2026-01-01T00:00:00Z") == 1767225600);
    CHECK(clock::parse_time("2026-01-01") == 1767225600);
    CHECK_FALSE(clock::parse_time("2026-01-01T25:00:00Z").has_value());
    CHECK(clock::parse_date("2026-10-30")->next_day().str() == "2026-10-31");
    CHECK(clock::parse_date("2026-10-31")->next_day().str() == "2026-11-01");
    CHECK(clock::parse_date("2028-02-28")->next_day().str() == "2028-02-29");
    CHECK(clock::parse_date("2026-12-31")->next_day().str() == "2027-01-01");
  }
  TEST_CASE("SOURCE_DATE_EPOCH fixes the clock") {
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
    CHECK(clock::now_iso() == "2026-01-01T00:00:00Z");
    CHECK(clock::today() == "2026-01-01");
    unsetenv("SOURCE_DATE_EPOCH");
  }
}

TEST_SUITE("util.hash") {
  TEST_CASE("sha256 of known vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  TEST_CASE("a file's git blob id is git's, for every size") {
    // `git hash-object` of the same bytes; past 1 MiB, the file is read in
    // more than one piece.
    auto dir = std::filesystem::temp_directory_path() / "interlink-unit-blob";
    std::filesystem::remove_all(dir);
    fs::write_file_atomic(dir / "empty", "");
    fs::write_file_atomic(dir / "hello", "hello\n");
    fs::write_file_atomic(dir / "big", std::string((1u << 20) + 3, 'x'));
    CHECK(git_blob_id_of_file(dir / "empty") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    CHECK(git_blob_id_of_file(dir / "hello") == "ce013625030ba8dba906f756967f9e9ca394464a");
    CHECK(git_blob_id_of_file(dir / "big") == "1b8d48aba41ff3537f8926fa71a2711384f1a0fd");
    CHECK(git_blob_id_of_file(dir / "missing").empty());
    std::filesystem::remove_all(dir);
  }
}

TEST_SUITE("util.random") {
  TEST_CASE("random_bytes fills every byte, and two draws differ") {
    // A draw that wrote nothing, or only its first bytes, leaves zeros at the end.
    std::vector<unsigned char> a(1000, 0), b(1000, 0);
    REQUIRE(random_bytes(a.data(), a.size()));
    REQUIRE(random_bytes(b.data(), b.size()));
    CHECK(a != b);
    // Zeros in a 100-byte tail of a fair draw: 1 in 2^800.
    CHECK(std::any_of(a.end() - 100, a.end(), [](unsigned char c) { return c != 0; }));
    CHECK(std::any_of(b.end() - 100, b.end(), [](unsigned char c) { return c != 0; }));
    unsigned char none = 7;
    CHECK(random_bytes(&none, 0));
    CHECK(none == 7);
  }
}

TEST_SUITE("util.fs") {
  TEST_CASE("atomic write replaces whole content and leaves no temporary file") {
    auto dir = std::filesystem::temp_directory_path() / "interlink-unit-fs";
    std::filesystem::remove_all(dir);
    fs::write_file_atomic(dir / "sub" / "a.txt", "one\n");
    fs::write_file_atomic(dir / "sub" / "a.txt", "two\n");
    CHECK(fs::read_file(dir / "sub" / "a.txt") == "two\n");
    int n = 0;
    for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir / "sub")) ++n;
    CHECK(n == 1);
    CHECK_THROWS_AS(fs::read_file(dir / "sub" / "a.txt", 2), Error);
    CHECK_FALSE(fs::read_file_if_exists(dir / "missing").has_value());
    std::filesystem::remove_all(dir);
  }
}

TEST_SUITE("util.fs") {
  TEST_CASE("a whole read reads every byte, whatever the size the file reports, within the limit") {
    auto dir = std::filesystem::temp_directory_path() / "interlink-unit-fs-read";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string big(200000, 'x');  // more than one read's worth before
    fs::write_file_atomic(dir / "big.txt", big);
    CHECK(fs::read_file(dir / "big.txt") == big);
    fs::write_file_atomic(dir / "empty.txt", "");
    CHECK(fs::read_file(dir / "empty.txt").empty());
    // /proc reports a size of 0 for files that hold text: read to the end.
    const std::string status = fs::read_file("/proc/self/status");
    CHECK(status.find("Name:") == 0);
    CHECK(status.find("\nPid:") != std::string::npos);
    CHECK(status.back() == '\n');
    CHECK(fs::read_file("/proc/self/status", SIZE_MAX).find("\nPid:") != std::string::npos);  // no limit
    // ... and the limit holds for bytes the size did not announce.
    CHECK_THROWS_WITH_AS(fs::read_file("/proc/self/status", 16), doctest::Contains("larger than the limit of 16"),
                         Error);
    CHECK_THROWS_WITH_AS(fs::read_file(dir), doctest::Contains("is a folder"), Error);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a batch writes, replaces and removes files and leaves no temporary file") {
    auto dir = std::filesystem::temp_directory_path() / "interlink-unit-fs-batch";
    std::filesystem::remove_all(dir);
    fs::write_file_atomic(dir / "old.txt", "old\n");
    fs::write_file_atomic(dir / "gone.txt", "gone\n");
    fs::write_files_atomic(dir, {{"old.txt", std::string("new\n")},
                                 {"sub/a.yaml", std::string("a\n")},
                                 {"gone.txt", std::nullopt},
                                 {"never-there.txt", std::nullopt}});
    CHECK(fs::read_file(dir / "old.txt") == "new\n");
    CHECK(fs::read_file(dir / "sub" / "a.yaml") == "a\n");
    CHECK_FALSE(std::filesystem::exists(dir / "gone.txt"));
    int n = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    CHECK(n == 2);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a batch is made durable before its renames: a few files each, many by one syncfs") {
    auto dir = std::filesystem::temp_directory_path() / "interlink-unit-fs-sync";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto batch = [&](int n) {
      std::vector<std::pair<std::string, std::optional<std::string>>> files;
      for (int i = 0; i < n; ++i) files.emplace_back("f" + std::to_string(i) + ".txt", std::string("x\n"));
      files.emplace_back("absent.txt", std::nullopt);  // a removal syncs nothing of its own
      const fs::SyncCounts before = fs::sync_counts();
      fs::write_files_atomic(dir, files);
      const fs::SyncCounts after = fs::sync_counts();
      return std::pair{after.files - before.files, after.file_systems - before.file_systems};
    };
    CHECK(batch(1) == std::pair{1L, 0L});  // one add-stakeholder: its file alone
    CHECK(batch(4) == std::pair{4L, 0L});
    CHECK(batch(5) == std::pair{0L, 1L});  // an import: the file system once
    CHECK(batch(0) == std::pair{0L, 0L});
    std::filesystem::remove_all(dir);
  }
}

TEST_SUITE("util.fs") {
  TEST_CASE("temporary files are known by their names, and removed by the names of the files written") {
    CHECK(fs::is_temp_name(".a.yaml.tmp-0123abcd"));
    CHECK(fs::is_temp_name(".interlink.yaml.tmp-ABCDEF01"));
    CHECK_FALSE(fs::is_temp_name("a.yaml.tmp-0123abcd"));   // not hidden
    CHECK_FALSE(fs::is_temp_name(".a.yaml.tmp-0123abc"));   // 7 digits
    CHECK_FALSE(fs::is_temp_name(".a.yaml.tmp-0123abcg"));  // not hex
    CHECK_FALSE(fs::is_temp_name("..tmp-0123abcd"));        // of no name
    CHECK(fs::is_temp_of(".a.yaml.tmp-0123abcd", "a.yaml"));
    CHECK_FALSE(fs::is_temp_of(".a.yaml.tmp-0123abcd", "b.yaml"));
    CHECK_FALSE(fs::is_temp_of(".aa.yaml.tmp-0123abcd", "a.yaml"));
    CHECK_FALSE(fs::is_temp_of(".a.yaml.tmp-0123abcd", "a.yam"));

    auto dir = std::filesystem::temp_directory_path() / "interlink-unit-fs-temps";
    std::filesystem::remove_all(dir);
    for (const char* name : {"s/.a.yaml.tmp-0123abcd", "s/.a.yaml.tmp-89abcdef", "s/.b.yaml.tmp-0123abcd", "s/a.yaml",
                             ".top.yaml.tmp-0123abcd", ".other.tmp-0123abcd"}) {
      fs::write_file_atomic(dir / name, "x\n");
    }
    CHECK(fs::temp_files_in(dir, "s").size() == 3);
    CHECK(fs::temp_files_in(dir, "missing").empty());
    fs::remove_temps_of(dir, {"s/a.yaml", "top.yaml", "s/never-written.yaml"});
    std::vector<std::string> left;
    for (auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file()) left.push_back(std::filesystem::relative(e.path(), dir).string());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{".other.tmp-0123abcd", "s/.b.yaml.tmp-0123abcd", "s/a.yaml"});
    std::filesystem::remove_all(dir);
  }
}

TEST_SUITE("util.text") {
  TEST_CASE("whole_number reads decimal digits only, up to a bound") {
    CHECK(text::whole_number("0", 5) == 0u);
    CHECK(text::whole_number("3600000", 3600000) == 3600000u);
    CHECK_FALSE(text::whole_number("3600001", 3600000));
    for (const char* bad : {"", "-1", "+1", " 5", "5 ", "1e9", "10s", "0x10", "99999999999999999999999"})
      CHECK_MESSAGE(!text::whole_number(bad, UINT64_MAX), bad);
  }
  TEST_CASE("shell_quote leaves plain words and single-quotes the rest") {
    CHECK(text::shell_quote("plain/dir-1.2") == "plain/dir-1.2");
    CHECK(text::shell_quote("My Project") == "'My Project'");
    CHECK(text::shell_quote("it's") == "'it'\\''s'");
    CHECK(text::shell_quote("") == "''");
  }
}
