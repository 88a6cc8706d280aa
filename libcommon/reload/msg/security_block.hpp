#pragma once
// SecurityBlock, GenericCertificate, SignerIdentity and Signature (RFC 6940 s6.3.4). Signature is
// also the trailer of every StoredData (s6.3.4, s7).

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// TLS registries (RFC 5246 s7.4.1.4.1) that RELOAD borrows.
namespace hash_algorithm {
inline constexpr std::uint8_t none = 0, md5 = 1, sha1 = 2, sha224 = 3, sha256 = 4, sha384 = 5, sha512 = 6;
}
namespace signature_algorithm {
inline constexpr std::uint8_t anonymous = 0, rsa = 1, dsa = 2, ecdsa = 3;
}

struct SignatureAndHashAlgorithm {
  std::uint8_t hash = hash_algorithm::sha256;  // RSASSA-PKCS1-v1_5 with SHA-256 is mandatory (s6.3.4)
  std::uint8_t signature = signature_algorithm::rsa;
  friend bool operator==(const SignatureAndHashAlgorithm&, const SignatureAndHashAlgorithm&) = default;
};

// CertificateType from RFC 6091: X.509(0), OpenPGP(1).
struct GenericCertificate {
  std::uint8_t type = 0;
  base::Bytes certificate;  // DER for X.509
  friend bool operator==(const GenericCertificate&, const GenericCertificate&) = default;
};

enum class SignerIdentityType : std::uint8_t { invalid = 0, cert_hash = 1, cert_hash_node_id = 2, none = 3 };

// cert_hash: H(DER certificate); cert_hash_node_id: H(NodeId || certificate).
struct CertHash {
  std::uint8_t hash_alg = hash_algorithm::sha256;
  base::Bytes certificate_hash;
  friend bool operator==(const CertHash&, const CertHash&) = default;
};
struct CertHashNodeId {
  std::uint8_t hash_alg = hash_algorithm::sha256;
  base::Bytes certificate_node_id_hash;
  friend bool operator==(const CertHashNodeId&, const CertHashNodeId&) = default;
};
struct NoSignerIdentity {
  friend bool operator==(const NoSignerIdentity&, const NoSignerIdentity&) = default;
};
// "This structure may be extended with new types": the length field lets us carry one we do not
// know instead of failing the whole message.
struct UnknownSignerIdentity {
  std::uint8_t identity_type = 0xff;
  base::Bytes identity;
  friend bool operator==(const UnknownSignerIdentity&, const UnknownSignerIdentity&) = default;
};

struct SignerIdentity {
  std::variant<CertHash, CertHashNodeId, NoSignerIdentity, UnknownSignerIdentity> value;
  friend bool operator==(const SignerIdentity&, const SignerIdentity&) = default;
};

struct Signature {
  SignatureAndHashAlgorithm algorithm;
  SignerIdentity identity;
  base::Bytes signature_value;
  friend bool operator==(const Signature&, const Signature&) = default;
};

struct SecurityBlock {
  std::vector<GenericCertificate> certificates;
  Signature signature;
  friend bool operator==(const SecurityBlock&, const SecurityBlock&) = default;
};

void encode(wire::Writer& w, const GenericCertificate& v, const CodecContext& ctx);
void decode(wire::Reader& r, GenericCertificate& out, const CodecContext& ctx);
void encode(wire::Writer& w, const SignerIdentity& v, const CodecContext& ctx);
void decode(wire::Reader& r, SignerIdentity& out, const CodecContext& ctx);
void encode(wire::Writer& w, const Signature& v, const CodecContext& ctx);
void decode(wire::Reader& r, Signature& out, const CodecContext& ctx);
void encode(wire::Writer& w, const SecurityBlock& v, const CodecContext& ctx);
void decode(wire::Reader& r, SecurityBlock& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
