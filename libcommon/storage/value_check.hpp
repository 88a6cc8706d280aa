#pragma once
// The per-value checks every receiver of StoredData runs (RFC 6940 s7.4.1.1, s7.4.2.2): the value is
// not a synthesized one, its signature verifies over the s7.1 input, and the kind's access policy
// allows its signer.

#include <span>

#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/stored_data.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/storage/kind_registry.hpp"

namespace disco::storage {

enum class ValueFault : std::uint8_t { synthesized, bad_signature, policy };

// identity "none" and/or algorithm {0, 0} ("anonymous", "none"): only a storing peer's synthesized
// values may carry these (s7.4.1.1, s7.4.2.2).
bool is_synthesized(const reload::msg::Signature& signature);

// On success, the signer as the value's SignerIdentity designates it (designated_identity()).
base::result<security::PeerIdentity, ValueFault> check_value(
    const KindDefinition& kind, const reload::ResourceId& resource, const reload::msg::StoredData& data,
    std::span<const reload::msg::GenericCertificate> certificates, const security::Verifier& verifier,
    const reload::msg::CodecContext& ctx);

}  // namespace disco::storage
