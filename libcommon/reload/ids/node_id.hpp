#pragma once
// Node-ID and Resource-ID (RFC 6940 s6.3.1.1). A Node-ID is NodeIdLength bytes, 16..20 per overlay
// (node-id-length, s11.1), kept inline so ids are cheap to copy and compare.

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libcommon/base/bytes.hpp"

namespace disco::reload {

class NodeId {
 public:
  static constexpr std::size_t min_size = 16;
  static constexpr std::size_t max_size = 20;

  NodeId() = default;  // 16 zero bytes
  // nullopt unless 16 <= size <= 20.
  static std::optional<NodeId> from_bytes(base::BytesView bytes);
  static std::optional<NodeId> from_hex(std::string_view hex);
  // All bits 1: "the node that receives it", consumed locally and never forwarded (s6.1.1).
  static NodeId wildcard(std::size_t size = min_size);

  [[nodiscard]] base::BytesView bytes() const noexcept { return {bytes_.data(), size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool is_wildcard() const noexcept;
  [[nodiscard]] std::string to_hex() const { return base::to_hex(bytes()); }

  // Big-endian unsigned order (s6.5.1.2 glare rule); ids of different sizes order by size first.
  friend std::strong_ordering operator<=>(const NodeId& a, const NodeId& b) noexcept {
    if (a.size_ != b.size_) return a.size_ <=> b.size_;
    return std::lexicographical_compare_three_way(a.bytes_.begin(), a.bytes_.begin() + a.size_, b.bytes_.begin(),
                                                  b.bytes_.begin() + b.size_);
  }
  friend bool operator==(const NodeId& a, const NodeId& b) noexcept { return (a <=> b) == 0; }

 private:
  std::array<std::uint8_t, max_size> bytes_{};
  std::uint8_t size_ = min_size;
};

// ResourceId is opaque<0..2^8-1> on the wire; CHORD-RELOAD uses 16 bytes (s10.2) but the codec
// accepts any length the type allows.
struct ResourceId {
  base::Bytes bytes;

  [[nodiscard]] std::string to_hex() const { return base::to_hex(bytes); }
  friend auto operator<=>(const ResourceId&, const ResourceId&) = default;
};

}  // namespace disco::reload
