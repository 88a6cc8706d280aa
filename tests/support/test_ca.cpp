#include "tests/support/test_ca.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace disco::test {

namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test CA: ") + what + " failed");
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EVP_EC_gen");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "X509V3_EXT_nconf_nid");
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  check(added, "X509_add_ext");
}

// Subject, validity (an hour back for clock skew, a day ahead) and public key; issuer and
// extensions are the caller's.
Cert new_cert(EVP_PKEY* key, const std::string& common_name, long serial) {
  Cert cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "serial");
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400) != nullptr, "notAfter");
  check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
        "CN");
  return cert;
}

void write_cert(const std::filesystem::path& path, X509* cert) {
  std::unique_ptr<FILE, FileClose> f(std::fopen(path.c_str(), "w"));
  check(f != nullptr, "fopen");
  check(PEM_write_X509(f.get(), cert) == 1, "PEM_write_X509");
}

void write_key(const std::filesystem::path& path, EVP_PKEY* key) {
  std::unique_ptr<FILE, FileClose> f(std::fopen(path.c_str(), "w"));
  check(f != nullptr, "fopen");
  check(PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM_write_PrivateKey");
}

base::Bytes der_of(X509* cert) {
  const int size = i2d_X509(cert, nullptr);
  check(size > 0, "i2d_X509");
  base::Bytes der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  check(i2d_X509(cert, &out) == size, "i2d_X509");
  return der;
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string reload_uri(const std::string& node_id_hex, const std::string& overlay) {
  return "reload://" + node_id_hex + "@" + overlay + "/";
}

struct TestCa::Impl {
  Key key;
  Cert cert;
  mutable long next_serial = 2;
};

TestCa::TestCa(std::filesystem::path dir, const std::string& name)
    : dir_(std::move(dir)), cert_pem_(dir_ / (name + ".crt")), impl_(std::make_unique<Impl>()) {
  impl_->key = new_key();
  impl_->cert = new_cert(impl_->key.get(), name, 1);
  X509* cert = impl_->cert.get();
  check(X509_set_issuer_name(cert, X509_get_subject_name(cert)) == 1, "issuer");
  add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert, cert, NID_subject_key_identifier, "hash");
  check(X509_sign(cert, impl_->key.get(), EVP_sha256()) > 0, "X509_sign");
  write_cert(cert_pem_, cert);
}

TestCa::~TestCa() = default;

TestCertificate TestCa::issue(const std::string& name, const std::string& san_uri) const {
  Key key = new_key();
  Cert cert = new_cert(key.get(), name, impl_->next_serial++);
  X509* issuer = impl_->cert.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) == 1, "issuer");
  add_extension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
  // RELOAD peers are TLS clients and servers alike.
  add_extension(cert.get(), issuer, NID_ext_key_usage, "serverAuth,clientAuth");
  add_extension(cert.get(), issuer, NID_subject_alt_name, "URI:" + san_uri);
  add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
  check(X509_sign(cert.get(), impl_->key.get(), EVP_sha256()) > 0, "X509_sign");
  TestCertificate out{dir_ / (name + ".key"), dir_ / (name + ".crt"), der_of(cert.get())};
  write_key(out.key_pem, key.get());
  write_cert(out.cert_pem, cert.get());
  return out;
}

}  // namespace disco::test
