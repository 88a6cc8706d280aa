#pragma once

#include <cstddef>

namespace disco::sip {

// Bounds the parser and the stream framer enforce on hostile input. RFC 3261 sets none (a UDP
// datagram caps a message at 64 KiB, s18.1.1 only asks for congestion control above 1300 bytes);
// these are far above any message disco sends: the largest is a full RFC 4575 conference-info
// NOTIFY body, which the body limit leaves room for.
struct Limits {
  std::size_t max_head_size = 64 * 1024;  // start line, header fields and the empty line
  std::size_t max_header_count = 256;     // kept header fields (Content-Length aside), not list elements
  std::size_t max_body_size = 1024 * 1024;
  std::size_t max_message_size = 64 * 1024 + 1024 * 1024;
};

}  // namespace disco::sip
