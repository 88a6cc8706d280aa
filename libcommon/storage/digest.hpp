#pragma once
// The hashes storage needs, over OpenSSL libcrypto: SHA-256 for Stat digests (s7.4.3.2) and
// certificate keys, the overlay hash for access policies (CHORD-RELOAD, s10.2), and the TLS
// HashAlgorithm a SignerIdentity names (s6.3.4).

#include <array>
#include <cstdint>
#include <optional>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/ids/node_id.hpp"

namespace disco::storage {

using Sha256 = std::array<std::uint8_t, 32>;

// SHA-256 of a || b.
Sha256 sha256(base::BytesView a, base::BytesView b = {});

// CHORD-RELOAD's hash (s10.2): SHA-1 of a || b, truncated to its most significant 128 bits.
reload::ResourceId overlay_hash(base::BytesView a, base::BytesView b = {});

// hash_alg (TLS HashAlgorithm registry: md5, sha1, sha224..sha512) over a || b; nullopt for "none"
// and for codes outside the registry.
std::optional<base::Bytes> digest(std::uint8_t hash_alg, base::BytesView a, base::BytesView b = {});

}  // namespace disco::storage
