#pragma once
// Checks certificates against an overlay's trust anchors (RFC 6940 s11.1 root-cert, s11.3) and
// signatures against certificates (s6.3.4, s7.1). Not thread-safe: the cache is unguarded.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_set>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/security/hash.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/security/openssl_handles.hpp"

namespace disco::security {

struct VerifierOptions {
  std::vector<base::Bytes> root_certs;    // DER trust anchors: the configuration's root-cert elements
  std::string overlay;                    // RELOAD URIs must name it; empty accepts any overlay
  std::size_t node_id_length = 16;        // node-id-length (s11.1); 0 accepts 16..20
  std::vector<reload::NodeId> bad_nodes;  // s11.1 bad-node: certificates with these ids are refused
  // Check validity dates at this time instead of the system clock (simulations, tests).
  std::optional<std::chrono::system_clock::time_point> fixed_time;
  std::size_t cache_capacity = 4096;  // checked certificates remembered, by SHA-256 of the DER
  // Signatures remembered as verified (32 bytes each plus set overhead, ~100 bytes): a value a
  // storing peer verified on store is verified again by that peer when it fetches it, or merges a
  // replica push of it; the memo makes those a hash lookup instead of the ECDSA/RSA math.
  std::size_t memo_capacity = 8192;
};

class OpensslVerifier final : public Verifier {
 public:
  // errc::bad_certificate if a root certificate does not parse or is not a CA certificate;
  // errc::invalid_argument if there is none.
  static base::result<std::unique_ptr<OpensslVerifier>, std::error_code> create(VerifierOptions options);
  ~OpensslVerifier() override;
  OpensslVerifier(const OpensslVerifier&) = delete;
  OpensslVerifier& operator=(const OpensslVerifier&) = delete;

  // Chains to a root (X509_verify_cert, strict X.509 checks, validity dates included), then
  // parse_identity() with the overlay and node-id-length, then the bad-node list.
  [[nodiscard]] base::result<PeerIdentity, std::error_code> check_certificate(base::BytesView der) const override;
  // Finds the X.509 certificate that sig.identity names (cert_hash with SHA-256 or SHA-1;
  // cert_hash_node_id H(NodeId || certificate) for each of its Node-IDs), checks it, and verifies
  // the signature. The algorithm must be SHA-256 with the certificate key's own algorithm (RSA or
  // ECDSA). For cert_hash_node_id the returned identity holds only the Node-ID the hash named,
  // the one the signer speaks for.
  [[nodiscard]] base::result<PeerIdentity, std::error_code> verify(
      const reload::msg::Signature& sig, std::span<const reload::msg::GenericCertificate> certificates,
      base::BytesView input) const override;

  // Moves the clock validity dates are checked at (nullopt: the system clock). Cached
  // certificates are checked against it again on every use.
  void set_fixed_time(std::optional<std::chrono::system_clock::time_point> t) { options_.fixed_time = t; }
  [[nodiscard]] std::size_t cache_size() const noexcept { return cache_.size(); }
  // Verifications answered from the memo, and its size.
  [[nodiscard]] std::uint64_t memo_hits() const noexcept { return memo_hits_; }
  [[nodiscard]] std::size_t memo_size() const noexcept { return memo_.size(); }

 private:
  struct StoreFree {
    void operator()(X509_STORE* s) const noexcept;
  };
  struct Entry {
    PeerIdentity identity;
    PkeyPtr public_key;
    // Initialised once for verification over a SHA-256 digest; OpenSSL reuses it across calls,
    // which saves the per-call key context set-up EVP_DigestVerifyInit would do.
    PkeyCtxPtr verify_ctx;
    std::chrono::system_clock::time_point not_before;
    std::chrono::system_clock::time_point not_after;
    std::error_code error;  // a cached failure (never a date failure, which may change with time)
  };

  explicit OpensslVerifier(VerifierOptions options) : options_(std::move(options)) {}
  [[nodiscard]] std::chrono::system_clock::time_point now() const;
  // The cache entry for `der`, checking and inserting it if new; a date failure is returned as an
  // error without being cached.
  [[nodiscard]] base::result<const Entry*, std::error_code> lookup(base::BytesView der) const;
  // The same with `key` = sha256(der) already computed (verify() has it from matching a cert_hash).
  [[nodiscard]] base::result<const Entry*, std::error_code> lookup(base::BytesView der, const Sha256Digest& key) const;
  [[nodiscard]] Entry check_uncached(base::BytesView der) const;

  VerifierOptions options_;
  std::unique_ptr<X509_STORE, StoreFree> store_;
  mutable std::map<Sha256Digest, Entry> cache_;
  mutable std::deque<Sha256Digest> cache_order_;  // oldest first, for eviction

  struct DigestHash {
    std::size_t operator()(const Sha256Digest& d) const noexcept {
      std::size_t h = 0;
      std::memcpy(&h, d.data(), sizeof h);  // a SHA-256 output is already uniformly spread
      return h;
    }
  };
  // Keys: SHA-256 over (certificate digest, algorithm, signature, input digest), i.e. everything
  // the outcome of the math depends on. Dates and the certificate checks are not memoised: lookup()
  // applies them on every call.
  mutable std::unordered_set<Sha256Digest, DigestHash> memo_;
  mutable std::deque<Sha256Digest> memo_order_;
  mutable std::uint64_t memo_hits_ = 0;
};

}  // namespace disco::security
