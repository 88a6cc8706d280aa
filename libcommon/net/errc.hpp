#pragma once
// Why the net layer closed a link on its own initiative; socket and TLS errors keep their own
// categories (Boost.Asio's, OpenSSL's) and framing errors the reload/link ones.

#include <system_error>

namespace disco::net {

enum class errc {
  handshake_timeout = 1,  // TCP connect + TLS handshake did not finish within the deadline
  unauthorized,           // the peer's certificate was valid but the owner refused it
  send_queue_full,        // the peer stopped reading: more than the allowed bytes were waiting
  too_many_handshakes,    // a listener refused a connection while at its limit of pending handshakes
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace disco::net

template <>
struct std::is_error_code_enum<disco::net::errc> : std::true_type {};
