#pragma once
// Who signed a stored value, for callers that show or reason about writers (RFC 8076 s6.5: an
// accessing peer walks the ACL with the user names of the signers of what it fetched).

#include <optional>
#include <span>

#include "libcommon/reload/msg/security_block.hpp"
#include "libcommon/security/identity.hpp"

namespace disco::storage {

// The checked identity of the certificate among `certificates` that `signature`'s SignerIdentity
// names (cert_hash: the certificate's hash; cert_hash_node_id: H(Node-ID || certificate), node_ids
// reduced to the designated one). nullopt when none is named or the certificate does not check.
// The signature itself is not verified here: callers pass values already verified.
std::optional<security::PeerIdentity> signer_of(const reload::msg::Signature& signature,
                                                std::span<const reload::msg::GenericCertificate> certificates,
                                                const security::Verifier& verifier);

}  // namespace disco::storage
