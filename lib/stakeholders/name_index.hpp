// The names of the current organizations and groups, as the ledger records
// them: what add-stakeholder asks before it registers a second "Agency for
// Digital Italy" under another id than 'agid' (registry.cpp).
//
// Read from the ledger, not from the files: parsing every file of a project
// of 10,000 stakeholders would make adding one take a second. Not from every
// stakeholder event each time either: that scan was 20 to 34 M instructions
// of one add-stakeholder on the 1m bench project (callgrind), against 3.6 M
// for the whole command on examples/pspm (issue 10: a write must not grow
// with the project).
//
// So the cache .interlink/cache/names.pack keeps a fingerprint (64 bits) of
// each current name's key, sorted: 8 bytes a name, so that reading and
// unsealing it (io/cache_files.hpp) stays small. It is keyed on the ledger's
// root, heads and newest seq, and carried over the stakeholder events
// appended since when they extend its chain (ledger::extends_chain): each
// name recorded adds its fingerprint. Any other ledger (a merge, a
// checkout) rebuilds it from every stakeholder event. A name whose
// fingerprint is there is looked up in full among those events (a
// duplicate being refused, a name that went since — removed, renamed — or
// a rare collision): only then is the id known, and only a current one
// counts. So the fingerprints may say too much, never too little.
// Persons are never in it: their names are not in the ledger, and comparing
// them would be a lookup of who is registered.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"

namespace interlink::stakeholders {

// How two names of organizations or groups are compared: case folded, runs
// of blanks as one space, none at either end.
std::string name_key(const std::string& name);

class NameIndex {
 public:
  // The index of the ledger led of the project at root: from the cache, or
  // rebuilt. Reads only. The index keeps led: find() may read it.
  static NameIndex load(std::shared_ptr<const ledger::Ledger> led, const std::filesystem::path& root);
  // Keeps it in root's cache, keyed on the ledger it was loaded for, when it
  // was rebuilt or carried over many events; best-effort, never throws (the
  // cache is only an optimisation). A writer calls it once its change is
  // committed, so that a command that fails writes nothing.
  void save(const std::filesystem::path& root) const;

  // The id of the current organization or group whose name has this key
  // (name_key), or "".
  [[nodiscard]] std::string find(const std::string& key) const;

  // Where it was read from (tests).
  enum class Source { rebuilt, cached, carried };
  [[nodiscard]] Source source() const { return source_; }

  // The fingerprint of a key, as the cache keeps it (FNV-1a, 64 bits).
  static std::uint64_t fingerprint(std::string_view key);

 private:
  // key -> id of the current ones, from every stakeholder event.
  [[nodiscard]] std::map<std::string, std::string> scan_all() const;

  std::shared_ptr<const ledger::Ledger> led_;
  std::vector<std::uint64_t> prints_;  // sorted
  mutable std::optional<std::map<std::string, std::string>> all_;
  Source source_ = Source::rebuilt;
  // The ledger it is for, and whether save() has anything worth writing.
  std::string root_hash_;
  std::vector<std::string> heads_;
  long long seq_ = 0;
  bool worth_saving_ = false;
};

}  // namespace interlink::stakeholders
