#include "libcommon/sip/msg/errc.hpp"

#include <string>

namespace disco::sip {

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sip"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::empty_message: return "empty message";
      case errc::unterminated_head: return "header section without an empty line";
      case errc::bad_line_ending: return "bare CR or LF";
      case errc::head_too_large: return "header section too large";
      case errc::too_many_headers: return "too many header fields";
      case errc::body_too_large: return "body too large";
      case errc::message_too_large: return "message too large";
      case errc::missing_content_length: return "missing Content-Length";
      case errc::invalid_content_length: return "invalid Content-Length";
      case errc::duplicate_content_length: return "more than one Content-Length";
      case errc::body_truncated: return "body shorter than Content-Length";
      case errc::invalid_request_line: return "malformed Request-Line";
      case errc::invalid_status_line: return "malformed Status-Line";
      case errc::invalid_status_code: return "invalid status code";
      case errc::invalid_header_line: return "malformed header line";
      case errc::invalid_uri: return "invalid URI";
      case errc::invalid_host: return "invalid host";
      case errc::invalid_port: return "invalid port";
      case errc::invalid_escape: return "invalid escape";
      case errc::unterminated_quote: return "unterminated quoted string";
      case errc::invalid_display_name: return "unquoted display name with non-token characters";
      case errc::unterminated_angle: return "missing closing angle bracket";
      case errc::uri_needs_angle_brackets: return "URI with ? or , must be enclosed in angle brackets";
      case errc::invalid_param: return "invalid parameter";
      case errc::empty_list_element: return "empty list element";
      case errc::invalid_via: return "invalid Via";
      case errc::invalid_cseq: return "invalid CSeq";
      case errc::invalid_call_id: return "invalid Call-ID";
      case errc::invalid_max_forwards: return "invalid Max-Forwards";
      case errc::invalid_expires: return "invalid expiry";
      case errc::invalid_media_type: return "invalid media type";
      case errc::invalid_event: return "invalid event type";
      case errc::invalid_subscription_state: return "invalid Subscription-State";
      case errc::invalid_date: return "invalid date";
      case errc::trailing_characters: return "unexpected characters after the value";
      case errc::missing_header: return "missing header field";
      case errc::duplicate_header: return "header field appears more than once";
      case errc::cseq_method_mismatch: return "CSeq method differs from the request method";
      case errc::unsupported_version: return "unsupported SIP version";
      case errc::headers_not_allowed_in_uri: return "headers not allowed in the Request-URI";
    }
    return "unknown sip error";
  }
};
}  // namespace

const std::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

bool is_framing_error(std::error_code ec) noexcept {
  if (ec.category() != category()) return false;
  switch (static_cast<errc>(ec.value())) {
    case errc::empty_message:
    case errc::unterminated_head:
    case errc::bad_line_ending:
    case errc::head_too_large:
    case errc::too_many_headers:
    case errc::body_too_large:
    case errc::message_too_large:
    case errc::missing_content_length:
    case errc::invalid_content_length:
    case errc::duplicate_content_length:
    case errc::body_truncated:
    case errc::invalid_header_line: return true;
    default: return false;
  }
}

}  // namespace disco::sip
