#pragma once
// Via (RFC 3261 s20.42, s18.2.2; rport RFC 3581):
//   SIP / 2.0 / UDP host:port ;branch=z9hG4bK... ;received=... ;rport[=port] ;maddr=... ;ttl=...
// LWS is allowed around '/', ':' and ';' (RFC 4475 s3.1.1.1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/msg/params.hpp"

namespace disco::sip {

// The branch prefix that marks an RFC 3261 transaction id (s8.1.1.7, s20.42).
inline constexpr std::string_view magic_cookie = "z9hG4bK";

struct Via {
  std::string protocol_name{"SIP"};
  std::string protocol_version{"2.0"};
  std::string transport{"UDP"};  // as received: UDP, TCP, TLS, SCTP, WS, or an unknown token
  std::string host;              // sent-by host: hostname, IPv4, or IPv6 reference with brackets
  std::optional<std::uint16_t> port;
  Params params;

  [[nodiscard]] std::optional<std::string_view> branch() const { return param_value(params, "branch"); }
  [[nodiscard]] std::optional<std::string_view> received() const { return param_value(params, "received"); }
  [[nodiscard]] std::optional<std::string_view> maddr() const { return param_value(params, "maddr"); }
  // Validated by parse_via(): ttl is 0..255, rport empty or a port.
  [[nodiscard]] std::optional<std::uint8_t> ttl() const;
  [[nodiscard]] bool has_rport() const { return has_param(params, "rport"); }
  [[nodiscard]] std::optional<std::uint16_t> rport() const;
  friend bool operator==(const Via&, const Via&) = default;
};

// One Via element (a list element, not a whole field value: see parse_vias). Errors: invalid_via
// (sent-protocol), invalid_host, invalid_port, invalid_param (empty, or a known parameter with a
// bad value), trailing_characters.
base::result<Via, std::error_code> parse_via(std::string_view element);
std::string to_string(const Via& v);

// Every Via element of every Via field, topmost first.
base::result<std::vector<Via>, Error> parse_vias(const Message& m);

// A branch that claims RFC 3261 transaction ids: the magic cookie and something after it (a bare
// cookie, RFC 4475 s3.2.1, identifies nothing).
bool is_rfc3261_branch(std::string_view branch);

}  // namespace disco::sip
