#pragma once
// Internal to storage/: the state behind DataStore, shared by data_store*.cpp and snapshot.cpp.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>

#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/digest.hpp"

namespace disco::storage {

// A Store leaving more values than this at one resource and kind is refused when the kind sets no
// max-count (s11.1 leaves it unlimited; a hostile client must not be able to fill a peer).
inline constexpr std::size_t default_max_values = 10000;
// A Fetch or Stat answer holds at most this many values, synthesized gaps included; beyond it the
// answer is Error_Response_Too_Large (a sparse array could otherwise ask for 2^32 gap values).
inline constexpr std::size_t max_answer_values = 20000;
// s7.4.1.2: KindId unknown_kinds<0..2^8-1> holds at most 63 Kind-IDs.
inline constexpr std::size_t max_unknown_kinds = 255 / 4;

// One stored value.
struct Held {
  reload::msg::StoredData data;  // as stored: lifetime as received, an array entry's index resolved
  base::TimePoint expires;       // time received + lifetime (s7); remaining lifetime = expires - now
  Sha256 cert{};                 // the signer's certificate: SHA-256 of its DER
  base::Bytes identity;          // data.signature.identity as encoded: the key of State::identities
};

struct KindState {
  reload::msg::DataModel model = reload::msg::DataModel::single_value;
  std::uint64_t generation = 0;
  // By slot: empty for a single value, the index as 4 bytes big-endian for an array (so the map
  // orders by index), the key for a dictionary.
  std::map<base::Bytes, Held> values;
};

using ResourceState = std::map<reload::msg::KindId, KindState>;

struct ExpiryKey {
  base::TimePoint at;
  reload::ResourceId resource;
  reload::msg::KindId kind = 0;
  base::Bytes slot;
  friend bool operator<(const ExpiryKey& a, const ExpiryKey& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.resource != b.resource) return a.resource < b.resource;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.slot < b.slot;
  }
};

struct CertEntry {
  reload::msg::GenericCertificate cert;
  std::size_t refs = 0;
};
struct IdentityEntry {
  Sha256 cert{};
  std::size_t refs = 0;
};

base::Bytes array_slot(std::uint32_t index);
std::uint32_t array_index(const base::Bytes& slot);
// The slot a value occupies; array entries at array_append_index must be resolved first.
base::Bytes slot_of(const reload::msg::StoredDataValue& value);
bool is_live(const Held& held, base::TimePoint now);
// Whole seconds left, 0 when expired.
std::uint32_t remaining_seconds(base::TimePoint expires, base::TimePoint now);
// The exists=False value a storing peer answers for a gap or a missing key (s7.4.2.2).
reload::msg::StoredData synthesized_value(reload::msg::DataModel model, std::uint32_t index, const base::Bytes& key);

struct DataStore::Impl {
  Impl(const KindRegistry& k, const security::Verifier& v, reload::msg::CodecContext c)
      : kinds(&k), verifier(&v), ctx(std::move(c)) {}

  const KindRegistry* kinds;
  const security::Verifier* verifier;
  reload::msg::CodecContext ctx;
  std::map<reload::ResourceId, ResourceState> resources;
  std::map<Sha256, CertEntry> certs;
  std::map<base::Bytes, IdentityEntry> identities;
  std::set<ExpiryKey> expiries;
  std::size_t values = 0;

  // Inserts or replaces the value at `slot`; keeps certificates, identities and expiries in step.
  void put(const reload::ResourceId& resource, reload::msg::KindId kind, KindState& state, const base::Bytes& slot,
           Held held, const reload::msg::GenericCertificate& cert);
  void drop(const reload::ResourceId& resource, reload::msg::KindId kind, KindState& state,
            std::map<base::Bytes, Held>::iterator it);
  // Drops the expired values of one resource, and kinds and the resource when they become empty.
  void purge(const reload::ResourceId& resource, base::TimePoint now);
  void remove_if_empty(const reload::ResourceId& resource);
  void clear();

  void retain(const base::Bytes& identity, const Sha256& digest, const reload::msg::GenericCertificate& cert);
  void release(const Held& held);
  [[nodiscard]] const reload::msg::GenericCertificate* certificate(const Sha256& digest) const;
};

}  // namespace disco::storage
