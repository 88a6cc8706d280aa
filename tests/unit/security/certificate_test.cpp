#include "libcommon/security/certificate.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <random>

#include "libcommon/security/enrollment_ca.hpp"
#include "libcommon/security/errc.hpp"

namespace disco::security {
namespace {

reload::NodeId id_from_hex(std::string_view hex) { return *reload::NodeId::from_hex(hex); }

TEST(SecurityUri, NodeUriIsTheHexOfOneNodeDestination) {
  const auto id = id_from_hex("000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(reload_node_uri(id, "example.org"), "reload://0110000102030405060708090a0b0c0d0e0f@example.org/");
  auto parsed = parse_reload_node_uri("reload://0110000102030405060708090A0B0C0D0E0F@example.org/");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->node_id, id);
  EXPECT_EQ(parsed->overlay, "example.org");
  const auto long_id = id_from_hex("000102030405060708090a0b0c0d0e0f10111213");
  EXPECT_EQ(parse_reload_node_uri(reload_node_uri(long_id, "o.example"))->node_id, long_id);
}

TEST(SecurityUri, RejectsEverythingButOneNodeEntry) {
  for (std::string_view bad : {
           "reload://0210000102030405060708090a0b0c0d0e0f@example.org/",    // resource entry
           "reload://0111000102030405060708090a0b0c0d0e0f@example.org/",    // length says 17
           "reload://0110000102030405060708090a0b0c0d0e@example.org/",      // 15-byte id
           "reload://0110000102030405060708090a0b0c0d0e0f@example.org",     // no slash
           "reload://0110000102030405060708090a0b0c0d0e0f@example.org/00",  // a specifier
           "reload://0110000102030405060708090a0b0c0d0e0f@/",               // no overlay
           "reload://0110000102030405060708090a0b0c0d0e0f@exa mple.org/",   // not a DNS name
           "reload://0110 000102030405060708090a0b0c0d0e0f@example.org/",   // whitespace in the hex
           "sip://0110000102030405060708090a0b0c0d0e0f@example.org/",
           "reload://",
           "",
       })
    EXPECT_FALSE(parse_reload_node_uri(bad)) << bad;
}

TEST(SecurityNames, OverlayAndUserNames) {
  EXPECT_TRUE(is_valid_overlay_name("example.org"));
  EXPECT_TRUE(is_valid_overlay_name("myoverlay"));
  EXPECT_TRUE(is_valid_overlay_name("a-b.c9"));
  EXPECT_FALSE(is_valid_overlay_name(""));
  EXPECT_FALSE(is_valid_overlay_name("-a.org"));
  EXPECT_FALSE(is_valid_overlay_name("a-.org"));
  EXPECT_FALSE(is_valid_overlay_name("a..org"));
  EXPECT_FALSE(is_valid_overlay_name("a.org."));
  EXPECT_FALSE(is_valid_overlay_name("a/b"));
  EXPECT_FALSE(is_valid_overlay_name(std::string(64, 'a')));
  EXPECT_TRUE(is_valid_overlay_name(std::string(63, 'a')));
  EXPECT_TRUE(is_valid_user_name("node-3@myoverlay"));
  EXPECT_TRUE(is_valid_user_name("alice.b+x@example.org"));
  EXPECT_FALSE(is_valid_user_name("alice"));
  EXPECT_FALSE(is_valid_user_name("@example.org"));
  EXPECT_FALSE(is_valid_user_name("al ice@example.org"));
  EXPECT_FALSE(is_valid_user_name(std::string("al\0ice@example.org", 18)));
  EXPECT_FALSE(is_valid_user_name("a@b@example.org"));
}

class SecurityCertificate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_ = new EnrollmentCa(*EnrollmentCa::create("test CA", KeyType::ec));
    node_key_ = new PrivateKey(*PrivateKey::generate(KeyType::ec));
  }
  static void TearDownTestSuite() {
    delete ca_;
    delete node_key_;
  }
  static Certificate issue(std::vector<reload::NodeId> ids, std::string overlay = "example.org") {
    NodeCertificateRequest req;
    req.public_key_der = node_key_->public_key_der();
    req.user = "alice@example.org";
    req.node_ids = std::move(ids);
    req.overlay = std::move(overlay);
    auto cert = ca_->issue(req);
    EXPECT_TRUE(cert) << cert.error().message();
    return *cert;
  }
  static EnrollmentCa* ca_;
  static PrivateKey* node_key_;
};
EnrollmentCa* SecurityCertificate::ca_ = nullptr;
PrivateKey* SecurityCertificate::node_key_ = nullptr;

