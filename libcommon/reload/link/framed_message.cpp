#include "libcommon/reload/link/framed_message.hpp"

#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::link {

namespace {
constexpr std::size_t max_frame_message = (std::size_t{1} << 24) - 1;

wire::DecodeError error_at(std::error_code code, std::string_view field, std::size_t offset) {
  return wire::DecodeError{code, "FramedMessage", field, offset};
}
}  // namespace

base::result<base::Bytes, wire::EncodeError> encode_frame(const FramedMessage& f) {
  wire::Writer w;
  auto scope = w.enter("FramedMessage");
  if (const auto* d = std::get_if<DataFrame>(&f.frame)) {
    w.reserve(data_frame_header_size + d->message.size());
    w.u8(static_cast<std::uint8_t>(FramedMessageType::data));
    w.u32(d->sequence);
    w.opaque(3, d->message, "message");
  } else {
    const auto& a = std::get<AckFrame>(f.frame);
    w.u8(static_cast<std::uint8_t>(FramedMessageType::ack));
    w.u32(a.ack_sequence);
    w.u32(a.received);
  }
  if (!w.ok()) return base::failure{*w.error()};
  return std::move(w).take();
}

void encode_data_frame_header(std::uint32_t sequence, std::size_t size, base::Bytes& out) {
  out.push_back(static_cast<std::uint8_t>(FramedMessageType::data));
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(sequence >> shift));
  const auto n = static_cast<std::uint32_t>(std::min(size, max_frame_message));
  for (int shift = 16; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(n >> shift));
}

base::result<std::optional<std::size_t>, wire::DecodeError> next_frame_size(base::BytesView buffered,
                                                                            const wire::Limits& limits) {
  if (buffered.empty()) return std::optional<std::size_t>{};
  switch (static_cast<FramedMessageType>(buffered[0])) {
    case FramedMessageType::ack:
      if (buffered.size() < ack_frame_size) return std::optional<std::size_t>{};
      return std::optional<std::size_t>{ack_frame_size};
    case FramedMessageType::data: {
      if (buffered.size() < data_frame_header_size) return std::optional<std::size_t>{};
      const std::size_t n = (std::size_t{buffered[5]} << 16) | (std::size_t{buffered[6]} << 8) | buffered[7];
      if (n > limits.max_message_size) return base::failure{error_at(msg::errc::message_too_large, "message", 5)};
      if (buffered.size() < data_frame_header_size + n) return std::optional<std::size_t>{};
      return std::optional<std::size_t>{data_frame_header_size + n};
    }
  }
  return base::failure{error_at(wire::errc::unknown_type, "type", 0)};
}

base::result<FramedMessage, wire::DecodeError> decode_frame(base::BytesView in, const wire::Limits& limits) {
  wire::Reader r(in, limits);
  auto scope = r.enter("FramedMessage");
  const auto type = r.u8("type");
  FramedMessage out;
  if (r.ok()) {
    if (type == static_cast<std::uint8_t>(FramedMessageType::data)) {
      DataFrame d;
      d.sequence = r.u32("sequence");
      const std::size_t length_at = r.offset();
      auto m = r.opaque(3, "message");
      if (r.ok() && m.size() > limits.max_message_size) {
        return base::failure{error_at(msg::errc::message_too_large, "message", length_at)};
      }
      d.message.assign(m.begin(), m.end());
      out.frame = std::move(d);
    } else if (type == static_cast<std::uint8_t>(FramedMessageType::ack)) {
      AckFrame a;
      a.ack_sequence = r.u32("ack_sequence");
      a.received = r.u32("received");
      out.frame = a;
    } else {
      r.fail(wire::errc::unknown_type, "type");
    }
  }
  r.expect_end("(end)");
  if (!r.ok()) return base::failure{*r.error()};
  return out;
}

}  // namespace disco::reload::link
