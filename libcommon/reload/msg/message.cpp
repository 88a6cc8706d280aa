#include "libcommon/reload/msg/message.hpp"

#include "libcommon/reload/msg/errc.hpp"

namespace disco::reload::msg {

namespace {
constexpr std::size_t length_offset = 16;  // of ForwardingHeader.length, s6.3.2
}

base::result<base::Bytes, wire::EncodeError> encode_message(const Message& m, const CodecContext& ctx) {
  wire::Writer w;
  w.reserve(forwarding_header_fixed_size + m.contents.message_body.size() + 256);
  encode(w, m.header, ctx);
  encode(w, m.contents, ctx);
  encode(w, m.security, ctx);
  if (!w.ok()) return base::failure{*w.error()};
  w.patch_u32(length_offset, static_cast<std::uint32_t>(w.size()));
  return std::move(w).take();
}

base::result<DecodedHeader, wire::DecodeError> decode_forwarding_header(base::BytesView in, const CodecContext& ctx) {
  wire::Reader r(in, ctx.limits);
  DecodedHeader out;
  decode(r, out.header, ctx);
  if (!r.ok()) return base::failure{*r.error()};
  out.header_size = r.position();
  return out;
}

base::result<Message, wire::DecodeError> decode_message(base::BytesView in, const CodecContext& ctx) {
  if (in.size() > ctx.limits.max_message_size) {
    return base::failure{wire::DecodeError{errc::message_too_large, "Message", "(input)", ctx.limits.max_message_size}};
  }
  wire::Reader r(in, ctx.limits);
  Message m;
  decode(r, m.header, ctx);
  if (!r.ok()) return base::failure{*r.error()};
  if (m.header.length > in.size()) {
    return base::failure{wire::DecodeError{wire::errc::truncated, "ForwardingHeader", "length", length_offset}};
  }
  if (m.header.length < in.size()) {
    return base::failure{wire::DecodeError{wire::errc::trailing_bytes, "Message", "length", m.header.length}};
  }
  if (m.header.is_fragment()) {
    return base::failure{wire::DecodeError{errc::fragmented, "ForwardingHeader", "fragment", 12}};
  }
  decode(r, m.contents, ctx);
  decode(r, m.security, ctx);
  r.expect_end("(end)");
  if (!r.ok()) return base::failure{*r.error()};
  return m;
}

}  // namespace disco::reload::msg
