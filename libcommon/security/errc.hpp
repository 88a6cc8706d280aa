#pragma once
// Errors of certificate and signature checks (RFC 6940 s6.3.4, s11.3). A node maps them to
// RELOAD errors in one place: most become Error_Forbidden, a bad certificate in a request is
// dropped (s6.3.4: "MUST verify ... drop on failure").

#include <system_error>

namespace disco::security {

enum class errc {
  bad_certificate = 1,    // not DER X.509, trailing bytes, or a subjectAltName s11.3 does not allow
  untrusted,              // does not chain to one of the overlay's root-certs (s11.3)
  expired,                // notAfter has passed
  not_yet_valid,          // notBefore is in the future
  no_node_id,             // no RELOAD URI naming a Node-ID in subjectAltName (s11.3)
  bad_user,               // not exactly one rfc822Name user name, or one with illegal characters (s11.3)
  wrong_overlay,          // a RELOAD URI names another overlay than ours (s14.15)
  bad_node,               // a Node-ID listed in the configuration's bad-node elements (s11.1)
  unknown_signer,         // no certificate in the message matches the SignerIdentity (s6.3.4)
  bad_signature,          // the signature value does not verify
  unsupported_algorithm,  // a hash or signature algorithm other than SHA-256 with RSA/ECDSA, or a mismatch with the key
  unsupported_identity,   // SignerIdentity none, unknown or invalid where a signature is required (s6.3.4)
  bad_key,                // a private key that is not PEM/DER, or of a type we do not sign with
  key_mismatch,           // the private key does not belong to the certificate
  invalid_argument,       // an overlay name that is not a DNS name, a user name with illegal characters...
  crypto_failure,         // OpenSSL failed where it should not (out of memory, no entropy)
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace disco::security

template <>
struct std::is_error_code_enum<disco::security::errc> : std::true_type {};
