#include "libcommon/reload/msg/attach.hpp"

namespace disco::reload::msg {

namespace {
bool has_rel_addr_port(CandType t) { return t == CandType::srflx || t == CandType::relay; }
}  // namespace

bool is_no_ice(OverlayLinkType t) {
  return t == OverlayLinkType::dtls_udp_sr_no_ice || t == OverlayLinkType::tls_tcp_fh_no_ice;
}

void encode(wire::Writer& w, const IceExtension& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("IceExtension");
  w.opaque(2, v.name, "name");
  w.opaque(2, v.value, "value");
}

void decode(wire::Reader& r, IceExtension& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("IceExtension");
  auto name = r.opaque(2, "name");
  out.name.assign(name.begin(), name.end());
  auto value = r.opaque(2, "value");
  out.value.assign(value.begin(), value.end());
}

void encode(wire::Writer& w, const IceCandidate& v, const CodecContext& ctx) {
  auto scope = w.enter("IceCandidate");
  encode(w, v.addr_port, ctx);
  if (v.overlay_link == OverlayLinkType::invalid) w.fail(wire::errc::invalid_value, "overlay_link");
  w.u8(static_cast<std::uint8_t>(v.overlay_link));
  w.opaque(1, v.foundation, "foundation");
  w.u32(v.priority);
  switch (v.type) {
    case CandType::host:
    case CandType::srflx:
    case CandType::relay: break;
    case CandType::invalid: w.fail(wire::errc::invalid_value, "type"); break;
    default: w.fail(wire::errc::unknown_type, "type"); break;
  }
  w.u8(static_cast<std::uint8_t>(v.type));
  if (has_rel_addr_port(v.type) != v.rel_addr_port.has_value()) w.fail(wire::errc::invalid_value, "rel_addr_port");
  if (v.rel_addr_port) encode(w, *v.rel_addr_port, ctx);
  w.prefixed(2, "extensions", [&] {
    for (const auto& e : v.extensions) encode(w, e, ctx);
  });
}

void decode(wire::Reader& r, IceCandidate& out, const CodecContext& ctx) {
  auto scope = r.enter("IceCandidate");
  decode(r, out.addr_port, ctx);
  const auto link = r.u8("overlay_link");
  if (r.ok() && link == 0) r.fail(wire::errc::invalid_value, "overlay_link", 1);
  out.overlay_link = static_cast<OverlayLinkType>(link);
  auto foundation = r.opaque(1, "foundation");
  out.foundation.assign(foundation.begin(), foundation.end());
  out.priority = r.u32("priority");
  const auto type = static_cast<CandType>(r.u8("type"));
  if (!r.ok()) return;
  switch (type) {
    case CandType::host: break;
    case CandType::srflx:
    case CandType::relay: decode(r, out.rel_addr_port.emplace(), ctx); break;
    case CandType::invalid: r.fail(wire::errc::invalid_value, "type", 1); return;
    default: r.fail(wire::errc::unknown_type, "type", 1); return;
  }
  out.type = type;
  r.list(2, "extensions", [&](wire::Reader& item) {
    IceExtension e;
    decode(item, e, ctx);
    if (item.ok()) out.extensions.push_back(std::move(e));
  });
}

void encode_candidates(wire::Writer& w, const std::vector<IceCandidate>& v, const CodecContext& ctx) {
  w.prefixed(2, "candidates", [&] {
    for (const auto& c : v) encode(w, c, ctx);
  });
}

void decode_candidates(wire::Reader& r, std::vector<IceCandidate>& out, const CodecContext& ctx) {
  r.list(2, "candidates", [&](wire::Reader& item) {
    IceCandidate c;
    decode(item, c, ctx);
    if (item.ok()) out.push_back(std::move(c));
  });
}

void encode(wire::Writer& w, const AttachReqAns& v, const CodecContext& ctx) {
  auto scope = w.enter("AttachReqAns");
  w.opaque(1, v.ufrag, "ufrag");
  w.opaque(1, v.password, "password");
  w.opaque(1, v.role, "role");
  encode_candidates(w, v.candidates, ctx);
  w.boolean(v.send_update);
}

void decode(wire::Reader& r, AttachReqAns& out, const CodecContext& ctx) {
  auto scope = r.enter("AttachReqAns");
  auto ufrag = r.opaque(1, "ufrag");
  out.ufrag.assign(ufrag.begin(), ufrag.end());
  auto password = r.opaque(1, "password");
  out.password.assign(password.begin(), password.end());
  auto role = r.opaque(1, "role");
  out.role.assign(role.begin(), role.end());
  decode_candidates(r, out.candidates, ctx);
  out.send_update = r.boolean("send_update");
}

}  // namespace disco::reload::msg
