#pragma once
// ;name[=value] parameters: header parameters (generic-param, RFC 3261 s25.1; tag, expires, q,
// branch, isfocus...) and URI parameters (uri-parameter, s19.1.1). Names are case-insensitive
// (s7.3.1); values keep their case.

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/sip/msg/grammar.hpp"

namespace disco::sip {

struct GenericParam {
  std::string name;
  std::optional<std::string> value;  // nullopt for a flag such as ;lr or ;isfocus
  bool quoted = false;               // the value was a quoted-string; `value` holds it unescaped
  friend bool operator==(const GenericParam&, const GenericParam&) = default;
};
using Params = std::vector<GenericParam>;

[[nodiscard]] const GenericParam* find_param(const Params& params, std::string_view name);
[[nodiscard]] bool has_param(const Params& params, std::string_view name);
// The value of the first parameter with this name; nullopt when absent or a flag.
[[nodiscard]] std::optional<std::string_view> param_value(const Params& params, std::string_view name);
// Replaces the value of the first parameter with this name, or appends one.
void set_param(Params& params, std::string_view name, std::optional<std::string> value = std::nullopt);
std::size_t erase_params(Params& params, std::string_view name);

// Header parameters as written after a value: ";name" or ";name=value", the value bare when it is
// a token or host and quoted otherwise (or when `quoted` says so).
void append_header_params(std::string& out, const Params& params);

namespace detail {
// *( SEMI generic-param ) at the cursor, with LWS around ';' and '=' (s7.3.1). gen-value = token /
// host / quoted-string; IPv6 references and bare IPv6 addresses are accepted as hosts (RFC 5118 s4.5).
std::error_code parse_header_params(grammar::Cursor& c, Params& out);
}  // namespace detail

}  // namespace disco::sip
