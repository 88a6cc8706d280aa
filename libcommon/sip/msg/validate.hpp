#pragma once
// The checks a parsed message must pass before a transaction layer or a UA acts on it (RFC 3261
// s8.1.1, s8.2, s16.3, s19.1.1, s20; RFC 4475 s3.1.2 and s3.3). parse_message() only frames a
// message and keeps header values as text, so that a proxy can forward what it does not
// understand; validate() parses the fields this stack relies on.

#include <optional>

#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip {

// The first problem found, nullopt when there is none. In order:
//  1. SIP-Version other than SIP/2.0: unsupported_version (answer 505, s21.5.6).
//  2. Requests: the Request-URI parses (header "Request-URI"); a SIP URI there carries no headers
//     (s19.1.1 table 1): headers_not_allowed_in_uri.
//  3. To, From, CSeq, Call-ID (the s8.1.1 order): present exactly once (missing_header,
//     duplicate_header) and well-formed; the CSeq method equals the request method.
//  4. Max-Forwards at most once, 0..255. Via at least once, every element well-formed.
//  5. Contact, Route, Record-Route, Content-Type, Event, Subscription-State, Allow-Events when
//     present. Expires and Date are left to those who use them (RFC 4475 s3.1.2.4, s3.1.2.12).
// Max-Forwards may be absent (RFC 2543 peers, RFC 4475 s3.4.1); proxies add it when forwarding.
std::optional<Error> validate(const Message& m);

}  // namespace disco::sip
