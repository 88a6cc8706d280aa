#include "libcommon/topology/chord/ring.hpp"

#include <algorithm>

namespace disco::topology::chord {

RingPos RingPos::of_bytes(base::BytesView bytes) {
  Uint128 v = 0;
  for (std::size_t i = 0; i < 16; ++i) v = (v << 8U) | (i < bytes.size() ? bytes[i] : 0U);
  return RingPos(v);
}

RingPos RingPos::of(const reload::NodeId& id) { return of_bytes(id.bytes()); }
RingPos RingPos::of(const reload::ResourceId& id) { return of_bytes(id.bytes); }

reload::NodeId RingPos::to_node_id(std::size_t length) const {
  base::Bytes b(std::clamp<std::size_t>(length, reload::NodeId::min_size, reload::NodeId::max_size), 0);
  for (std::size_t i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>(v_ >> (8U * (15U - i)));
  return *reload::NodeId::from_bytes(b);
}

reload::ResourceId RingPos::to_resource_id() const {
  reload::ResourceId r;
  r.bytes.resize(16);
  for (std::size_t i = 0; i < 16; ++i) r.bytes[i] = static_cast<std::uint8_t>(v_ >> (8U * (15U - i)));
  return r;
}

std::string RingPos::to_hex() const { return to_resource_id().to_hex(); }

}  // namespace disco::topology::chord
