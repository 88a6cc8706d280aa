#pragma once
// Common types of RFC 6940 s6.3.1.1 used across structs: NodeId, ResourceId, IpAddressPort.

#include <array>
#include <cstdint>
#include <variant>

#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// opaque NodeId[NodeIdLength]: no length prefix, the overlay fixes the size.
void encode(wire::Writer& w, const NodeId& v, const CodecContext& ctx);
void decode(wire::Reader& r, NodeId& out, const CodecContext& ctx);

// opaque ResourceId<0..2^8-1>
void encode(wire::Writer& w, const ResourceId& v, const CodecContext& ctx);
void decode(wire::Reader& r, ResourceId& out, const CodecContext& ctx);

enum class AddressType : std::uint8_t { invalid = 0, ipv4_address = 1, ipv6_address = 2 };

struct Ipv4AddrPort {
  std::uint32_t addr = 0;
  std::uint16_t port = 0;
  friend bool operator==(const Ipv4AddrPort&, const Ipv4AddrPort&) = default;
};
struct Ipv6AddrPort {
  std::array<std::uint8_t, 16> addr{};
  std::uint16_t port = 0;
  friend bool operator==(const Ipv6AddrPort&, const Ipv6AddrPort&) = default;
};

// "This structure can be extended" (s6.3.1.1) and the length byte allows skipping, so an address
// type we do not know is carried verbatim; type 0 (invalidAddressType) is an error.
struct UnknownAddress {
  std::uint8_t type = 0xff;
  base::Bytes data;
  friend bool operator==(const UnknownAddress&, const UnknownAddress&) = default;
};

// struct { AddressType type; uint8 length; select (type) {...} } IpAddressPort;
struct IpAddressPort {
  std::variant<Ipv4AddrPort, Ipv6AddrPort, UnknownAddress> value;
  friend bool operator==(const IpAddressPort&, const IpAddressPort&) = default;
};
void encode(wire::Writer& w, const IpAddressPort& v, const CodecContext& ctx);
void decode(wire::Reader& r, IpAddressPort& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
