#include <gtest/gtest.h>

#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/security/enrollment_ca.hpp"
#include "libcommon/security/errc.hpp"
#include "libcommon/security/openssl_signer.hpp"
#include "libcommon/security/openssl_verifier.hpp"

namespace disco::security {
namespace {

namespace msg = reload::msg;
using namespace std::chrono_literals;

// One CA and a few nodes per key type, made once: key generation dominates the run time.
struct Node {
  std::unique_ptr<OpensslSigner> signer;
  reload::NodeId id;
};

class SecurityVerifier : public ::testing::TestWithParam<KeyType> {
 protected:
  void SetUp() override {
    auto ca = EnrollmentCa::create("verifier test CA", GetParam());
    ASSERT_TRUE(ca);
    ca_ = std::make_unique<EnrollmentCa>(std::move(*ca));
    auto key = PrivateKey::generate(GetParam());
    ASSERT_TRUE(key);
    key_ = std::make_unique<PrivateKey>(std::move(*key));
  }

  Certificate issue(std::vector<reload::NodeId> ids, const EnrollmentCa& ca, std::string overlay = "example.org",
                    std::optional<std::chrono::system_clock::time_point> not_before = {},
                    std::chrono::seconds validity = default_node_validity) {
    NodeCertificateRequest req;
    req.public_key_der = key_->public_key_der();
    req.user = "alice@example.org";
    req.node_ids = std::move(ids);
    req.overlay = std::move(overlay);
    req.not_before = not_before;
    req.validity = validity;
    auto cert = ca.issue(req);
    EXPECT_TRUE(cert) << cert.error().message();
    return *cert;
  }

  std::unique_ptr<OpensslVerifier> verifier(VerifierOptions opts = {}) {
    if (opts.root_certs.empty()) opts.root_certs = {ca_->certificate().der()};
    if (opts.overlay.empty()) opts.overlay = "example.org";
    auto v = OpensslVerifier::create(std::move(opts));
    EXPECT_TRUE(v) << v.error().message();
    return std::move(*v);
  }

  std::unique_ptr<OpensslSigner> signer(const Certificate& cert) {
    auto s = OpensslSigner::create(*key_, cert, "example.org", 16);
    EXPECT_TRUE(s) << s.error().message();
    return std::move(*s);
  }

