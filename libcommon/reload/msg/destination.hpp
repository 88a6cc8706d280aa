#pragma once
// Destination and Via list entries (RFC 6940 s6.3.2.2).

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/common.hpp"

namespace disco::reload::msg {

enum class DestinationType : std::uint8_t { invalid = 0, node = 1, resource = 2, opaque_id_type = 3 };

// opaque_id_type with a variable-length opaque (TLV form).
struct OpaqueId {
  base::Bytes id;
  friend bool operator==(const OpaqueId&, const OpaqueId&) = default;
};
// The 2-byte form whose top bit is 1; "MUST be treated as" an opaque_id_type of 2 bytes, but it is
// kept apart so that re-encoding reproduces the sender's bytes.
struct CompressedId {
  std::uint16_t id = 0x8000;
  friend bool operator==(const CompressedId&, const CompressedId&) = default;
};
// A DestinationType this code does not know: s6.3.2.2 lets an implementation skip over it, so it
// is kept verbatim rather than rejected.
struct UnknownDestination {
  std::uint8_t type = 0;
  base::Bytes data;
  friend bool operator==(const UnknownDestination&, const UnknownDestination&) = default;
};

struct Destination {
  std::variant<NodeId, ResourceId, OpaqueId, CompressedId, UnknownDestination> value;

  [[nodiscard]] bool is_node() const { return std::holds_alternative<NodeId>(value); }
  [[nodiscard]] bool is_resource() const { return std::holds_alternative<ResourceId>(value); }
  friend bool operator==(const Destination&, const Destination&) = default;
};

void encode(wire::Writer& w, const Destination& v, const CodecContext& ctx);
void decode(wire::Reader& r, Destination& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
