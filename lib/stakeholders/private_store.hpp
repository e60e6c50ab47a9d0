// The private store (SPEC §6): .interlink/private.db, untracked, holding what
// identifies people — a person's name, email and phone, and the contact email
// and phone of organizations and groups — keyed by stakeholder id. Nothing in
// it is ever copied to a tracked file or to the ledger.
//
// A command killed while it commits to the store leaves its journal
// (private.db-journal) to be rolled back: the next command that opens the
// store does it, reader or writer (private_store_sql.hpp), except validate,
// which never writes and reports it (open_to_check).
//
// SQLite with secure_delete (a deleted row is overwritten, not just unlinked)
// and a rollback journal deleted at each commit, so that erase() can leave no
// byte of a person behind; the folder is created 0700 with a .gitignore of
// "*", so that it stays out of git even where the project's .gitignore does
// not name it.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace interlink::stakeholders {

namespace stdfs = std::filesystem;

inline constexpr int kPrivateApplicationId = 0x494C4E50;  // "ILNP"
inline constexpr int kPrivateFormatVersion = 1;

struct Contact {
  std::string name;  // persons only; an organization's name is in its tracked file
  std::string email;
  std::string phone;

  [[nodiscard]] bool empty() const { return name.empty() && email.empty() && phone.empty(); }
  bool operator==(const Contact&) const = default;
};

// What a store opened with PrivateStore::open_to_check() throws when the
// journal of an interrupted write is still to be rolled back.
class InterruptedWrite : public Error {
 public:
  using Error::Error;
};

class PrivateStore {
 public:
  // root/.interlink/private.db
  static stdfs::path path_for(const stdfs::path& root);

  // Opens the store of the project at root. When the file does not exist, a
  // reader gets an empty store and nothing is created; a writer creates the
  // folder and the file. Refuses (exit 3) a file that is not a private store,
  // and a .interlink or private.db that is a symbolic link or not a plain
  // folder or file; a writer also refuses (exit 1), inside a git work tree, a
  // store that git does not ignore.
  static PrivateStore open(const stdfs::path& root, bool write);
  // Opens for reading like open(root, false), but never writes, not even to
  // roll back a write that a killed command cut short: such a store throws
  // InterruptedWrite (exit 3), when opened or read. For validate (SPEC §8).
  static PrivateStore open_to_check(const stdfs::path& root);
  // An in-memory store (tests).
  static PrivateStore open_memory();
  // For a command asked to show names (--with-names): whether the project
  // has a store to read them from. Another account's store (its .interlink/
  // is mode 0700, in a folder both accounts share) is refused with exit 4,
  // saying whose it is, rather than read as empty: the user asked for names.
  static bool present_for_names(const stdfs::path& root);

  PrivateStore(PrivateStore&&) noexcept;
  PrivateStore& operator=(PrivateStore&&) noexcept;
  ~PrivateStore();

  [[nodiscard]] std::optional<Contact> get(const std::string& id) const;
  [[nodiscard]] std::map<std::string, Contact> all() const;
  // The names of the persons held (only persons have a name here), sorted:
  // what privacy::check_free_text screens free text against.
  [[nodiscard]] std::vector<std::string> person_names() const;
  // Of those names, the ones that may occur in text (a superset of those
  // privacy::personal_data_in finds there): those whose key
  // (privacy::name_key, kept in an indexed column) is a word of the text or
  // "", found through the index. What a command screens one text against,
  // without reading every person's name and folding it (issue 10: on 10,000
  // persons a scan and fold of every name was 93 M of the 125 M instructions
  // of `feedback add`). A store whose rows have no key yet (made by an
  // earlier interlink and never written since) is scanned as before.
  [[nodiscard]] std::vector<std::string> person_names_in(std::string_view text) const;

  // Inserts or replaces id's contact; an empty contact deletes the row.
  // pending marks a row written for a ledger change not yet committed.
  void put(const std::string& id, const Contact& contact, bool pending = false);

  // Rows are written pending before the ledger commits the stakeholders they
  // belong to, so that a command killed while the ledger writes thousands of
  // files keeps its contacts. confirm() clears the mark once the ledger has
  // committed; discard() erases the rows if it did not. resolve_pending()
  // settles the rows a killed command left: kept if committed(id) (the ledger
  // records the stakeholder), erased otherwise.
  void confirm(const std::vector<std::string>& ids);
  // True if resolve_pending() has anything to settle (also for a store too
  // old to mark rows: only a writer can tell). Read-only: a writer opens the
  // store (and asks git whether it is ignored, a process of its own) only
  // when this says so.
  [[nodiscard]] bool has_pending() const;
  void discard(const std::vector<std::string>& ids);
  void resolve_pending(const std::function<bool(const std::string& id)>& committed);

  // Deletes id's row so that no byte of it remains in the file: the row is
  // overwritten (secure_delete), then the file is rebuilt (VACUUM) and the
  // journal deleted. Not inside a Transaction. Returns whether a row existed.
  bool erase(const std::string& id);

  // A write transaction (BEGIN IMMEDIATE), rolled back unless committed.
  class Transaction {
   public:
    explicit Transaction(PrivateStore& store);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

   private:
    PrivateStore* store_;
    bool done_ = false;
  };

  struct Impl;

 private:
  explicit PrivateStore(std::unique_ptr<Impl> impl);
  static PrivateStore open(const stdfs::path& root, bool write, bool recover);
  std::unique_ptr<Impl> impl_;
};

}  // namespace interlink::stakeholders
