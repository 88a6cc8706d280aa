#pragma once
// Byte buffers and hex, the currency of every codec in disco.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace disco::base {

using Bytes = std::vector<std::uint8_t>;
using BytesView = std::span<const std::uint8_t>;

// Lowercase hex, no separators (DESIGN.md: ids are lowercase hex).
std::string to_hex(BytesView bytes);

// Accepts upper/lower case and ignores ASCII whitespace, so vectors can be laid out readably.
// nullopt on an odd digit count or a non-hex character.
std::optional<Bytes> from_hex(std::string_view text);

inline BytesView as_bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

inline Bytes to_bytes(std::string_view s) {
  auto v = as_bytes(s);
  return {v.begin(), v.end()};
}

}  // namespace disco::base
