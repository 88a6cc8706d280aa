#pragma once
// Responses built from requests (RFC 3261 s8.2.6) and the answer owed to a request that failed
// parse_message() or validate() (s8.2.2, s16.3, s18.3, s21.4.1, s21.5.6; RFC 4475).

#include <optional>
#include <string>
#include <string_view>

#include "libcommon/base/bytes.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/limits.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip {

// The default reason phrase of a status code (s21, RFC 6665 s8.3.2 for 489); "" when unknown.
std::string_view reason_phrase(int code);

// A response to `request` (s8.2.6): SIP/2.0, `code`, `reason` (the default phrase when empty), the
// request's Via fields in order, From, To, Call-ID and CSeq copied, Timestamp copied into a 100
// (s8.2.6.1). `to_tag` is added to To when the request's To has no tag, except in a 100
// (s8.2.6.2); make_tag() makes one.
Message make_response(const Message& request, int code, std::string_view reason = {}, std::string_view to_tag = {});

struct ResponseStatus {
  int code = 400;
  std::string reason;
  friend bool operator==(const ResponseStatus&, const ResponseStatus&) = default;
};
// 505 Version Not Supported for errc::unsupported_version; otherwise 400 with a reason naming the
// problem, e.g. "Bad Request (To: unterminated quoted string)".
ResponseStatus status_for(const Error& why);

// The response a server owes a request that validate() rejected, or nullopt when none is due: a
// response is never answered (s18.3: discard it), nor is an ACK (s17.1.1.3), nor a request
// without a Via (there is nowhere to send the answer).
std::optional<Message> response_to_invalid(const Message& request, const Error& why, std::string_view to_tag = {});

// The same for bytes parse_message() rejected: when they still identify a request (a start line
// that is not a Status-Line, a method token other than ACK, well-formed header lines with a Via),
// the answer copies what it can (s18.3: SHOULD answer 400). nullopt otherwise.
std::optional<Message> response_to_unparseable(base::BytesView raw, const Error& why, std::string_view to_tag = {},
                                               const Limits& limits = {});

}  // namespace disco::sip
