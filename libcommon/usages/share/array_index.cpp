#include "libcommon/usages/share/array_index.hpp"

namespace disco::share {

std::uint32_t index_prefix(const reload::NodeId& node) {
  const auto b = node.bytes();
  const auto n = b.size();
  if (n < 3) return 0;  // Node-IDs are 16..20 bytes (RFC 6940 s11.1); nothing shorter exists
  return (std::uint32_t{b[n - 3]} << 16) | (std::uint32_t{b[n - 2]} << 8) | std::uint32_t{b[n - 1]};
}

std::uint32_t share_index(const reload::NodeId& node, std::uint8_t counter) {
  return (index_prefix(node) << 8) | counter;
}

bool index_belongs_to(std::uint32_t index, const reload::NodeId& node) { return (index >> 8) == index_prefix(node); }

}  // namespace disco::share
