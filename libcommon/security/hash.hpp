#pragma once
// Digests and randomness: the overlay hash of the forwarding header (RFC 6940 s6.3.2), the
// CHORD-RELOAD Resource-ID hash (s10.2) and random Node-IDs (s11.3).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/ids/node_id.hpp"

namespace disco::security {

using Sha1Digest = std::array<std::uint8_t, 20>;
using Sha256Digest = std::array<std::uint8_t, 32>;

Sha1Digest sha1(base::BytesView data);
Sha256Digest sha256(base::BytesView data);

// The forwarding header's overlay field: the low 32 bits, i.e. the last 4 bytes read big-endian,
// of SHA-1 over the overlay name (s6.3.2).
std::uint32_t overlay_hash(std::string_view overlay_name);

// CHORD-RELOAD hash (s10.2): the first (most significant) 128 bits of SHA-1 over the resource name.
reload::ResourceId resource_id_for(std::string_view name);
// The same hash over bytes, e.g. a Node-ID for CERTIFICATE_BY_NODE (s8).
reload::ResourceId resource_id_for_bytes(base::BytesView data);

// Cryptographically random bytes (RAND_bytes). Throws std::runtime_error if the generator fails,
// which OpenSSL only does when the system has no entropy source: nothing sensible can go on then.
base::Bytes random_bytes(std::size_t n);
// A random Node-ID of `length` bytes (16..20, node-id-length s11.1); s11.3 asks for
// cryptographically random ids. Throws std::invalid_argument for another length.
reload::NodeId random_node_id(std::size_t length = reload::NodeId::min_size);

}  // namespace disco::security
