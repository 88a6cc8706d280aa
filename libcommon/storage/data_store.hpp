#pragma once
// The storing peer's data (RFC 6940 s7): every kind a node holds for every Resource-ID it is
// responsible for or a replica of. Sans-I/O: callers pass `now`; nothing here owns a timer.
//
// Two ways in:
//  * store(): a StoreReq as a client sends it (s7.4.1.1), or a replica Store (replica_number > 0)
//    from the responsible peer (s10.4): all-or-nothing, full checks;
//  * merge(): data a peer pushes because the topology changed (hand-over on join/leave,
//    re-replication after a failure, s10.5-s10.7): per value the newer storage_time wins and
//    generation counters take the larger value, as in the partition-merge rule (s7.4.1.4). Every
//    signature and access policy is still checked.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/clock.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/error_response.hpp"
#include "libcommon/reload/msg/fetch.hpp"
#include "libcommon/reload/msg/stat.hpp"
#include "libcommon/reload/msg/store.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/storage/kind_registry.hpp"

namespace disco::storage {

// What a node answers with when a request fails (ErrorResponse, s6.3.3.1).
struct StoreError {
  reload::msg::ErrorCode code = reload::msg::ErrorCode::invalid;
  std::string info;  // error_info text
  // Error_Generation_Counter_Too_Low carries a StoreAns with the current counters (s7.4.1.2);
  // Error_Unknown_Kind the unknown Kind-IDs.
  std::optional<reload::msg::StoreAns> current_counters;
  std::vector<reload::msg::KindId> unknown_kinds;
};

// A resource as it travels between peers: the StoreReq and the certificates its values need.
struct ResourceExport {
  reload::msg::StoreReq request;
  std::vector<reload::msg::GenericCertificate> certificates;
};

class DataStore {
 public:
  // `kinds` and `verifier` must outlive the store. The store keeps its own copy of `ctx` and adds
  // the models of `kinds` to its kind table before it builds signature inputs.
  DataStore(const KindRegistry& kinds, const security::Verifier& verifier, reload::msg::CodecContext ctx);
  ~DataStore();
  DataStore(DataStore&&) noexcept;
  DataStore& operator=(DataStore&&) noexcept;
  DataStore(const DataStore&) = delete;
  DataStore& operator=(const DataStore&) = delete;

  // s7.4.1.1. `request_signer` is the verified signer of the StoreReq message; for an original store
  // (replica_number 0) it must satisfy the kind's policy too. `certificates` are the message's
  // SecurityBlock certificates (the values' signers are looked up there). The answer's replica lists
  // are empty: the node fills them in.
  base::result<reload::msg::StoreAns, StoreError> store(const reload::msg::StoreReq& req,
                                                        std::span<const reload::msg::GenericCertificate> certificates,
                                                        const security::PeerIdentity& request_signer,
                                                        base::TimePoint now);

  // See the header comment. Values that fail a check are skipped and counted, not fatal.
  struct MergeResult {
    std::size_t accepted = 0;    // stored (inserted or replacing an older value)
    std::size_t rejected = 0;    // failed a check: unknown kind, signature, policy, size, count
    std::size_t superseded = 0;  // not newer than the value held: nothing changed (signature not checked)
  };
  MergeResult merge(const reload::msg::StoreReq& req, std::span<const reload::msg::GenericCertificate> certificates,
                    base::TimePoint now);

  // s7.4.2: one FetchKindResponse per specifier, in order; gaps and missing keys synthesised as
  // exists=False (s7.4.2.2). Unknown kind: Error_Unknown_Kind.
  [[nodiscard]] base::result<reload::msg::FetchAns, StoreError> fetch(const reload::msg::FetchReq& req,
                                                                      base::TimePoint now) const;
  // s7.4.3. hash_value = SHA-256 of the DataValue.value with its 4-byte length prefix.
  [[nodiscard]] base::result<reload::msg::StatAns, StoreError> stat(const reload::msg::StatReq& req,
                                                                    base::TimePoint now) const;
  // The certificates that verify every value in `answer` (s6.3.4: storing peers retain them).
  [[nodiscard]] std::vector<reload::msg::GenericCertificate> certificates_for(
      const reload::msg::FetchAns& answer) const;

  [[nodiscard]] std::vector<reload::ResourceId> resources() const;
  [[nodiscard]] bool contains(const reload::ResourceId& id) const;
  // Every live value of a resource, lifetimes reduced by the time held (s7.4.1.4), counters copied.
  [[nodiscard]] std::optional<ResourceExport> export_resource(const reload::ResourceId& id, std::uint8_t replica_number,
                                                              base::TimePoint now) const;
  // The same, cut into StoreReqs whose values (with the certificates they need) encode to at most
  // max_bytes each, so that every piece fits in one message (s6.6 max-message-size).
  [[nodiscard]] std::vector<ResourceExport> export_chunks(const reload::ResourceId& id, std::uint8_t replica_number,
                                                          base::TimePoint now, std::size_t max_bytes) const;
  [[nodiscard]] bool holds_kind(const reload::ResourceId& id, reload::msg::KindId kind) const;
  void erase(const reload::ResourceId& id);

  // Drops values whose lifetime has ended; next_expiry() is when the next one will.
  void expire(base::TimePoint now);
  [[nodiscard]] std::optional<base::TimePoint> next_expiry() const;
  [[nodiscard]] std::size_t value_count() const;
  [[nodiscard]] std::size_t resource_count() const;

  // For --state-dir: a versioned byte string. Lifetimes are saved as wall-clock expiry
  // (unix_ms_now + remaining) so a restart later loses exactly the time it was down.
  [[nodiscard]] base::Bytes snapshot(base::TimePoint now, std::uint64_t unix_ms_now) const;
  // Replaces the contents; a malformed or foreign snapshot is an error and leaves the store empty.
  base::result<std::size_t, std::string> restore(base::BytesView snapshot, base::TimePoint now,
                                                 std::uint64_t unix_ms_now);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The accessing peer's side (s7.4.2: "MUST verify every value's signature and drop invalid ones"):
// removes from `answer` every value whose signature does not verify with `certificates` or whose
// signer the kind's policy does not allow; returns how many were dropped.
std::size_t drop_unverified(reload::msg::FetchAns& answer, const reload::ResourceId& resource,
                            std::span<const reload::msg::GenericCertificate> certificates, const KindRegistry& kinds,
                            const security::Verifier& verifier, const reload::msg::CodecContext& ctx);

}  // namespace disco::storage
