#include "libcommon/security/certificate.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <ctime>
#include <limits>

#include "libcommon/security/openssl_util.hpp"

namespace disco::security {

using detail::fail;

namespace {
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

base::Bytes encode_x509(const X509* x) {
  return detail::to_der(x, [](const X509* c, unsigned char** out) { return i2d_X509(c, out); });
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    ERR_clear_error();
    return {};
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string_view as_view(const ASN1_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s))};
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

using GeneralNames = detail::Owned<GENERAL_NAMES, GENERAL_NAMES_free>;
}  // namespace

base::result<Certificate, std::error_code> Certificate::adopt(X509Ptr cert) {
  if (!cert) return base::failure{fail(errc::bad_certificate)};
  auto der = encode_x509(cert.get());
  if (der.empty()) return base::failure{fail(errc::bad_certificate)};
  return Certificate(std::move(cert), std::move(der));
}

base::result<Certificate, std::error_code> Certificate::from_der(base::BytesView der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
    return base::failure{fail(errc::bad_certificate)};
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != der.data() + der.size()) return base::failure{fail(errc::bad_certificate)};
  return Certificate(std::move(cert), base::Bytes(der.begin(), der.end()));
}

base::result<Certificate, std::error_code> Certificate::from_pem(std::string_view pem) {
  auto bio = detail::read_bio(pem);
  if (!bio) return base::failure{fail(errc::bad_certificate)};
  return adopt(X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr)));
}

Certificate::Certificate(const Certificate& other) : der_(other.der_) {
  if (other.cert_ && X509_up_ref(other.cert_.get()) == 1) cert_.reset(other.cert_.get());
}

Certificate& Certificate::operator=(const Certificate& other) {
  if (this != &other) *this = Certificate(other);
  return *this;
}

std::string Certificate::to_pem() const {
  auto bio = detail::write_bio();
  if (!bio || PEM_write_bio_X509(bio.get(), cert_.get()) != 1) {
    ERR_clear_error();
    return {};
  }
  return detail::drain(bio.get());
}

std::chrono::system_clock::time_point Certificate::not_before() const {
  return to_time_point(X509_get0_notBefore(cert_.get()));
}
std::chrono::system_clock::time_point Certificate::not_after() const {
  return to_time_point(X509_get0_notAfter(cert_.get()));
}

bool Certificate::is_ca() const { return X509_check_ca(cert_.get()) == 1; }

base::Bytes Certificate::public_key_der() const {
  const EVP_PKEY* key = X509_get0_pubkey(cert_.get());
  if (key == nullptr) {
    ERR_clear_error();
    return {};
  }
  return detail::to_der(key, [](const EVP_PKEY* k, unsigned char** out) { return i2d_PUBKEY(k, out); });
}

std::string reload_node_uri(const reload::NodeId& id, std::string_view overlay) {
  // Destination (s6.3.2.2): type node(1), length, the Node-ID.
  const std::uint8_t header[] = {0x01, static_cast<std::uint8_t>(id.size())};
  std::string uri = "reload://";
  uri += base::to_hex(header);
  uri += id.to_hex();
  uri += '@';
  uri += overlay;
  uri += '/';
  return uri;
}

std::optional<ReloadNodeUri> parse_reload_node_uri(std::string_view uri) {
  constexpr std::string_view scheme = "reload://";
  if (uri.size() > 512 || uri.substr(0, scheme.size()) != scheme) return std::nullopt;
  uri.remove_prefix(scheme.size());
  const auto at = uri.find('@');
  if (at == std::string_view::npos || uri.empty() || uri.back() != '/') return std::nullopt;
  auto bytes = base::from_hex(uri.substr(0, at));
  const auto overlay = uri.substr(at + 1, uri.size() - at - 2);
  // from_hex skips whitespace; a URI has none.
  for (char c : uri.substr(0, at))
    if (!is_alnum(c)) return std::nullopt;
  if (!bytes || bytes->size() < 2 || (*bytes)[0] != 0x01 || static_cast<std::size_t>((*bytes)[1]) != bytes->size() - 2)
    return std::nullopt;
  auto id = reload::NodeId::from_bytes(base::BytesView(*bytes).subspan(2));
  if (!id || !is_valid_overlay_name(overlay)) return std::nullopt;
  return ReloadNodeUri{*id, std::string(overlay)};
}

bool is_valid_overlay_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  char prev = '.';
  for (char c : name) {
    if (c == '.') {
      if (label == 0 || prev == '-') return false;
      label = 0;
    } else if (is_alnum(c) || c == '-') {
      if (label == 0 && c == '-') return false;
      if (++label > 63) return false;
    } else {
      return false;
    }
    prev = c;
  }
  return label > 0 && prev != '-';
}

bool is_valid_user_name(std::string_view name) {
  if (name.size() > 254) return false;
  const auto at = name.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  constexpr std::string_view atext_specials = "!#$%&'*+/=?^_`{|}~.-";
  for (char c : name.substr(0, at))
    if (!is_alnum(c) && atext_specials.find(c) == std::string_view::npos) return false;
  return is_valid_overlay_name(name.substr(at + 1));
}

base::result<PeerIdentity, std::error_code> parse_identity(const Certificate& cert, std::string_view expected_overlay,
                                                           std::size_t node_id_length) {
  int critical = 0;
  GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.native(), NID_subject_alt_name, &critical, nullptr)));
  if (!names) {
    // -1: no subjectAltName at all; -2: more than one; otherwise it would not decode.
    return base::failure{fail(critical == -1 ? errc::no_node_id : errc::bad_certificate)};
  }
  PeerIdentity identity;
  std::size_t users = 0;
  bool wrong_overlay = false;
  const int count = sk_GENERAL_NAME_num(names.get());
  for (int i = 0; i < count; ++i) {
    const GENERAL_NAME* gen = sk_GENERAL_NAME_value(names.get(), i);
    if (gen->type == GEN_EMAIL) {
      ++users;
      identity.user = std::string(as_view(gen->d.rfc822Name));
    } else if (gen->type == GEN_URI) {
      auto uri = parse_reload_node_uri(as_view(gen->d.uniformResourceIdentifier));
      if (!uri) return base::failure{fail(errc::bad_certificate)};
      if (node_id_length != 0 && uri->node_id.size() != node_id_length)
        return base::failure{fail(errc::bad_certificate)};
      if (!expected_overlay.empty() && !iequals(uri->overlay, expected_overlay)) wrong_overlay = true;
      identity.node_ids.push_back(uri->node_id);
    } else {
      // s11.3: "MUST NOT contain any identities other than those listed above".
      return base::failure{fail(errc::bad_certificate)};
    }
  }
  if (wrong_overlay) return base::failure{fail(errc::wrong_overlay)};
  if (identity.node_ids.empty()) return base::failure{fail(errc::no_node_id)};
  // is_valid_user_name also refuses an embedded NUL, which as_view would otherwise carry along.
  if (users != 1 || !is_valid_user_name(identity.user)) return base::failure{fail(errc::bad_user)};
  identity.certificate_der = cert.der();
  return identity;
}

}  // namespace disco::security
