#pragma once
// A RELOAD message: ForwardingHeader || MessageContents || SecurityBlock (RFC 6940 s6.3).

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/forwarding_header.hpp"
#include "libcommon/reload/msg/message_contents.hpp"
#include "libcommon/reload/msg/security_block.hpp"
#include "libcommon/wire/error.hpp"

namespace disco::reload::msg {

struct Message {
  ForwardingHeader header;
  MessageContents contents;
  SecurityBlock security;
  friend bool operator==(const Message&, const Message&) = default;
};

// Encodes and sets header.length to the size of the whole message.
base::result<base::Bytes, wire::EncodeError> encode_message(const Message& m, const CodecContext& ctx);

// Decodes one whole, unfragmented message. Beyond the per-struct checks: input above
// max-message-size is message_too_large; header.length must equal the input size (larger:
// truncated; smaller: trailing_bytes); a fragment is errc::fragmented (reassemble first, s6.7).
base::result<Message, wire::DecodeError> decode_message(base::BytesView in, const CodecContext& ctx);

// Just the forwarding header, as a forwarding peer needs it (s6.1); also for fragments.
struct DecodedHeader {
  ForwardingHeader header;
  std::size_t header_size = 0;  // where MessageContents (or the fragment payload) starts
};
base::result<DecodedHeader, wire::DecodeError> decode_forwarding_header(base::BytesView in, const CodecContext& ctx);

}  // namespace disco::reload::msg
