#pragma once
// An enrollment CA (RFC 6940 s11.3) kept on local disk: it issues the certificates that bind
// Node-IDs and a user name to a node's key. The HTTPS certificate-request protocol of s11.3 is not
// here; `reload-node init` calls issue() directly.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/security/certificate.hpp"
#include "libcommon/security/private_key.hpp"

namespace disco::security {

inline constexpr std::chrono::seconds default_ca_validity = std::chrono::hours(24 * 3650);
inline constexpr std::chrono::seconds default_node_validity = std::chrono::hours(24 * 365);
// Node certificates start this long before the moment they are issued, so that peers whose clocks
// run a little behind the CA's accept them at once.
inline constexpr std::chrono::seconds default_backdate = std::chrono::minutes(5);

struct NodeCertificateRequest {
  base::Bytes public_key_der;            // the node key's SubjectPublicKeyInfo (PrivateKey::public_key_der())
  std::string user;                      // the one rfc822Name, e.g. "node-3@myoverlay" (is_valid_user_name)
  std::vector<reload::NodeId> node_ids;  // 1..16, each becomes a RELOAD URI
  std::string overlay;                   // the URIs' overlay part (is_valid_overlay_name)
  std::chrono::seconds validity = default_node_validity;
  // Default: now - default_backdate. Tests set it in the past to make expired certificates.
  std::optional<std::chrono::system_clock::time_point> not_before;
};

class EnrollmentCa {
 public:
  // A self-signed CA certificate (CA:TRUE, keyCertSign) with a new key. `common_name` is its
  // subject CN, cut to the 64 bytes X.520 allows.
  static base::result<EnrollmentCa, std::error_code> create(std::string_view common_name,
                                                            KeyType key_type = KeyType::rsa,
                                                            std::chrono::seconds validity = default_ca_validity);
  // An existing CA: the certificate must be a CA certificate for this key (errc::key_mismatch,
  // errc::bad_certificate otherwise).
  static base::result<EnrollmentCa, std::error_code> load(PrivateKey key, Certificate certificate);

  [[nodiscard]] const PrivateKey& key() const noexcept { return key_; }
  [[nodiscard]] const Certificate& certificate() const noexcept { return cert_; }

  // A node certificate as s11.3 describes it: empty subject DN, a critical subjectAltName with one
  // URI per Node-ID and one rfc822Name, CA:FALSE, a random 127-bit serial, signed with SHA-256.
  // errc::invalid_argument for a bad user or overlay name or no Node-ID, errc::bad_key for a key
  // other than RSA >= 2048 or EC P-256.
  [[nodiscard]] base::result<Certificate, std::error_code> issue(const NodeCertificateRequest& request) const;

 private:
  EnrollmentCa(PrivateKey key, Certificate cert) : key_(std::move(key)), cert_(std::move(cert)) {}
  PrivateKey key_;
  Certificate cert_;
};

}  // namespace disco::security
