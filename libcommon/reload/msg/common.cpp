#include "libcommon/reload/msg/common.hpp"

#include "libcommon/reload/msg/errc.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const NodeId& v, const CodecContext& ctx) {
  if (v.size() != ctx.node_id_length) w.fail(errc::bad_node_id_length, "NodeId");
  w.raw(v.bytes());
}

void decode(wire::Reader& r, NodeId& out, const CodecContext& ctx) {
  auto bytes = r.fixed(ctx.node_id_length, "NodeId");
  if (!r.ok()) return;
  auto id = NodeId::from_bytes(bytes);
  if (!id) {
    r.fail(errc::bad_node_id_length, "NodeId");
    return;
  }
  out = *id;
}

void encode(wire::Writer& w, const ResourceId& v, const CodecContext& /*ctx*/) { w.opaque(1, v.bytes, "ResourceId"); }

void decode(wire::Reader& r, ResourceId& out, const CodecContext& /*ctx*/) {
  auto bytes = r.opaque(1, "ResourceId");
  out.bytes.assign(bytes.begin(), bytes.end());
}

void encode(wire::Writer& w, const IpAddressPort& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("IpAddressPort");
  if (const auto* v4 = std::get_if<Ipv4AddrPort>(&v.value)) {
    w.u8(static_cast<std::uint8_t>(AddressType::ipv4_address));
    w.u8(6);
    w.u32(v4->addr);
    w.u16(v4->port);
  } else if (const auto* v6 = std::get_if<Ipv6AddrPort>(&v.value)) {
    w.u8(static_cast<std::uint8_t>(AddressType::ipv6_address));
    w.u8(18);
    w.raw(v6->addr);
    w.u16(v6->port);
  } else {
    const auto& u = std::get<UnknownAddress>(v.value);
    if (u.type <= static_cast<std::uint8_t>(AddressType::ipv6_address)) w.fail(wire::errc::invalid_value, "type");
    w.u8(u.type);
    w.opaque(1, u.data, "length");
  }
}

void decode(wire::Reader& r, IpAddressPort& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("IpAddressPort");
  const auto type = r.u8("type");
  if (r.ok() && type == static_cast<std::uint8_t>(AddressType::invalid)) r.fail(wire::errc::invalid_value, "type", 1);
  auto body = r.sub(1, "length");
  if (!r.ok()) return;
  switch (static_cast<AddressType>(type)) {
    case AddressType::ipv4_address: {
      Ipv4AddrPort v4;
      v4.addr = body.u32("addr");
      v4.port = body.u16("port");
      out.value = v4;
      break;
    }
    case AddressType::ipv6_address: {
      Ipv6AddrPort v6;
      auto a = body.fixed(16, "addr");
      if (r.ok()) std::copy(a.begin(), a.end(), v6.addr.begin());
      v6.port = body.u16("port");
      out.value = v6;
      break;
    }
    default: {
      auto rest = body.fixed(body.remaining(), "address");
      out.value = UnknownAddress{type, {rest.begin(), rest.end()}};
      break;
    }
  }
  body.expect_end("length");
}

}  // namespace disco::reload::msg