TEST_F(SecurityCertificate, IssuedCertificateCarriesNodeIdsAndUser) {
  const auto a = id_from_hex("00112233445566778899aabbccddeeff");
  const auto b = id_from_hex("ffeeddccbbaa99887766554433221100");
  const auto cert = issue({a, b});
  auto id = parse_identity(cert, "example.org", 16);
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(id->user, "alice@example.org");
  ASSERT_EQ(id->node_ids.size(), 2u);
  EXPECT_EQ(id->node_ids[0], a);
  EXPECT_EQ(id->node_ids[1], b);
  EXPECT_EQ(id->certificate_der, cert.der());
  EXPECT_FALSE(cert.is_ca());
  EXPECT_TRUE(ca_->certificate().is_ca());
  EXPECT_EQ(cert.public_key_der(), node_key_->public_key_der());
  // s11.3: the subject DN is empty.
  EXPECT_EQ(X509_NAME_entry_count(X509_get_subject_name(cert.native())), 0);
  const auto validity = cert.not_after() - cert.not_before();
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::hours>(validity).count(), 24 * 365);
  EXPECT_LT(cert.not_before(), std::chrono::system_clock::now());
}

TEST_F(SecurityCertificate, OverlayAndLengthChecks) {
  const auto cert = issue({random_node_id()}, "other.example");
  EXPECT_EQ(parse_identity(cert, "example.org").error(), errc::wrong_overlay);
  EXPECT_TRUE(parse_identity(cert, "OTHER.example"));
  EXPECT_TRUE(parse_identity(cert));
  EXPECT_EQ(parse_identity(cert, {}, 20).error(), errc::bad_certificate);
}

TEST_F(SecurityCertificate, DerAndPemRoundTrip) {
  const auto cert = issue({random_node_id()});
  auto from_der = Certificate::from_der(cert.der());
  ASSERT_TRUE(from_der);
  EXPECT_EQ(from_der->der(), cert.der());
  const auto pem = cert.to_pem();
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  auto from_pem = Certificate::from_pem(pem);
  ASSERT_TRUE(from_pem);
  EXPECT_EQ(from_pem->der(), cert.der());
  const Certificate copy = *from_pem;  // shares the X509
  EXPECT_EQ(copy.der(), cert.der());
  EXPECT_EQ(copy.sha256(), cert.sha256());
}

TEST_F(SecurityCertificate, IssueRefusesBadRequests) {
  NodeCertificateRequest req;
  req.public_key_der = node_key_->public_key_der();
  req.user = "alice@example.org";
  req.node_ids = {random_node_id()};
  req.overlay = "example.org";
  ASSERT_TRUE(ca_->issue(req));
  auto r = req;
  r.user = "alice";
  EXPECT_EQ(ca_->issue(r).error(), errc::invalid_argument);
  r = req;
  r.overlay = "bad/overlay";
  EXPECT_EQ(ca_->issue(r).error(), errc::invalid_argument);
  r = req;
  r.node_ids.clear();
  EXPECT_EQ(ca_->issue(r).error(), errc::invalid_argument);
  r = req;
  r.public_key_der = {0x30, 0x03, 0x02, 0x01, 0x01};
  EXPECT_EQ(ca_->issue(r).error(), errc::bad_key);
  r = req;
  r.public_key_der.push_back(0);  // trailing byte
  EXPECT_EQ(ca_->issue(r).error(), errc::bad_key);
}

