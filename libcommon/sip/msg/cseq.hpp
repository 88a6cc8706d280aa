#pragma once
// CSeq (RFC 3261 s20.16, s8.1.1.5): sequence number and method.

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "libcommon/base/result.hpp"

namespace disco::sip {

struct CSeq {
  std::uint32_t number = 0;
  std::string method;
  friend bool operator==(const CSeq&, const CSeq&) = default;
};

// 1*DIGIT LWS Method; leading zeros are fine (RFC 4475 s3.1.1.1), a number above 2**32-1 is
// errc::invalid_cseq (s8.1.1.5, RFC 4475 s3.1.2.4).
base::result<CSeq, std::error_code> parse_cseq(std::string_view value);
std::string to_string(const CSeq& c);

}  // namespace disco::sip
