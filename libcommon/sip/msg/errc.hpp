#pragma once
// What went wrong while framing, parsing or validating a SIP message (RFC 3261 s7, s18.3, s20, s25).
// Message-level functions report these inside sip::Error, which adds the header field concerned.

#include <system_error>

namespace disco::sip {

enum class errc {
  // Framing (s7.5, s18.3). On a stream these lose the message boundary: the connection must close.
  empty_message = 1,         // nothing but CRLF
  unterminated_head,         // the header section does not end with an empty line
  bad_line_ending,           // a bare CR or LF in the start line or header section
  head_too_large,            // Limits::max_head_size
  too_many_headers,          // Limits::max_header_count
  body_too_large,            // Limits::max_body_size
  message_too_large,         // Limits::max_message_size
  missing_content_length,    // a stream message without Content-Length (s18.3, s20.14)
  invalid_content_length,    // not 1*DIGIT, or beyond any size we could hold
  duplicate_content_length,  // two Content-Length fields: the body's extent is unknown (RFC 4475 s3.3.9)
  body_truncated,            // a datagram shorter than its Content-Length (s18.3)
  // Start line and header lines (s7.1, s7.2, s7.3).
  invalid_request_line,
  invalid_status_line,
  invalid_status_code,  // not three digits in 100..699 (s7.2, s21)
  invalid_header_line,  // no colon, a bad field name, or a continuation with nothing to continue
  // Typed header values (s19, s20, s25; RFC 6665 s8.2).
  invalid_uri,
  invalid_host,
  invalid_port,
  invalid_escape,            // '%' not followed by two hex digits (s19.1.2, s25.1)
  unterminated_quote,        // a quoted-string without its closing DQUOTE
  invalid_display_name,      // an unquoted display name with non-token characters
  unterminated_angle,        // '<' without '>'
  uri_needs_angle_brackets,  // an addr-spec with '?' or ',' outside <> (s20.10)
  invalid_param,             // an empty or malformed ;name[=value]
  empty_list_element,        // ",," or a trailing comma in a comma-separated list (s7.3.1)
  invalid_via,
  invalid_cseq,  // not "number method", or the number beyond 2**32-1 (s8.1.1.5)
  invalid_call_id,
  invalid_max_forwards,  // not 0..255 (s20.22)
  invalid_expires,       // not delta-seconds within 2**32-1 (s20.19)
  invalid_media_type,
  invalid_event,  // RFC 6665 s8.2.1, s8.2.2
  invalid_subscription_state,
  invalid_date,  // not an RFC 1123 date in GMT (s20.17)
  trailing_characters,
  // Whole-message checks (s8.1.1, s8.2, s16.3, s19.1.1).
  missing_header,
  duplicate_header,  // a second value of a single-valued header field (RFC 4475 s3.3.8)
  cseq_method_mismatch,
  unsupported_version,         // not SIP/2.0: answer 505 (s21.5.6, RFC 4475 s3.1.2.16)
  headers_not_allowed_in_uri,  // a Request-URI with ?headers (s19.1.1 table 1, RFC 4475 s3.1.2.11)
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

// Framing errors leave a stream without message boundaries (RFC 3261 s18.3): close the connection.
bool is_framing_error(std::error_code ec) noexcept;

}  // namespace disco::sip

template <>
struct std::is_error_code_enum<disco::sip::errc> : std::true_type {};
