#include "libcommon/reload/ids/node_id.hpp"

namespace disco::reload {

std::optional<NodeId> NodeId::from_bytes(base::BytesView bytes) {
  if (bytes.size() < min_size || bytes.size() > max_size) return std::nullopt;
  NodeId id;
  std::copy(bytes.begin(), bytes.end(), id.bytes_.begin());
  id.size_ = static_cast<std::uint8_t>(bytes.size());
  return id;
}

std::optional<NodeId> NodeId::from_hex(std::string_view hex) {
  auto b = base::from_hex(hex);
  if (!b) return std::nullopt;
  return from_bytes(*b);
}

NodeId NodeId::wildcard(std::size_t size) {
  NodeId id;
  id.size_ = static_cast<std::uint8_t>(std::clamp(size, min_size, max_size));
  std::fill_n(id.bytes_.begin(), id.size_, std::uint8_t{0xff});
  return id;
}

bool NodeId::is_wildcard() const noexcept {
  return std::all_of(bytes_.begin(), bytes_.begin() + size_, [](std::uint8_t b) { return b == 0xff; });
}

}  // namespace disco::reload