TEST_F(SecurityCertificate, HostileDerGivesErrorsNotCrashes) {
  const auto der = issue({random_node_id()}).der();
  for (std::size_t n = 0; n < der.size(); ++n)
    EXPECT_FALSE(Certificate::from_der(base::BytesView(der).first(n))) << "prefix " << n;
  auto longer = der;
  longer.push_back(0);
  EXPECT_EQ(Certificate::from_der(longer).error(), errc::bad_certificate);

  std::mt19937 rng(42);
  std::size_t parsed = 0;
  for (int i = 0; i < 2000; ++i) {
    base::Bytes junk(rng() % 600);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    if (!junk.empty() && i % 2 == 0) junk[0] = 0x30;  // SEQUENCE, to get past the first check
    if (Certificate::from_der(junk)) ++parsed;
  }
  EXPECT_EQ(parsed, 0u);

  // Single-byte corruptions of a good certificate: each parses or fails; whatever parses, the
  // identity parser copes with.
  for (std::size_t pos = 0; pos < der.size(); pos += 7) {
    auto bad = der;
    bad[pos] ^= 0x5a;
    auto cert = Certificate::from_der(bad);
    if (cert) (void)parse_identity(*cert, "example.org");
  }
  EXPECT_FALSE(Certificate::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
  EXPECT_FALSE(Certificate::from_pem(""));
}

TEST(SecurityPrivateKey, PemAndDerRoundTripForBothTypes) {
  for (auto type : {KeyType::ec, KeyType::rsa}) {
    auto key = PrivateKey::generate(type);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->type(), type);
    const auto pem = key->to_pem();
    EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
    auto again = PrivateKey::from_pem(pem);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->type(), type);
    EXPECT_EQ(again->public_key_der(), key->public_key_der());
    auto from_der = PrivateKey::from_der(key->to_der());
    ASSERT_TRUE(from_der);
    EXPECT_EQ(from_der->public_key_der(), key->public_key_der());
  }
  EXPECT_EQ(key_type_from("rsa"), KeyType::rsa);
  EXPECT_EQ(key_type_from("ec"), KeyType::ec);
  EXPECT_FALSE(key_type_from("dsa"));
  EXPECT_EQ(to_string(KeyType::ec), "ec");
}

TEST(SecurityPrivateKey, RefusesJunkEncryptedAndWeakKeys) {
  EXPECT_EQ(PrivateKey::from_pem("not a key").error(), errc::bad_key);
  EXPECT_EQ(PrivateKey::from_der(base::Bytes{0x30, 0x00}).error(), errc::bad_key);
  EXPECT_EQ(PrivateKey::from_der({}).error(), errc::bad_key);
  auto key = PrivateKey::generate(KeyType::ec);
  ASSERT_TRUE(key);
  auto der = key->to_der();
  der.push_back(0);
  EXPECT_EQ(PrivateKey::from_der(der).error(), errc::bad_key);

  // An encrypted PEM is refused rather than prompting on the terminal for a pass phrase.
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio, key->native(), EVP_aes_128_cbc(), nullptr, 0, nullptr,
                                          const_cast<char*>("secret")),
            1);
  std::string pem(static_cast<std::size_t>(BIO_ctrl_pending(bio)), '\0');
  ASSERT_GT(BIO_read(bio, pem.data(), static_cast<int>(pem.size())), 0);
  BIO_free(bio);
  EXPECT_NE(pem.find("ENCRYPTED"), std::string::npos);
  EXPECT_EQ(PrivateKey::from_pem(pem).error(), errc::bad_key);

  // RSA below 2048 bits.
  PkeyPtr weak(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(1024)));
  ASSERT_TRUE(weak);
  EXPECT_EQ(PrivateKey::adopt(std::move(weak)).error(), errc::bad_key);
}

TEST(SecurityEnrollmentCa, LoadChecksCaFlagAndKey) {
  auto ca = EnrollmentCa::create("load test", KeyType::ec);
  ASSERT_TRUE(ca);
  auto other = PrivateKey::generate(KeyType::ec);
  ASSERT_TRUE(other);
  EXPECT_TRUE(EnrollmentCa::load(ca->key(), ca->certificate()));
  EXPECT_EQ(EnrollmentCa::load(*other, ca->certificate()).error(), errc::key_mismatch);
  NodeCertificateRequest req;
  req.public_key_der = other->public_key_der();
  req.user = "n@o.example";
  req.node_ids = {random_node_id()};
  req.overlay = "o.example";
  auto leaf = ca->issue(req);
  ASSERT_TRUE(leaf);
  EXPECT_EQ(EnrollmentCa::load(*other, *leaf).error(), errc::bad_certificate);
  // The CN is cut to the 64 bytes X.520 allows instead of failing.
  EXPECT_TRUE(EnrollmentCa::create(std::string(100, 'x'), KeyType::ec));
}

}  // namespace
}  // namespace disco::security
