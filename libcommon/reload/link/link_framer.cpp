#include "libcommon/reload/link/link_framer.hpp"

#include <algorithm>

#include "libcommon/reload/link/framed_message.hpp"
#include "libcommon/reload/msg/errc.hpp"

namespace disco::reload::link {

namespace {

void put_u32(std::uint32_t v, base::Bytes& out) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

}  // namespace

LinkFramer::LinkFramer(LinkFramerConfig config) : config_(config), rtt_(config.rtt) {}

base::result<base::Bytes, std::error_code> LinkFramer::send(base::BytesView message, base::TimePoint now) {
  if (message.size() > config_.limits.max_message_size)
    return base::failure{make_error_code(msg::errc::message_too_large)};
  base::Bytes out;
  out.reserve(data_frame_header_size + message.size());
  encode_data_frame_header(next_sequence_, message.size(), out);
  out.insert(out.end(), message.begin(), message.end());
  if (unacked_.size() < config_.max_unacked) unacked_.push_back({next_sequence_, now});
  ++next_sequence_;  // wraps after 2^32 frames, as a uint32 on the wire must
  return out;
}

base::result<LinkFramer::Received, wire::DecodeError> LinkFramer::receive(base::BytesView bytes, base::TimePoint now) {
  if (failed_) return base::failure{*failed_};
  Received out;
  // Whole frames are parsed straight from the caller's bytes; only a partial frame is kept.
  const bool from_buffer = !buffer_.empty();
  if (from_buffer) buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  const base::BytesView in = from_buffer ? base::BytesView(buffer_) : bytes;
  auto consumed = parse(in, out, now);
  if (!consumed) {
    failed_ = consumed.error();
    buffer_.clear();
    buffer_.shrink_to_fit();
    return base::failure{*failed_};
  }
  if (from_buffer) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(*consumed));
  } else {
    const auto rest = bytes.subspan(*consumed);
    buffer_.assign(rest.begin(), rest.end());
  }
  return out;
}

base::result<std::size_t, wire::DecodeError> LinkFramer::parse(base::BytesView in, Received& out, base::TimePoint now) {
  std::size_t at = 0;
  for (;;) {
    const auto rest = in.subspan(at);
    auto size = next_frame_size(rest, config_.limits);
    if (!size) return base::failure{size.error()};
    if (!size->has_value()) return at;
    auto frame = decode_frame(rest.first(**size), config_.limits);
    if (!frame) return base::failure{frame.error()};
    at += **size;
    if (auto* d = std::get_if<DataFrame>(&frame->frame)) {
      on_data(d->sequence, out.acks);
      out.messages.push_back(std::move(d->message));
    } else {
      const auto& a = std::get<AckFrame>(frame->frame);
      on_ack(a.ack_sequence, a.received, now);
    }
  }
}

void LinkFramer::on_data(std::uint32_t sequence, base::Bytes& acks) {
  // s6.6.2: bit (N - M) is set for each of the 32 previously received M with N - 32 < M < N.
  std::uint32_t received = 0;
  for (std::size_t i = 0; i < recent_count_; ++i) {
    const std::uint32_t distance = sequence - recent_[i];  // modulo 2^32; M > N lands far away
    if (distance >= 1 && distance < 32) received |= std::uint32_t{1} << distance;
  }
  recent_[recent_next_] = sequence;
  recent_next_ = (recent_next_ + 1) % recent_.size();
  recent_count_ = std::min(recent_count_ + 1, recent_.size());

  // s6.6.2: "the receiver ... SHOULD immediately send an ACK message".
  acks.push_back(static_cast<std::uint8_t>(FramedMessageType::ack));
  put_u32(sequence, acks);
  put_u32(received, acks);
}

void LinkFramer::on_ack(std::uint32_t ack_sequence, std::uint32_t received, base::TimePoint now) {
  // s6.6.3.1: the RTT of a message is the time from its sending to the ACK naming it. A repeated
  // ack, or one for a frame we never sent or no longer time, gives no measurement.
  if (auto sent_at = take_unacked(ack_sequence)) rtt_.sample(now - *sent_at);
  // The bitmap says which earlier frames arrived; they are no longer outstanding.
  for (std::uint32_t distance = 1; distance < 32; ++distance) {
    if ((received >> distance) & 1U) (void)take_unacked(ack_sequence - distance);
  }
}

std::optional<base::TimePoint> LinkFramer::take_unacked(std::uint32_t sequence) {
  if (unacked_.empty()) return std::nullopt;
  // Sequence numbers ascend from the front modulo 2^32, so offsets from the front are ordered.
  const std::uint32_t base_sequence = unacked_.front().sequence;
  const std::uint32_t key = sequence - base_sequence;
  auto it = std::lower_bound(unacked_.begin(), unacked_.end(), key, [base_sequence](const Sent& s, std::uint32_t k) {
    return s.sequence - base_sequence < k;
  });
  if (it == unacked_.end() || it->sequence != sequence) return std::nullopt;
  const base::TimePoint at = it->at;
  unacked_.erase(it);
  return at;
}

std::optional<base::TimePoint> LinkFramer::oldest_unacked_deadline() const {
  if (unacked_.empty()) return std::nullopt;
  return unacked_.front().at + rtt_.rto();
}

}  // namespace disco::reload::link
