#pragma once
// Cuts a byte stream (TCP, TLS) into SIP messages by Content-Length (RFC 3261 s18.3), Beast-style:
// feed() what arrived, then call next() until it needs more. Leading CRLFs between messages are
// keep-alives (s7.5, RFC 5626 s3.5.1) and are dropped.

#include <cstddef>
#include <optional>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/sip/msg/error.hpp"
#include "libcommon/sip/msg/limits.hpp"

namespace disco::sip {

class StreamFramer {
 public:
  explicit StreamFramer(const Limits& limits = {}) : limits_(limits) {}

  void feed(base::BytesView bytes);

  // The bytes of the next complete message, for parse_message(); valid until the next feed() or
  // next(). nullopt while more bytes are needed. An error is a framing error (is_framing_error():
  // no Content-Length, a bad or repeated one, a limit, a malformed header line): the stream has no
  // message boundaries left, so the connection must be closed; every later call repeats it.
  // A frame whose start line or header values are bad still frames: parse_message() reports that,
  // and the stream goes on.
  base::result<std::optional<base::BytesView>, Error> next();

  // Bytes received and not yet returned by next().
  [[nodiscard]] std::size_t buffered() const { return buf_.size() - start_; }

 private:
  Limits limits_;
  base::Bytes buf_;
  std::size_t start_ = 0;                  // where the unreturned bytes begin
  std::size_t resume_ = 0;                 // head scan progress, relative to start_
  std::optional<std::size_t> frame_size_;  // known once the head of the current message is in
  std::optional<Error> failed_;
};

}  // namespace disco::sip
