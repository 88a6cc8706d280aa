#pragma once
// SIP and SIPS URIs (RFC 3261 s19.1, grammar s25.1) and, for other schemes, absoluteURI kept opaque
// (RFC 4475 s3.3.2-3.3.4: unknown schemes parse; what to do with them is the UA's business).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/params.hpp"

namespace disco::sip {

struct UriHeader {
  std::string name;   // unescaped
  std::string value;  // unescaped
  friend bool operator==(const UriHeader&, const UriHeader&) = default;
};

struct Uri {
  std::string scheme{"sip"};  // as received; compare with is_sip() / is_sips()
  // sip: and sips: only. Components are unescaped (%HH resolved once, never recursively: RFC 4475
  // s3.1.1.3); to_string() escapes what each component's grammar requires.
  std::optional<std::string> user;
  std::optional<std::string> password;
  std::string host;  // hostname, IPv4 address, or IPv6 reference with its brackets
  std::optional<std::uint16_t> port;
  Params params;  // uri-parameters (transport, user, method, ttl, maddr, lr, ...); never quoted
  std::vector<UriHeader> headers;
  // Any other scheme: everything after "scheme:", as received.
  std::string opaque;

  [[nodiscard]] bool is_sip() const;  // sip or sips
  [[nodiscard]] bool is_sips() const;
  [[nodiscard]] std::optional<std::string_view> transport() const { return param_value(params, "transport"); }
  [[nodiscard]] std::optional<std::string_view> maddr() const { return param_value(params, "maddr"); }
  [[nodiscard]] bool lr() const { return has_param(params, "lr"); }

  // Field by field; equivalent() is the s19.1.4 comparison.
  friend bool operator==(const Uri&, const Uri&) = default;
};

// Errors: invalid_uri (scheme, structure or a character a component does not allow), invalid_host,
// invalid_port, invalid_escape, invalid_param.
base::result<Uri, std::error_code> parse_uri(std::string_view text);
std::string to_string(const Uri& uri);

// RFC 3261 s19.1.4: scheme, user and password exact; host case-insensitive; port, user, ttl,
// method and maddr parameters must match when either has them; other parameters only when both
// do; headers always. Other schemes: scheme case-insensitive, the rest exact.
bool equivalent(const Uri& a, const Uri& b);

}  // namespace disco::sip
