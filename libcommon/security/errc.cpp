#include "libcommon/security/errc.hpp"

#include <string>

namespace disco::security {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "security"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::bad_certificate: return "malformed certificate";
      case errc::untrusted: return "certificate not issued by a trust anchor of the overlay";
      case errc::expired: return "certificate expired";
      case errc::not_yet_valid: return "certificate not yet valid";
      case errc::no_node_id: return "certificate names no Node-ID";
      case errc::bad_user: return "certificate does not name exactly one valid user";
      case errc::wrong_overlay: return "certificate is for another overlay";
      case errc::bad_node: return "Node-ID is listed as a bad node";
      case errc::unknown_signer: return "no certificate matches the signer identity";
      case errc::bad_signature: return "signature does not verify";
      case errc::unsupported_algorithm: return "unsupported signature or hash algorithm";
      case errc::unsupported_identity: return "unsupported signer identity type";
      case errc::bad_key: return "malformed or unsupported private key";
      case errc::key_mismatch: return "private key does not match the certificate";
      case errc::invalid_argument: return "invalid argument";
      case errc::crypto_failure: return "cryptographic library failure";
    }
    return "unknown security error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

}  // namespace disco::security
