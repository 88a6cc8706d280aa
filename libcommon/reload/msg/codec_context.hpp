#pragma once

#include <cstddef>

#include "libcommon/reload/msg/kind_table.hpp"
#include "libcommon/wire/limits.hpp"

namespace disco::reload::msg {

// Overlay parameters a codec needs: they are not on the wire but fixed by the configuration.
struct CodecContext {
  std::size_t node_id_length = 16;  // node-id-length, 16..20 (s11.1)
  wire::Limits limits;              // max-message-size (s6.6) and decoder bounds
  KindTable kinds = KindTable::with_iana();
};

}  // namespace disco::reload::msg
