#include "libcommon/reload/msg/error_response.hpp"

#include "libcommon/reload/msg/errc.hpp"

namespace disco::reload::msg {

std::optional<std::string_view> error_code_name(std::uint16_t code) {
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::forbidden: return "Error_Forbidden";
    case ErrorCode::not_found: return "Error_Not_Found";
    case ErrorCode::request_timeout: return "Error_Request_Timeout";
    case ErrorCode::generation_counter_too_low: return "Error_Generation_Counter_Too_Low";
    case ErrorCode::incompatible_with_overlay: return "Error_Incompatible_with_Overlay";
    case ErrorCode::unsupported_forwarding_option: return "Error_Unsupported_Forwarding_Option";
    case ErrorCode::data_too_large: return "Error_Data_Too_Large";
    case ErrorCode::data_too_old: return "Error_Data_Too_Old";
    case ErrorCode::ttl_exceeded: return "Error_TTL_Exceeded";
    case ErrorCode::message_too_large: return "Error_Message_Too_Large";
    case ErrorCode::unknown_kind: return "Error_Unknown_Kind";
    case ErrorCode::unknown_extension: return "Error_Unknown_Extension";
    case ErrorCode::response_too_large: return "Error_Response_Too_Large";
    case ErrorCode::config_too_old: return "Error_Config_Too_Old";
    case ErrorCode::config_too_new: return "Error_Config_Too_New";
    case ErrorCode::in_progress: return "Error_In_Progress";
    case ErrorCode::exp_a: return "Error_Exp_A";
    case ErrorCode::exp_b: return "Error_Exp_B";
    case ErrorCode::invalid_message: return "Error_Invalid_Message";
  }
  return std::nullopt;
}

ErrorCode error_code_for(const std::error_code& decode_error) {
  if (decode_error == errc::message_too_large) return ErrorCode::message_too_large;
  if (decode_error == errc::unknown_kind) return ErrorCode::unknown_kind;
  return ErrorCode::invalid_message;
}

void encode(wire::Writer& w, const ErrorResponse& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("ErrorResponse");
  w.u16(v.error_code);
  w.opaque(2, v.error_info, "error_info");
}

void decode(wire::Reader& r, ErrorResponse& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ErrorResponse");
  out.error_code = r.u16("error_code");
  auto info = r.opaque(2, "error_info");
  out.error_info.assign(info.begin(), info.end());
}

}  // namespace disco::reload::msg
