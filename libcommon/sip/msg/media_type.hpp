#pragma once
// Content-Type (RFC 3261 s20.15): media-type = m-type SLASH m-subtype *( SEMI m-parameter ).

#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/params.hpp"

namespace disco::sip {

struct MediaType {
  std::string type;  // as received; compare case-insensitively (RFC 2045 s5.1)
  std::string subtype;
  Params params;  // charset, boundary, ...

  // "application/sdp" matches "Application/SDP".
  [[nodiscard]] bool is(std::string_view type_, std::string_view subtype_) const;
  friend bool operator==(const MediaType&, const MediaType&) = default;
};

base::result<MediaType, std::error_code> parse_media_type(std::string_view value);
std::string to_string(const MediaType& t);

}  // namespace disco::sip
