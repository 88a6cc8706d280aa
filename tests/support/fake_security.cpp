#include "tests/support/fake_security.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace disco::test {
namespace {

namespace msg = reload::msg;

constexpr std::string_view magic = "FAKECERT";
constexpr std::size_t tag_size = 16;

base::Bytes sha256(base::BytesView a, base::BytesView b = {}) {
  base::Bytes joined(a.begin(), a.end());
  joined.insert(joined.end(), b.begin(), b.end());
  base::Bytes out(32);
  unsigned int len = 0;
  EVP_Digest(joined.data(), joined.size(), out.data(), &len, EVP_sha256(), nullptr);
  return out;
}

base::Bytes tag(std::string_view realm, base::BytesView body) {
  auto d = sha256(base::as_bytes(realm), body);
  d.resize(tag_size);
  return d;
}

std::error_code denied() { return std::make_error_code(std::errc::permission_denied); }

}  // namespace

base::Bytes fake_certificate(std::string_view user, const std::vector<reload::NodeId>& node_ids,
                             std::string_view realm) {
  base::Bytes out = base::to_bytes(magic);
  out.push_back(static_cast<std::uint8_t>(user.size()));
  const auto u = base::as_bytes(user);
  out.insert(out.end(), u.begin(), u.end());
  out.push_back(static_cast<std::uint8_t>(node_ids.size()));
  for (const auto& n : node_ids) {
    out.push_back(static_cast<std::uint8_t>(n.size()));
    out.insert(out.end(), n.bytes().begin(), n.bytes().end());
  }
  const auto t = tag(realm, out);
  out.insert(out.end(), t.begin(), t.end());
  return out;
}

FakeSigner::FakeSigner(std::string user, std::vector<reload::NodeId> node_ids, std::string_view realm,
                       std::optional<reload::NodeId> as_node) {
  identity_.certificate_der = fake_certificate(user, node_ids, realm);
  identity_.user = std::move(user);
  identity_.node_ids = std::move(node_ids);
  if (as_node) {
    signer_identity_.value =
        msg::CertHashNodeId{msg::hash_algorithm::sha256, sha256(as_node->bytes(), identity_.certificate_der)};
  } else {
    signer_identity_.value = msg::CertHash{msg::hash_algorithm::sha256, sha256(identity_.certificate_der)};
  }
}

msg::GenericCertificate FakeSigner::certificate() const { return {0, identity_.certificate_der}; }

msg::Signature FakeSigner::sign(base::BytesView input) const {
  msg::Signature sig;
  sig.algorithm = {msg::hash_algorithm::sha256, msg::signature_algorithm::rsa};
  sig.identity = signer_identity_;
  sig.signature_value = sha256(identity_.certificate_der, input);
  return sig;
}

base::result<security::PeerIdentity, std::error_code> FakeVerifier::check_certificate(base::BytesView der) const {
  const auto bad = std::make_error_code(std::errc::invalid_argument);
  if (der.size() < magic.size() + 2 + tag_size || !std::equal(magic.begin(), magic.end(), der.begin()))
    return base::failure{bad};
  const auto body = der.first(der.size() - tag_size);
  const auto expected = tag(realm_, body);
  if (!std::equal(expected.begin(), expected.end(), der.begin() + static_cast<std::ptrdiff_t>(body.size())))
    return base::failure{denied()};  // not issued by our "trust anchor"
  security::PeerIdentity id;
  std::size_t pos = magic.size();
  const std::size_t user_len = body[pos++];
  if (pos + user_len + 1 > body.size()) return base::failure{bad};
  id.user.assign(body.begin() + static_cast<std::ptrdiff_t>(pos),
                 body.begin() + static_cast<std::ptrdiff_t>(pos + user_len));
  pos += user_len;
  const std::size_t count = body[pos++];
  for (std::size_t i = 0; i < count; ++i) {
    if (pos >= body.size()) return base::failure{bad};
    const std::size_t len = body[pos++];
    if (pos + len > body.size()) return base::failure{bad};
    auto node = reload::NodeId::from_bytes(body.subspan(pos, len));
    if (!node) return base::failure{bad};
    id.node_ids.push_back(*node);
    pos += len;
  }
  if (pos != body.size() || id.node_ids.empty() || id.user.empty()) return base::failure{bad};
  id.certificate_der.assign(der.begin(), der.end());
  return id;
}

base::result<security::PeerIdentity, std::error_code> FakeVerifier::verify(
    const msg::Signature& sig, std::span<const msg::GenericCertificate> certificates, base::BytesView input) const {
  ++verifications_;
  if (sig.algorithm != msg::SignatureAndHashAlgorithm{msg::hash_algorithm::sha256, msg::signature_algorithm::rsa})
    return base::failure{denied()};
  const msg::GenericCertificate* found = nullptr;
  for (const auto& c : certificates) {
    if (const auto* h = std::get_if<msg::CertHash>(&sig.identity.value)) {
      if (h->hash_alg == msg::hash_algorithm::sha256 && h->certificate_hash == sha256(c.certificate)) found = &c;
    } else if (const auto* hn = std::get_if<msg::CertHashNodeId>(&sig.identity.value)) {
      auto id = check_certificate(c.certificate);
      if (!id || hn->hash_alg != msg::hash_algorithm::sha256) continue;
      for (const auto& n : id->node_ids)
        if (hn->certificate_node_id_hash == sha256(n.bytes(), c.certificate)) found = &c;
    }
    if (found != nullptr) break;
  }
  if (found == nullptr) return base::failure{std::make_error_code(std::errc::no_such_file_or_directory)};
  auto id = check_certificate(found->certificate);
  if (!id) return id;
  if (sig.signature_value != sha256(found->certificate, input)) return base::failure{denied()};
  return id;
}

}  // namespace disco::test
