// tests/vectors/security/node_certificate.hex: a node certificate as security::EnrollmentCa issues
// it (RFC 6940 s11.3). It seeds fuzz_certificate; this test is its generator (DISCO_WRITE_VECTORS=1
// writes a new one, see tests/vectors/security/README.md) and checks the checked-in one still reads
// as that certificate.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "libcommon/security/certificate.hpp"
#include "libcommon/security/enrollment_ca.hpp"
#include "tests/support/vectors.hpp"

namespace disco::security {
namespace {

constexpr std::string_view vector_name = "security/node_certificate.hex";
constexpr std::string_view user = "alice@overlay.example.org";
constexpr std::string_view overlay = "overlay.example.org";

reload::NodeId node() { return *reload::NodeId::from_hex("f0e0d0c0b0a090807060504030201000"); }

void write_vector(const Certificate& cert) {
  std::ofstream out(test::vector_path(vector_name), std::ios::trunc);
  out << "# An RFC 6940 s11.3 node certificate (DER) issued by security::EnrollmentCa (EC P-256 CA and\n"
         "# node key): subjectAltName reload://0110f0e0d0c0b0a090807060504030201000@overlay.example.org/\n"
         "# and alice@overlay.example.org, valid 2026-01-01 to 2035-12-30.\n"
         "# Written by tests/unit/security/certificate_vector_test.cpp (DISCO_WRITE_VECTORS=1).\n";
  const auto hex = base::to_hex(cert.der());
  for (std::size_t i = 0; i < hex.size(); i += 64) out << hex.substr(i, 64) << '\n';
}

TEST(CertificateVector, TheCheckedInNodeCertificateReads) {
  if (std::getenv("DISCO_WRITE_VECTORS") != nullptr) {
    auto ca = EnrollmentCa::create("disco vector CA", KeyType::ec);
    ASSERT_TRUE(ca.has_value());
    auto key = PrivateKey::generate(KeyType::ec);
    ASSERT_TRUE(key.has_value());
    NodeCertificateRequest req;
    req.public_key_der = key->public_key_der();
    req.user = std::string(user);
    req.node_ids = {node()};
    req.overlay = std::string(overlay);
    req.not_before = std::chrono::system_clock::time_point{std::chrono::seconds{1767225600}};  // 2026-01-01
    req.validity = std::chrono::hours(24 * 3650);
    auto cert = ca->issue(req);
    ASSERT_TRUE(cert.has_value());
    write_vector(*cert);
  }
  auto cert = Certificate::from_der(test::load_hex_vector(vector_name));
  ASSERT_TRUE(cert.has_value());
  EXPECT_FALSE(cert->is_ca());
  EXPECT_EQ(cert->not_before(), std::chrono::system_clock::time_point{std::chrono::seconds{1767225600}});
  auto identity = parse_identity(*cert, overlay, 16);
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->user, user);
  EXPECT_EQ(identity->node_ids, std::vector<reload::NodeId>{node()});
}

}  // namespace
}  // namespace disco::security
