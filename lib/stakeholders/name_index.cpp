// See name_index.hpp.
#include "stakeholders/name_index.hpp"

#include <algorithm>

#include "io/cache_files.hpp"
#include "ledger/kinds.hpp"
#include "stakeholders/recorded_name.hpp"
#include "util/pack.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

namespace interlink::stakeholders {

namespace {

namespace kinds = ledger::kinds;

constexpr const char* kFile = "names.pack";
constexpr std::string_view kMagic = "interlink names";
constexpr long long kVersion = 1;
// Carried over more events than this, the index is written again, so that
// the next command carries it over few: a run of add-stakeholder writes
// it once in 64, not every time (a write must stay independent of the
// project's size).
constexpr long long kCarryWithoutWriting = 64;
constexpr std::size_t kMaxBytes = std::size_t{256} << 20;

}  // namespace

std::string name_key(const std::string& name) {
  std::string out;
  for (char c : text::trim(name)) {
    const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (blank && !out.empty() && out.back() == ' ') continue;
    out.push_back(blank ? ' ' : c);
  }
  return text::fold(out);
}

std::uint64_t NameIndex::fingerprint(std::string_view key) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

NameIndex NameIndex::load(std::shared_ptr<const ledger::Ledger> shared, const std::filesystem::path& root) {
  NameIndex ix;
  ix.led_ = std::move(shared);
  const ledger::Ledger& led = *ix.led_;
  ix.root_hash_ = led.root_hash();
  ix.heads_ = led.heads();
  ix.seq_ = led.last_seq();
  try {
    if (auto bytes = io::read_cache_file(root, kFile, kMaxBytes)) {
      pack::Reader r(*bytes);
      if (r.view() == kMagic && r.num() == kVersion) {
        const std::string was_root = r.str();
        const std::vector<std::string> was_heads = r.strs();
        const long long was_seq = r.num();
        const std::string_view packed = r.view();
        if (r.done() && was_root == ix.root_hash_ && packed.size() % 8 == 0) {
          std::vector<std::uint64_t> prints(packed.size() / 8);
          for (std::size_t k = 0; k < prints.size(); ++k) {
            std::uint64_t v = 0;
            for (int b = 7; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(packed[k * 8 + b]);
            prints[k] = v;
          }
          if (std::is_sorted(prints.begin(), prints.end())) {
            if (was_seq == ix.seq_ && was_heads == ix.heads_) {
              ix.prints_ = std::move(prints);
              ix.source_ = Source::cached;
            } else if (was_seq < ix.seq_ && ledger::extends_chain(led, was_seq, was_heads)) {
              // Carried over the stakeholder events since: each name
              // recorded adds its fingerprint. One that went since
              // (removed, erased, renamed) stays: a hit is confirmed among
              // the events (find), so a stale one costs only that lookup.
              led.scan({.kind = "stakeholder.", .after_seq = was_seq}, [&](const ledger::Record& rec) {
                if (const std::string name = recorded_name(led, rec); !name.empty()) {
                  const std::uint64_t v = fingerprint(name_key(name));
                  prints.insert(std::upper_bound(prints.begin(), prints.end(), v), v);  // a few: no sort
                }
              });
              ix.prints_ = std::move(prints);
              ix.source_ = Source::carried;
              ix.worth_saving_ = ix.seq_ - was_seq > kCarryWithoutWriting;
            }
          }
        }
      }
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is rebuilt
    ix.prints_.clear();
    ix.source_ = Source::rebuilt;
  }
  if (ix.source_ == Source::rebuilt) {
    ix.all_ = ix.scan_all();
    for (const auto& [key, id] : *ix.all_) ix.prints_.push_back(fingerprint(key));
    std::sort(ix.prints_.begin(), ix.prints_.end());
    ix.worth_saving_ = true;
  }
  return ix;
}

void NameIndex::save(const std::filesystem::path& root) const {
  if (!worth_saving_) return;
  try {
    pack::Writer w;
    w.str(kMagic);
    w.num(kVersion);
    w.str(root_hash_);
    w.strs(heads_);
    w.num(seq_);
    std::string packed;
    packed.reserve(prints_.size() * 8);
    for (std::uint64_t v : prints_)
      for (int b = 0; b < 8; ++b) packed.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
    w.str(packed);
    io::write_cache_file(root, kFile, w.bytes(), true);
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

std::map<std::string, std::string> NameIndex::scan_all() const {
  std::map<std::string, std::pair<std::string, std::string>> last;  // id -> (status, name)
  led_->scan({.kind = "stakeholder."}, [&](const ledger::Record& r) {
    auto& [status, name] = last[r.subject];
    status = kinds::stakeholder_status_after(status, r.kind);
    if (std::string n = recorded_name(*led_, r); !n.empty()) name = n;
  });
  std::map<std::string, std::string> out;
  for (const auto& [id, v] : last)
    if (v.first == "current" && !v.second.empty()) out.emplace(name_key(v.second), id);
  return out;
}

std::string NameIndex::find(const std::string& key) const {
  if (!std::binary_search(prints_.begin(), prints_.end(), fingerprint(key))) return {};
  if (!all_) all_ = scan_all();  // a duplicate, or a collision: the names in full, once
  auto it = all_->find(key);
  return it == all_->end() ? std::string() : it->second;
}

}  // namespace interlink::stakeholders
