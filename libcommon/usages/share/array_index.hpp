#pragma once
// Isolating each writer's array entries (RFC 8076 s3.1): index = the low 24 bits of the signer's
// Node-ID, then an 8-bit counter of its own, so every peer owns 256 indices.

#include <cstdint>

#include "libcommon/reload/ids/node_id.hpp"

namespace disco::share {

// The 24-bit prefix of `node`'s indices: its three least significant bytes.
std::uint32_t index_prefix(const reload::NodeId& node);
// (prefix << 8) | counter.
std::uint32_t share_index(const reload::NodeId& node, std::uint8_t counter);
// Whether `index` lies in `node`'s range.
bool index_belongs_to(std::uint32_t index, const reload::NodeId& node);

}  // namespace disco::share
