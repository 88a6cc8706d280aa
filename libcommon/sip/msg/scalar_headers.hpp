#pragma once
// Single-value header fields with simple grammars (RFC 3261 s20): Call-ID, Max-Forwards,
// Content-Length, Expires, Date.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/result.hpp"

namespace disco::sip {

// callid = word [ "@" word ] (s20.8, s25.1); % [ ] ( ) < > and DQUOTE are plain characters here
// (RFC 4475 s3.1.1.2). Returns the trimmed value; errc::invalid_call_id otherwise.
base::result<std::string, std::error_code> parse_call_id(std::string_view value);

// 1*DIGIT in 0..255 (s20.22); errc::invalid_max_forwards otherwise.
base::result<std::uint8_t, std::error_code> parse_max_forwards(std::string_view value);

// 1*DIGIT (s20.14); errc::invalid_content_length for a sign, a non-digit or an overflow.
base::result<std::size_t, std::error_code> parse_content_length(std::string_view value);

// delta-seconds within 2**32-1, as in Expires (s20.19), the Contact expires parameter (s20.10) and
// Subscription-State's expires and retry-after (RFC 6665 s8.2.3). Above that is
// errc::invalid_expires; RFC 4475 s3.1.2.4 lets a receiver use the default instead, which is the
// caller's choice.
base::result<std::uint32_t, std::error_code> parse_delta_seconds(std::string_view value);

// SIP-date = rfc1123-date in GMT (s20.17), e.g. "Sat, 13 Nov 2010 23:29:00 GMT". Only the syntax
// is checked (no calendar arithmetic). RFC 4475 s3.1.2.12: only reject a bad Date when it matters.
bool is_sip_date(std::string_view value);

}  // namespace disco::sip
