#pragma once
// ErrorResponse (RFC 6940 s6.3.3.1), the body of message code 0xffff.

#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// Error codes (s14.9).
enum class ErrorCode : std::uint16_t {
  invalid = 0x0,
  forbidden = 0x2,
  not_found = 0x3,
  request_timeout = 0x4,
  generation_counter_too_low = 0x5,
  incompatible_with_overlay = 0x6,
  unsupported_forwarding_option = 0x7,
  data_too_large = 0x8,
  data_too_old = 0x9,
  ttl_exceeded = 0xa,
  message_too_large = 0xb,
  unknown_kind = 0xc,
  unknown_extension = 0xd,
  response_too_large = 0xe,
  config_too_old = 0xf,
  config_too_new = 0x10,
  in_progress = 0x11,
  exp_a = 0x12,
  exp_b = 0x13,
  invalid_message = 0x14,
};

// "Error_Forbidden" and so on, or nullopt for an unassigned code.
std::optional<std::string_view> error_code_name(std::uint16_t code);

// error_code stays a plain uint16: codes unassigned today must still round-trip.
struct ErrorResponse {
  std::uint16_t error_code = 0;
  base::Bytes error_info;  // UTF-8 text unless the code specifies otherwise
  friend bool operator==(const ErrorResponse&, const ErrorResponse&) = default;
};

// The one place a decode failure maps to the RELOAD error a node answers with (s6.3.3.1):
// too large -> Error_Message_Too_Large, unknown kind -> Error_Unknown_Kind, anything else about the
// bytes -> Error_Invalid_Message. (A bad token or version is dropped, not answered, by the caller.)
ErrorCode error_code_for(const std::error_code& decode_error);

void encode(wire::Writer& w, const ErrorResponse& v, const CodecContext& ctx);
void decode(wire::Reader& r, ErrorResponse& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
