#pragma once
// CHORD-RELOAD ring arithmetic (RFC 6940 s10.1, s10.2): identifiers are points on a ring of 2^128;
// Node-IDs longer than 16 bytes are placed by their first 16 bytes (the ring is the hash's size).

#include <cstdint>
#include <string>

#include "libcommon/reload/ids/node_id.hpp"

namespace disco::topology::chord {

__extension__ typedef unsigned __int128 Uint128;  // NOLINT(modernize-use-using): __extension__ needs typedef

class RingPos {
 public:
  constexpr RingPos() = default;
  constexpr explicit RingPos(Uint128 v) : v_(v) {}
  static RingPos of(const reload::NodeId& id);
  // Resource-IDs shorter than 16 bytes are padded with zeros on the right.
  static RingPos of(const reload::ResourceId& id);
  static RingPos of_bytes(base::BytesView bytes);

  [[nodiscard]] constexpr Uint128 value() const { return v_; }
  [[nodiscard]] reload::NodeId to_node_id(std::size_t length = 16) const;
  [[nodiscard]] reload::ResourceId to_resource_id() const;
  [[nodiscard]] std::string to_hex() const;

  // Clockwise distance from a to b: (b - a) mod 2^128.
  [[nodiscard]] static constexpr Uint128 distance(RingPos a, RingPos b) { return b.v_ - a.v_; }
  // x in the half-open arc (a, b]; the whole ring when a == b (a lone node is responsible for all).
  [[nodiscard]] static constexpr bool in_arc(RingPos a, RingPos b, RingPos x) {
    if (a.v_ == b.v_) return true;
    return distance(a, x) != 0 && distance(a, x) <= distance(a, b);
  }
  // x in the open arc (a, b).
  [[nodiscard]] static constexpr bool in_open_arc(RingPos a, RingPos b, RingPos x) {
    return x.v_ != a.v_ && x.v_ != b.v_ && (a.v_ == b.v_ || distance(a, x) < distance(a, b));
  }
  // self + 2^(128 - i), the start of finger i's range (s10.3), 1 <= i <= 128.
  [[nodiscard]] constexpr RingPos finger_start(unsigned i) const {
    return RingPos(v_ + (static_cast<Uint128>(1) << (128U - i)));
  }
  constexpr RingPos operator+(Uint128 d) const { return RingPos(v_ + d); }

  friend constexpr bool operator==(RingPos, RingPos) = default;
  friend constexpr auto operator<=>(RingPos a, RingPos b) { return a.v_ <=> b.v_; }

 private:
  Uint128 v_ = 0;
};

}  // namespace disco::topology::chord
