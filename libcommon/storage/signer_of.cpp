#include "libcommon/storage/signer_of.hpp"

#include <variant>

#include "libcommon/storage/access_policy.hpp"
#include "libcommon/storage/digest.hpp"

namespace disco::storage {

namespace msg = reload::msg;

std::optional<security::PeerIdentity> signer_of(const msg::Signature& signature,
                                                std::span<const msg::GenericCertificate> certificates,
                                                const security::Verifier& verifier) {
  for (const auto& cert : certificates) {
    bool named = false;
    if (const auto* by_cert = std::get_if<msg::CertHash>(&signature.identity.value)) {
      const auto h = digest(by_cert->hash_alg, cert.certificate);
      named = h && *h == by_cert->certificate_hash;
    } else if (std::holds_alternative<msg::CertHashNodeId>(signature.identity.value)) {
      named = true;  // designated_identity() below keeps the Node-IDs that hash to it
    }
    if (!named) continue;
    auto identity = verifier.check_certificate(cert.certificate);
    if (!identity) continue;
    auto designated = designated_identity(std::move(*identity), signature.identity);
    if (designated.node_ids.empty()) continue;
    return designated;
  }
  return std::nullopt;
}

}  // namespace disco::storage
