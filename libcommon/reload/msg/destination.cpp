#include "libcommon/reload/msg/destination.hpp"

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const Destination& v, const CodecContext& ctx) {
  auto scope = w.enter("Destination");
  std::visit(base::overloaded{
                 [&](const NodeId& id) {
                   w.u8(static_cast<std::uint8_t>(DestinationType::node));
                   w.prefixed(1, "length", [&] { encode(w, id, ctx); });
                 },
                 [&](const ResourceId& id) {
                   w.u8(static_cast<std::uint8_t>(DestinationType::resource));
                   w.prefixed(1, "length", [&] { encode(w, id, ctx); });
                 },
                 [&](const OpaqueId& id) {
                   w.u8(static_cast<std::uint8_t>(DestinationType::opaque_id_type));
                   w.prefixed(1, "length", [&] { w.opaque(1, id.id, "opaque_id"); });
                 },
                 [&](const CompressedId& id) {
                   if ((id.id & 0x8000) == 0) w.fail(wire::errc::invalid_value, "opaque_id");
                   w.u16(id.id);
                 },
                 [&](const UnknownDestination& u) {
                   if (u.type == 0 || u.type >= 0x80) w.fail(wire::errc::invalid_value, "type");
                   w.u8(u.type);
                   w.opaque(1, u.data, "length");
                 },
             },
             v.value);
}

void decode(wire::Reader& r, Destination& out, const CodecContext& ctx) {
  auto scope = r.enter("Destination");
  const auto first = r.u8("type");
  if (!r.ok()) return;
  if (first & 0x80) {
    const auto second = r.u8("opaque_id");
    out.value = CompressedId{static_cast<std::uint16_t>((first << 8) | second)};
    return;
  }
  if (first == 0) {
    r.fail(wire::errc::invalid_value, "type", 1);
    return;
  }
  auto data = r.sub(1, "length");
  if (!r.ok()) return;
  switch (static_cast<DestinationType>(first)) {
    case DestinationType::node: {
      NodeId id;
      decode(data, id, ctx);
      out.value = id;
      break;
    }
    case DestinationType::resource: {
      ResourceId id;
      decode(data, id, ctx);
      out.value = std::move(id);
      break;
    }
    case DestinationType::opaque_id_type: {
      auto id = data.opaque(1, "opaque_id");
      out.value = OpaqueId{{id.begin(), id.end()}};
      break;
    }
    default: {
      auto rest = data.fixed(data.remaining(), "destination_data");
      out.value = UnknownDestination{first, {rest.begin(), rest.end()}};
      break;
    }
  }
  data.expect_end("length");
}

}  // namespace disco::reload::msg
