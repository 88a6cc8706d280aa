// libFuzzer target: X.509 node certificates (RFC 6940 s11.3) as a peer hands them over in a
// SecurityBlock (s6.3.4): Certificate::from_der, parse_identity and OpensslVerifier on hostile
// bytes, with a throw-away CA made once. Random bytes never carry the CA's signature, so every
// input that parses is also re-signed by that CA (issuer and signature replaced, everything else
// kept) to reach what the verifier does after the chain check. Properties: no crash, no leak
// (LeakSanitizer runs at exit and per input), and
//  * from_der keeps the input bytes, and its PEM form reads back to the same identity;
//  * a certificate the verifier accepts has the identity parse_identity finds (with the same
//    overlay and node-id-length), and a signature check with a wrong value fails.
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <vector>

#include "libcommon/security/certificate.hpp"
#include "libcommon/security/enrollment_ca.hpp"
#include "libcommon/security/hash.hpp"
#include "libcommon/security/openssl_verifier.hpp"

namespace {

using namespace disco;
using namespace std::chrono_literals;

constexpr std::string_view overlay = "overlay.example.org";

struct Fixture {
  security::EnrollmentCa ca;
  std::unique_ptr<security::OpensslVerifier> verifier;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    auto ca = security::EnrollmentCa::create("disco fuzz CA", security::KeyType::ec);
    if (!ca) std::abort();
    security::VerifierOptions options;
    options.root_certs = {ca->certificate().der()};
    options.overlay = std::string(overlay);
    options.node_id_length = 16;
    // Dates are checked at the system clock: the CA is valid from now on, and the seed until 2035.
    options.cache_capacity = 8;  // small, so that eviction runs too
    auto verifier = security::OpensslVerifier::create(std::move(options));
    if (!verifier) std::abort();
    return Fixture{std::move(*ca), std::move(*verifier)};
  }();
  return f;
}

// The input's certificate with the CA as issuer and the CA's signature; empty if OpenSSL refuses.
base::Bytes resign(const security::Certificate& cert, const security::EnrollmentCa& ca) {
  security::X509Ptr copy(X509_dup(cert.native()));
  if (!copy) return {};
  // The authority key identifier names the seed's own CA: it is replaced by ours (the verifier's
  // strict X.509 checks want one).
  for (int i = X509_get_ext_by_NID(copy.get(), NID_authority_key_identifier, -1); i >= 0;
       i = X509_get_ext_by_NID(copy.get(), NID_authority_key_identifier, -1))
    X509_EXTENSION_free(X509_delete_ext(copy.get(), i));
  X509V3_CTX v3{};
  X509V3_set_ctx(&v3, ca.certificate().native(), copy.get(), nullptr, nullptr, 0);
  X509_EXTENSION* aki = X509V3_EXT_conf_nid(nullptr, &v3, NID_authority_key_identifier, "keyid:always");
  if (aki == nullptr) return {};
  const int added = X509_add_ext(copy.get(), aki, -1);
  X509_EXTENSION_free(aki);
  if (added != 1) return {};
  if (X509_set_issuer_name(copy.get(), X509_get_subject_name(ca.certificate().native())) != 1 ||
      X509_sign(copy.get(), ca.key().native(), EVP_sha256()) <= 0) {
    return {};
  }
  auto signed_cert = security::Certificate::adopt(std::move(copy));
  return signed_cert ? signed_cert->der() : base::Bytes{};
}

void check(base::BytesView der, const Fixture& f) {
  auto accepted = f.verifier->check_certificate(der);
  auto cert = security::Certificate::from_der(der);
  if (!cert) {
    if (accepted) std::abort();  // the verifier accepted what does not parse
    return;
  }
  if (cert->der().size() != der.size() || !std::equal(der.begin(), der.end(), cert->der().begin())) std::abort();
  (void)cert->not_before();
  (void)cert->not_after();
  (void)cert->is_ca();
  (void)cert->public_key_der();

  auto identity = security::parse_identity(*cert);
  auto strict = security::parse_identity(*cert, overlay, 16);
  if (strict && !identity) std::abort();  // the checks only add conditions

  auto pem = security::Certificate::from_pem(cert->to_pem());
  if (!pem) std::abort();
  auto pem_identity = security::parse_identity(*pem);
  if (identity.has_value() != pem_identity.has_value()) std::abort();
  if (identity && !(identity->user == pem_identity->user && identity->node_ids == pem_identity->node_ids)) std::abort();

  if (!accepted) return;
  if (!strict || accepted->user != strict->user) std::abort();
  // The verifier may keep only the Node-IDs it accepts; each must be one the certificate binds.
  for (const auto& id : accepted->node_ids)
    if (!strict->has_node_id(id)) std::abort();

  // A signature that names this certificate but is not its key's: verify must refuse it.
  reload::msg::Signature sig;
  sig.algorithm.signature = reload::msg::signature_algorithm::ecdsa;
  const auto hash = security::sha256(der);
  sig.identity.value = reload::msg::CertHash{reload::msg::hash_algorithm::sha256, {hash.begin(), hash.end()}};
  sig.signature_value =
      base::Bytes(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(72, der.size())));
  const std::vector<reload::msg::GenericCertificate> certs{{0, base::Bytes(der.begin(), der.end())}};
  if (f.verifier->verify(sig, certs, base::as_bytes("signed text"))) std::abort();
  sig.algorithm.signature = reload::msg::signature_algorithm::rsa;
  if (f.verifier->verify(sig, certs, base::as_bytes("signed text"))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& f = fixture();
  const base::BytesView in{data, size};
  check(in, f);
  auto cert = security::Certificate::from_der(in);
  if (!cert) return 0;
  const auto resigned = resign(*cert, f.ca);
  if (!resigned.empty()) check(resigned, f);
  return 0;
}
