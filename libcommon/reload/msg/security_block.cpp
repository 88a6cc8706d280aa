#include "libcommon/reload/msg/security_block.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const GenericCertificate& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("GenericCertificate");
  w.u8(v.type);
  w.opaque(2, v.certificate, "certificate");
}

void decode(wire::Reader& r, GenericCertificate& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("GenericCertificate");
  out.type = r.u8("type");
  auto c = r.opaque(2, "certificate");
  out.certificate.assign(c.begin(), c.end());
}

void encode(wire::Writer& w, const SignerIdentity& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("SignerIdentity");
  if (const auto* h = std::get_if<CertHash>(&v.value)) {
    w.u8(static_cast<std::uint8_t>(SignerIdentityType::cert_hash));
    w.prefixed(2, "length", [&] {
      w.u8(h->hash_alg);
      w.opaque(1, h->certificate_hash, "certificate_hash");
    });
  } else if (const auto* hn = std::get_if<CertHashNodeId>(&v.value)) {
    w.u8(static_cast<std::uint8_t>(SignerIdentityType::cert_hash_node_id));
    w.prefixed(2, "length", [&] {
      w.u8(hn->hash_alg);
      w.opaque(1, hn->certificate_node_id_hash, "certificate_node_id_hash");
    });
  } else if (std::holds_alternative<NoSignerIdentity>(v.value)) {
    w.u8(static_cast<std::uint8_t>(SignerIdentityType::none));
    w.u16(0);
  } else {
    const auto& u = std::get<UnknownSignerIdentity>(v.value);
    if (u.identity_type >= 1 && u.identity_type <= 3) w.fail(wire::errc::invalid_value, "identity_type");
    if (u.identity_type == 0) w.fail(wire::errc::invalid_value, "identity_type");
    w.u8(u.identity_type);
    w.opaque(2, u.identity, "length");
  }
}

void decode(wire::Reader& r, SignerIdentity& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("SignerIdentity");
  const auto type = r.u8("identity_type");
  if (r.ok() && type == 0) {
    r.fail(wire::errc::invalid_value, "identity_type", 1);
    return;
  }
  auto body = r.sub(2, "length");
  if (!r.ok()) return;
  switch (static_cast<SignerIdentityType>(type)) {
    case SignerIdentityType::cert_hash: {
      CertHash h;
      h.hash_alg = body.u8("hash_alg");
      auto v = body.opaque(1, "certificate_hash");
      h.certificate_hash.assign(v.begin(), v.end());
      out.value = std::move(h);
      break;
    }
    case SignerIdentityType::cert_hash_node_id: {
      CertHashNodeId h;
      h.hash_alg = body.u8("hash_alg");
      auto v = body.opaque(1, "certificate_node_id_hash");
      h.certificate_node_id_hash.assign(v.begin(), v.end());
      out.value = std::move(h);
      break;
    }
    case SignerIdentityType::none: out.value = NoSignerIdentity{}; break;
    default: {
      auto v = body.fixed(body.remaining(), "identity");
      out.value = UnknownSignerIdentity{type, {v.begin(), v.end()}};
      break;
    }
  }
  body.expect_end("length");
}

void encode(wire::Writer& w, const Signature& v, const CodecContext& ctx) {
  auto scope = w.enter("Signature");
  w.u8(v.algorithm.hash);
  w.u8(v.algorithm.signature);
  encode(w, v.identity, ctx);
  w.opaque(2, v.signature_value, "signature_value");
}

void decode(wire::Reader& r, Signature& out, const CodecContext& ctx) {
  auto scope = r.enter("Signature");
  out.algorithm.hash = r.u8("algorithm.hash");
  out.algorithm.signature = r.u8("algorithm.signature");
  decode(r, out.identity, ctx);
  auto v = r.opaque(2, "signature_value");
  out.signature_value.assign(v.begin(), v.end());
}

void encode(wire::Writer& w, const SecurityBlock& v, const CodecContext& ctx) {
  auto scope = w.enter("SecurityBlock");
  w.prefixed(2, "certificates", [&] {
    for (const auto& c : v.certificates) encode(w, c, ctx);
  });
  encode(w, v.signature, ctx);
}

void decode(wire::Reader& r, SecurityBlock& out, const CodecContext& ctx) {
  auto scope = r.enter("SecurityBlock");
  r.list(2, "certificates", [&](wire::Reader& item) {
    GenericCertificate c;
    decode(item, c, ctx);
    if (item.ok()) out.certificates.push_back(std::move(c));
  });
  decode(r, out.signature, ctx);
}

}  // namespace disco::reload::msg
