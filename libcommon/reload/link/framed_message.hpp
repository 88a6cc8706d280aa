#pragma once
// The per-hop framing header (RFC 6940 s6.6.2), used on every link type:
//   data: uint8 type=128; uint32 sequence; opaque message<0..2^24-1>
//   ack:  uint8 type=129; uint32 ack_sequence; uint32 received

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/wire/error.hpp"
#include "libcommon/wire/limits.hpp"

namespace disco::reload::link {

enum class FramedMessageType : std::uint8_t { data = 128, ack = 129 };

struct DataFrame {
  std::uint32_t sequence = 0;
  base::Bytes message;
  friend bool operator==(const DataFrame&, const DataFrame&) = default;
};

struct AckFrame {
  std::uint32_t ack_sequence = 0;
  // Bit (N - M) set for each of the 32 frames M before N = ack_sequence that were received.
  std::uint32_t received = 0;
  friend bool operator==(const AckFrame&, const AckFrame&) = default;
};

struct FramedMessage {
  std::variant<DataFrame, AckFrame> frame;
  friend bool operator==(const FramedMessage&, const FramedMessage&) = default;
};

inline constexpr std::size_t data_frame_header_size = 8;  // type + sequence + 3-byte length
inline constexpr std::size_t ack_frame_size = 9;

base::result<base::Bytes, wire::EncodeError> encode_frame(const FramedMessage& f);
// Writes a data frame header for a message of `size` bytes, so senders need not copy the message.
void encode_data_frame_header(std::uint32_t sequence, std::size_t size, base::Bytes& out);

// Exactly one frame. A data frame whose message exceeds limits.max_message_size is
// msg::errc::message_too_large (s6.6: send Error_Message_Too_Large and close).
base::result<FramedMessage, wire::DecodeError> decode_frame(base::BytesView in, const wire::Limits& limits = {});

// For stream links: the size of the complete frame at the start of `buffered`, nullopt when more
// bytes are needed, or an error (unknown frame type, too large) after which the link must close.
base::result<std::optional<std::size_t>, wire::DecodeError> next_frame_size(base::BytesView buffered,
                                                                            const wire::Limits& limits = {});

}  // namespace disco::reload::link
