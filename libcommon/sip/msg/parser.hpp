#pragma once
// Whole-message parsing (RFC 3261 s7, s18.3): start line, header fields with their folds undone,
// and the body delimited by Content-Length. Header values are kept as text; the typed parsers
// (uri.hpp, via.hpp, name_addr.hpp, ...) read them on demand, and validate() checks the fields a
// transaction layer relies on.

#include <string_view>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/limits.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip {

// One message from a datagram, or from a frame StreamFramer cut out of a stream (s18.3): leading
// CRLFs are skipped; with a Content-Length the body is that many bytes and any bytes after it are
// discarded (RFC 4475 s3.1.1.8), a shorter datagram is errc::body_truncated; without one the body
// is the rest of the datagram. Nothing is allocated beyond what the input holds.
base::result<Message, Error> parse_message(base::BytesView bytes, const Limits& limits = {});
base::result<Message, Error> parse_message(std::string_view text, const Limits& limits = {});

}  // namespace disco::sip
