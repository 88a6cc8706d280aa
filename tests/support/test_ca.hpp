#pragma once
// A throw-away certificate authority for tests: an EC P-256 CA and node certificates carrying a
// RELOAD URI in subjectAltName (RFC 6940 s11.3), written as PEM files into a temporary directory.
// Test-only; the enrollment CA of the product lives in libcommon/security.

#include <filesystem>
#include <memory>
#include <string>

#include "libcommon/base/bytes.hpp"

namespace disco::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "disco-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct TestCertificate {
  std::filesystem::path key_pem;
  std::filesystem::path cert_pem;
  base::Bytes der;
};

// "reload://<node_id_hex>@<overlay>/", the URI form s11.3 puts in subjectAltName.
std::string reload_uri(const std::string& node_id_hex, const std::string& overlay = "test-overlay");

class TestCa {
 public:
  // Writes <dir>/<name>.crt (self-signed, CA:TRUE) and keeps the key in memory.
  TestCa(std::filesystem::path dir, const std::string& name);
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  [[nodiscard]] const std::filesystem::path& cert_pem() const { return cert_pem_; }
  // Writes <dir>/<name>.key and <dir>/<name>.crt: a leaf for TLS client and server use with
  // `san_uri` as its subjectAltName URI. Throws std::runtime_error if OpenSSL fails.
  TestCertificate issue(const std::string& name, const std::string& san_uri) const;

 private:
  struct Impl;
  std::filesystem::path dir_;
  std::filesystem::path cert_pem_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace disco::test
