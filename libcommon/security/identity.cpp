#include "libcommon/security/identity.hpp"

#include "libcommon/security/hash.hpp"

namespace disco::security {

reload::msg::SignerIdentity Signer::signer_identity() const {
  const auto digest = sha256(certificate().certificate);
  return {reload::msg::CertHash{reload::msg::hash_algorithm::sha256, base::Bytes(digest.begin(), digest.end())}};
}

}  // namespace disco::security
