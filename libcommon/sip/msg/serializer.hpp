#pragma once
// Canonical output (RFC 3261 s7): CRLF line ends, full header names in their canonical spelling
// (compact forms expanded, known names in the RFC's case), one SP after the colon, and a
// Content-Length written from the body as the last header field. parse_message() of the output
// gives back an equal Message.

#include <string>

#include "libcommon/base/bytes.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip {

// CR and LF inside a start-line element or a header value cannot be sent (they would end the
// line); they are written as SP, which a receiver reads as the LWS a fold stands for (s7.3.1).
std::string to_string(const Message& m);
base::Bytes serialize(const Message& m);

}  // namespace disco::sip