  std::unique_ptr<EnrollmentCa> ca_;
  std::unique_ptr<PrivateKey> key_;
};

const base::Bytes input = base::to_bytes("overlay||transaction_id||MessageContents||SignerIdentity");

TEST_P(SecurityVerifier, CheckCertificateAcceptsOwnCaAndCaches) {
  const auto id = random_node_id();
  const auto cert = issue({id}, *ca_);
  auto v = verifier();
  auto peer = v->check_certificate(cert.der());
  ASSERT_TRUE(peer) << peer.error().message();
  EXPECT_EQ(peer->user, "alice@example.org");
  ASSERT_EQ(peer->node_ids.size(), 1u);
  EXPECT_EQ(peer->node_ids[0], id);
  EXPECT_TRUE(peer->has_node_id(id));
  EXPECT_EQ(v->cache_size(), 1u);
  EXPECT_EQ(*v->check_certificate(cert.der()), *peer);
  EXPECT_EQ(v->cache_size(), 1u);
}

TEST_P(SecurityVerifier, CertificateFromAnotherCaIsUntrusted) {
  auto other_ca = EnrollmentCa::create("someone else", GetParam());
  ASSERT_TRUE(other_ca);
  const auto cert = issue({random_node_id()}, *other_ca);
  auto v = verifier();
  EXPECT_EQ(v->check_certificate(cert.der()).error(), errc::untrusted);
  // The other CA as a second anchor makes it acceptable.
  VerifierOptions opts;
  opts.root_certs = {ca_->certificate().der(), other_ca->certificate().der()};
  EXPECT_TRUE(verifier(opts)->check_certificate(cert.der()));
  // A CA certificate is not a node certificate.
  EXPECT_EQ(v->check_certificate(ca_->certificate().der()).error(), errc::no_node_id);
}

TEST_P(SecurityVerifier, DatesWrongOverlayAndBadNodes) {
  const auto now = std::chrono::system_clock::now();
  const auto expired = issue({random_node_id()}, *ca_, "example.org", now - 48h, 24h);
  const auto future = issue({random_node_id()}, *ca_, "example.org", now + 48h, 24h);
  auto v = verifier();
  EXPECT_EQ(v->check_certificate(expired.der()).error(), errc::expired);
  EXPECT_EQ(v->check_certificate(future.der()).error(), errc::not_yet_valid);
  EXPECT_EQ(v->cache_size(), 0u);  // date failures are not remembered
  // With the verifier's clock inside its validity (and the CA's), the future one passes; the
  // expired one cannot, since the CA itself was not valid yet when it was.
  VerifierOptions at_then;
  at_then.fixed_time = now + 60h;
  EXPECT_TRUE(verifier(at_then)->check_certificate(future.der()));
  at_then.fixed_time = now - 36h;
  EXPECT_EQ(verifier(at_then)->check_certificate(expired.der()).error(), errc::not_yet_valid);

  const auto other_overlay = issue({random_node_id()}, *ca_, "other.example");
  EXPECT_EQ(v->check_certificate(other_overlay.der()).error(), errc::wrong_overlay);

  const auto bad_id = random_node_id();
  const auto bad = issue({bad_id}, *ca_);
  VerifierOptions with_bad;
  with_bad.bad_nodes = {bad_id};
  EXPECT_EQ(verifier(with_bad)->check_certificate(bad.der()).error(), errc::bad_node);
  EXPECT_TRUE(v->check_certificate(bad.der()));
}

TEST_P(SecurityVerifier, CachedCertificateStillExpires) {
  const auto now = std::chrono::system_clock::now();
  const auto cert = issue({random_node_id()}, *ca_, "example.org", now - 1h, 2h);
  VerifierOptions opts;
  opts.fixed_time = now;
  auto v = verifier(opts);
  ASSERT_TRUE(v->check_certificate(cert.der()));
  EXPECT_EQ(v->cache_size(), 1u);
  v->set_fixed_time(now + 2h);
  EXPECT_EQ(v->check_certificate(cert.der()).error(), errc::expired);
  v->set_fixed_time(now - 2h);
  EXPECT_EQ(v->check_certificate(cert.der()).error(), errc::not_yet_valid);
  v->set_fixed_time(now);
  EXPECT_TRUE(v->check_certificate(cert.der()));
  EXPECT_EQ(v->cache_size(), 1u);
}

TEST_P(SecurityVerifier, CacheIsBounded) {
  VerifierOptions opts;
  opts.cache_capacity = 3;
  auto v = verifier(opts);
  for (int i = 0; i < 5; ++i) (void)v->check_certificate(issue({random_node_id()}, *ca_).der());
  EXPECT_EQ(v->cache_size(), 3u);
  for (int i = 0; i < 5; ++i) (void)v->check_certificate(base::Bytes{0x30, static_cast<std::uint8_t>(i)});
  EXPECT_EQ(v->cache_size(), 3u);
}

TEST_P(SecurityVerifier, SignAndVerify) {
  const auto id = random_node_id();
  const auto cert = issue({id}, *ca_);
  auto s = signer(cert);
  auto v = verifier();
  const auto sig = s->sign(input);
  EXPECT_EQ(sig.algorithm, signature_algorithm_for(GetParam()));
  EXPECT_EQ(sig.algorithm.signature, GetParam() == KeyType::rsa ? 1 : 3);
  EXPECT_EQ(sig.algorithm.hash, 4);
  // cert_hash = SHA-256 over the DER certificate.
  const auto& h = std::get<msg::CertHash>(sig.identity.value);
  EXPECT_EQ(h.hash_alg, msg::hash_algorithm::sha256);
  const auto digest = sha256(cert.der());
  EXPECT_EQ(h.certificate_hash, base::Bytes(digest.begin(), digest.end()));
  EXPECT_EQ(sig.identity, s->signer_identity());
  EXPECT_EQ(s->Signer::signer_identity(), s->signer_identity());  // the interface's default agrees

  const std::vector<msg::GenericCertificate> certs{s->certificate()};
  auto peer = v->verify(sig, certs, input);
  ASSERT_TRUE(peer) << peer.error().message();
  EXPECT_EQ(peer->node_ids, std::vector<reload::NodeId>{id});
  EXPECT_EQ(s->identity(), *peer);

  // The signature survives a trip through the wire codec.
  auto bytes = msg::encode_as(sig, msg::CodecContext{});
  ASSERT_TRUE(bytes);
  auto decoded = msg::decode_as<msg::Signature>(*bytes, msg::CodecContext{});
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(v->verify(*decoded, certs, input));
}

TEST_P(SecurityVerifier, TamperingIsDetected) {
  const auto cert = issue({random_node_id()}, *ca_);
  auto s = signer(cert);
  auto v = verifier();
  const auto sig = s->sign(input);
  const std::vector<msg::GenericCertificate> certs{s->certificate()};

  auto tampered = sig;
  tampered.signature_value[tampered.signature_value.size() / 2] ^= 0x01;
  EXPECT_EQ(v->verify(tampered, certs, input).error(), errc::bad_signature);
  auto other_input = input;
  other_input.back() ^= 0x01;
  EXPECT_EQ(v->verify(sig, certs, other_input).error(), errc::bad_signature);
  tampered = sig;
  tampered.signature_value.clear();
  EXPECT_EQ(v->verify(tampered, certs, input).error(), errc::bad_signature);
  tampered.signature_value = base::Bytes(600, 0x30);
  EXPECT_EQ(v->verify(tampered, certs, input).error(), errc::bad_signature);

  auto wrong_alg = sig;
  wrong_alg.algorithm.signature =
      GetParam() == KeyType::rsa ? msg::signature_algorithm::ecdsa : msg::signature_algorithm::rsa;
  EXPECT_EQ(v->verify(wrong_alg, certs, input).error(), errc::unsupported_algorithm);
  wrong_alg = sig;
  wrong_alg.algorithm.hash = msg::hash_algorithm::sha1;
  EXPECT_EQ(v->verify(wrong_alg, certs, input).error(), errc::unsupported_algorithm);

  auto no_identity = sig;
  no_identity.identity.value = msg::NoSignerIdentity{};
  EXPECT_EQ(v->verify(no_identity, certs, input).error(), errc::unsupported_identity);
  no_identity.identity.value = msg::UnknownSignerIdentity{9, {1, 2}};
  EXPECT_EQ(v->verify(no_identity, certs, input).error(), errc::unsupported_identity);
  auto md5 = sig;
  std::get<msg::CertHash>(md5.identity.value).hash_alg = msg::hash_algorithm::md5;
  EXPECT_EQ(v->verify(md5, certs, input).error(), errc::unsupported_algorithm);

  // The signer's certificate missing from the message, or present only as another type.
  EXPECT_EQ(v->verify(sig, {}, input).error(), errc::unknown_signer);
  const std::vector<msg::GenericCertificate> pgp{{1, cert.der()}};
  EXPECT_EQ(v->verify(sig, pgp, input).error(), errc::unknown_signer);

  // A signer whose certificate comes from another CA: the hash matches, the chain does not.
  auto other_ca = EnrollmentCa::create("someone else", GetParam());
  ASSERT_TRUE(other_ca);
  auto stranger = signer(issue({random_node_id()}, *other_ca));
  const std::vector<msg::GenericCertificate> stranger_certs{s->certificate(), stranger->certificate()};
  EXPECT_EQ(v->verify(stranger->sign(input), stranger_certs, input).error(), errc::untrusted);
}

TEST_P(SecurityVerifier, MemoAnswersARepeatedVerificationButNotAChangedOne) {
  const auto now = std::chrono::system_clock::now();
  const auto cert = issue({random_node_id()}, *ca_, "example.org", now - 1h, 2h);
  auto s = signer(cert);
  VerifierOptions opts;
  opts.fixed_time = now;
  auto v = verifier(opts);
  const auto sig = s->sign(input);
  const std::vector<msg::GenericCertificate> certs{s->certificate()};
  ASSERT_TRUE(v->verify(sig, certs, input));
  EXPECT_EQ(v->memo_hits(), 0u);
  EXPECT_EQ(v->memo_size(), 1u);
  auto again = v->verify(sig, certs, input);
  ASSERT_TRUE(again);
  EXPECT_EQ(v->memo_hits(), 1u);
  EXPECT_EQ(*again, s->identity());

  // Anything the math depends on differs: no hit, the math runs and fails.
  auto other_input = input;
  other_input.back() ^= 0x01;
  EXPECT_EQ(v->verify(sig, certs, other_input).error(), errc::bad_signature);
  auto tampered = sig;
  tampered.signature_value.back() ^= 0x01;
  EXPECT_EQ(v->verify(tampered, certs, input).error(), errc::bad_signature);
  // The same signature by another certificate (same key, same user) is another memo entry.
  auto s2 = signer(issue({random_node_id()}, *ca_, "example.org", now - 1h, 2h));
  const auto sig2 = s2->sign(input);
  ASSERT_TRUE(v->verify(sig2, {{s2->certificate()}}, input));
  EXPECT_EQ(v->memo_hits(), 1u);
  EXPECT_EQ(v->memo_size(), 2u);  // failures are not remembered

  // A remembered signature still needs a currently valid certificate.
  v->set_fixed_time(now + 2h);
  EXPECT_EQ(v->verify(sig, certs, input).error(), errc::expired);
  v->set_fixed_time(now);
  EXPECT_TRUE(v->verify(sig, certs, input));
  EXPECT_EQ(v->memo_hits(), 2u);
}

TEST_P(SecurityVerifier, MemoIsBoundedAndCanBeOff) {
  const auto cert = issue({random_node_id()}, *ca_);
  auto s = signer(cert);
  const std::vector<msg::GenericCertificate> certs{s->certificate()};
  VerifierOptions opts;
  opts.memo_capacity = 3;
  auto v = verifier(opts);
  std::vector<base::Bytes> inputs;
  for (std::uint8_t i = 0; i < 5; ++i) inputs.push_back(base::Bytes{i, 1, 2, 3});
  for (const auto& in : inputs) ASSERT_TRUE(v->verify(s->sign(in), certs, in));
  EXPECT_EQ(v->memo_size(), 3u);
  opts.memo_capacity = 0;
  auto off = verifier(opts);
  const auto sig = s->sign(input);
  ASSERT_TRUE(off->verify(sig, certs, input));
  ASSERT_TRUE(off->verify(sig, certs, input));
  EXPECT_EQ(off->memo_size(), 0u);
  EXPECT_EQ(off->memo_hits(), 0u);
}

TEST_P(SecurityVerifier, CertHashSha1AndCertHashNodeIdFindTheSigner) {
  const auto a = random_node_id();
  const auto b = random_node_id();
  const auto two = issue({a, b}, *ca_);
  auto s = signer(two);
  auto v = verifier();
  auto decoy = signer(issue({random_node_id()}, *ca_));
  const std::vector<msg::GenericCertificate> certs{decoy->certificate(), s->certificate()};

  // Several Node-IDs: the signer uses cert_hash_node_id for its first one (s6.3.4).
  const auto sig = s->sign(input);
  const auto& h = std::get<msg::CertHashNodeId>(sig.identity.value);
  base::Bytes hashed(a.bytes().begin(), a.bytes().end());
  hashed.insert(hashed.end(), two.der().begin(), two.der().end());
  const auto digest = sha256(hashed);
  EXPECT_EQ(h.certificate_node_id_hash, base::Bytes(digest.begin(), digest.end()));
  auto peer = v->verify(sig, certs, input);
  ASSERT_TRUE(peer) << peer.error().message();
  EXPECT_EQ(peer->node_ids, std::vector<reload::NodeId>{a});

  // The same signature bytes claimed for Node-ID b: the verifier reports b.
  auto as_b = sig;
  base::Bytes hashed_b(b.bytes().begin(), b.bytes().end());
  hashed_b.insert(hashed_b.end(), two.der().begin(), two.der().end());
  const auto digest_b = sha256(hashed_b);
  std::get<msg::CertHashNodeId>(as_b.identity.value).certificate_node_id_hash.assign(digest_b.begin(), digest_b.end());
  // The identity is not part of `input` here, so the signature still verifies and names b.
  EXPECT_EQ(v->verify(as_b, certs, input)->node_ids, std::vector<reload::NodeId>{b});

  // cert_hash with SHA-1 over the DER also names a certificate.
  auto sha1_sig = decoy->sign(input);
  const auto d1 = sha1(decoy->certificate().certificate);
  sha1_sig.identity.value = msg::CertHash{msg::hash_algorithm::sha1, base::Bytes(d1.begin(), d1.end())};
  EXPECT_TRUE(v->verify(sha1_sig, certs, input));
}

TEST_P(SecurityVerifier, SignerRefusesForeignKeyOrOverlay) {
  const auto cert = issue({random_node_id()}, *ca_);
  auto other = PrivateKey::generate(GetParam());
  ASSERT_TRUE(other);
  EXPECT_EQ(OpensslSigner::create(*other, cert).error(), errc::key_mismatch);
  EXPECT_EQ(OpensslSigner::create(*key_, cert, "other.example").error(), errc::wrong_overlay);
}

TEST_P(SecurityVerifier, CreateRefusesBadAnchors) {
  VerifierOptions none;
  EXPECT_EQ(OpensslVerifier::create(none).error(), errc::invalid_argument);
  VerifierOptions junk;
  junk.root_certs = {base::to_bytes("YmFkIGNlcnQK")};
  EXPECT_EQ(OpensslVerifier::create(junk).error(), errc::bad_certificate);
  VerifierOptions leaf;
  leaf.root_certs = {issue({random_node_id()}, *ca_).der()};
  EXPECT_EQ(OpensslVerifier::create(leaf).error(), errc::bad_certificate);
}

TEST_P(SecurityVerifier, HostileCertificatesInMessages) {
  auto v = verifier();
  const auto cert = issue({random_node_id()}, *ca_);
  auto s = signer(cert);
  const auto sig = s->sign(input);
  // Truncations of the signer's certificate: the hash no longer matches, nothing crashes.
  for (std::size_t n = 0; n < cert.der().size(); n += 13) {
    const std::vector<msg::GenericCertificate> certs{{0, base::Bytes(cert.der().begin(), cert.der().begin() + n)}};
    EXPECT_EQ(v->verify(sig, certs, input).error(), errc::unknown_signer);
    EXPECT_FALSE(v->check_certificate(certs[0].certificate));
  }
  // cert_hash_node_id over junk certificates.
  auto by_node = sig;
  by_node.identity.value = msg::CertHashNodeId{msg::hash_algorithm::sha256, base::Bytes(32, 0xab)};
  const std::vector<msg::GenericCertificate> junk{{0, {0x30, 0x82, 0xff, 0xff}}, {0, {}}, {0, cert.der()}};
  EXPECT_EQ(v->verify(by_node, junk, input).error(), errc::unknown_signer);
}

INSTANTIATE_TEST_SUITE_P(SecurityKeyTypes, SecurityVerifier, ::testing::Values(KeyType::ec, KeyType::rsa),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace disco::security
