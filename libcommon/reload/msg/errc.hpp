#pragma once
// RELOAD-specific decode errors (RFC 6940 s6.3.2, s6.3.3); generic ones are wire::errc.

#include <system_error>

namespace disco::reload::msg {

enum class errc {
  bad_token = 1,         // relo_token != 0xd2454c4f (s6.3.2)
  unsupported_version,   // version != 0x0a; "Nodes MUST reject messages with other versions"
  fragment_bit_clear,    // high bit of fragment must be 1 (s6.3.2, s6.7)
  fragmented,            // a fragment; only the destination reassembles (s6.7) before decoding contents
  message_too_large,     // above max-message-size (s6.6)
  unknown_message_code,  // not in the s14.8 registry
  bad_node_id_length,    // a Node-ID whose length is not the overlay's node-id-length
  unknown_kind,          // a Kind-ID whose data model the kind table does not know
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace disco::reload::msg

template <>
struct std::is_error_code_enum<disco::reload::msg::errc> : std::true_type {};
