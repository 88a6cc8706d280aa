#pragma once
// Access control policies (RFC 6940 s7.3): may this signer write this value of this kind at this
// Resource-ID? Storage asks for every value's signer and, for original stores, for the StoreReq's
// signer; a fetching peer asks for every value it receives (s7.4.2.2).

#include <cstdint>

#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/security_block.hpp"
#include "libcommon/reload/msg/stored_data.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/storage/kind_registry.hpp"

namespace disco::storage {

// NODE-MULTIPLE (s7.3.4) hashes Node-ID || i but leaves the encoding of i open: ours is a 4-byte
// big-endian uint32, i from 1 to the kind's max_node_multiple.
reload::ResourceId node_multiple_resource(const reload::NodeId& node, std::uint32_t i);

// The policies that name a Node-ID require "the one indicated in the SignerIdentity value"
// (s7.3.2-s7.3.4). A cert_hash_node_id identity is H(Node-ID || certificate), so it designates the
// Node-IDs of the certificate that hash to it; a cert_hash identity designates every Node-ID of
// the certificate. Returns `signer` with node_ids reduced accordingly (none if the hash algorithm
// is not one we compute).
security::PeerIdentity designated_identity(security::PeerIdentity signer, const reload::msg::SignerIdentity& identity);

// Whether `signer` may write `value` of `kind` at `resource`. USER-NODE-MATCH on a kind whose model
// is not dictionary allows nothing (s7.3.3 "may be used only with dictionary types").
// USER-CHAIN-ACL (RFC 8076 s6.6) checks here only what needs no ACL (model, ResourceNameExtension,
// the name's hash); the storing peer adds chain_acl_allows() (share_policy.hpp).
bool policy_allows(const KindDefinition& kind, const reload::ResourceId& resource, const security::PeerIdentity& signer,
                   const reload::msg::StoredDataValue& value);

}  // namespace disco::storage
