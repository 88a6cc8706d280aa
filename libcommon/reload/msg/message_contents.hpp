#pragma once
// MessageContents and MessageExtension (RFC 6940 s6.3.3).

#include <cstdint>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/message_code.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// Registry: 0 invalid, 1 exp-ext, 0xffff reserved (s14.14). No extension is defined, so contents
// stay raw; a receiver answers Error_Unknown_Extension for an unknown critical one.
struct MessageExtension {
  std::uint16_t type = 1;
  bool critical = false;
  base::Bytes extension_contents;
  friend bool operator==(const MessageExtension&, const MessageExtension&) = default;
};

// The body stays encoded here: decode_body() (body.hpp) turns it into a typed body by message code,
// so that forwarding and signature checks never need to understand it.
struct MessageContents {
  MessageCode message_code = MessageCode::ping_req;
  base::Bytes message_body;
  std::vector<MessageExtension> extensions;
  friend bool operator==(const MessageContents&, const MessageContents&) = default;
};

void encode(wire::Writer& w, const MessageExtension& v, const CodecContext& ctx);
void decode(wire::Reader& r, MessageExtension& out, const CodecContext& ctx);
void encode(wire::Writer& w, const MessageContents& v, const CodecContext& ctx);
// Rejects message codes the s14.8 registry does not assign (errc::unknown_message_code).
void decode(wire::Reader& r, MessageContents& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
