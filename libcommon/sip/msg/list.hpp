#pragma once
// Comma-separated header values (RFC 3261 s7.3.1): "Via: a, b" is the same as two Via fields.

#include <string_view>
#include <system_error>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip {

// Splits at the commas between list elements, not at commas inside a quoted-string (with its
// quoted-pairs) or inside <...>. Elements come back trimmed. Errors: empty_list_element (",,",
// a leading or trailing comma, an empty value), unterminated_quote, unterminated_angle.
base::result<std::vector<std::string_view>, std::error_code> split_list(std::string_view value);

// Every element of every field with this name, in order; the views point into `m`.
base::result<std::vector<std::string_view>, Error> list_values(const Message& m, std::string_view name);

}  // namespace disco::sip
