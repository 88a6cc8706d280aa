#pragma once
// The framing-header state of one stream connection (RFC 6940 s6.6.2, s6.6.5), without I/O: it
// numbers outgoing data frames, cuts incoming stream bytes into frames, answers every data frame
// with an ack and turns incoming acks into an RFC 6298 RTT/RTO estimate. On TLS/TCP the RTO only
// tells the node when to take the link out of the Routing Table (s6.6.5); nothing is retransmitted.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/clock.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/link/rtt_estimator.hpp"
#include "libcommon/wire/error.hpp"
#include "libcommon/wire/limits.hpp"

namespace disco::reload::link {

struct LinkFramerConfig {
  wire::Limits limits;
  RttConfig rtt;
  // Send times kept for frames not yet acked. A peer that never acks must not grow our memory;
  // frames sent while this many are outstanding are not timed (the oldest stays, so the link
  // still looks as failing as it is).
  std::size_t max_unacked = 1024;
};

class LinkFramer {
 public:
  // What one chunk of stream bytes produced.
  struct Received {
    std::vector<base::Bytes> messages;  // whole RELOAD messages, in order
    base::Bytes acks;                   // ack frames to write back, concatenated in order
  };

  explicit LinkFramer(LinkFramerConfig config = {});

  // A data frame carrying `message` with the next sequence number (s6.6.2: 0, 1, 2, ...), timed
  // from `now`. msg::errc::message_too_large when the message exceeds limits.max_message_size
  // (the peer would close the link on it, s6.6); the sequence number is then not used.
  base::result<base::Bytes, std::error_code> send(base::BytesView message, base::TimePoint now);

  // Feeds stream bytes in any chunking. An error (unknown frame type, a data frame above
  // limits.max_message_size) means the stream can no longer be parsed: the caller closes the link
  // (s6.6); later calls return the same error.
  base::result<Received, wire::DecodeError> receive(base::BytesView bytes, base::TimePoint now);

  [[nodiscard]] base::Duration rto() const { return rtt_.rto(); }
  [[nodiscard]] std::optional<base::Duration> srtt() const { return rtt_.srtt(); }
  [[nodiscard]] const RttEstimator& rtt() const { return rtt_; }
  // Timed frames not acked yet (at most config.max_unacked).
  [[nodiscard]] std::size_t unacked_count() const { return unacked_.size(); }
  // When the oldest unacked frame's RTO runs out; nullopt when every timed frame is acked.
  [[nodiscard]] std::optional<base::TimePoint> oldest_unacked_deadline() const;
  [[nodiscard]] std::uint32_t next_sequence() const { return next_sequence_; }
  // Bytes held for a frame that has not fully arrived yet.
  [[nodiscard]] std::size_t buffered() const { return buffer_.size(); }

 private:
  struct Sent {
    std::uint32_t sequence;
    base::TimePoint at;
  };

  void on_data(std::uint32_t sequence, base::Bytes& acks);
  void on_ack(std::uint32_t ack_sequence, std::uint32_t received, base::TimePoint now);
  // Removes `sequence` from the unacked frames; its send time, or nullopt if it was not there.
  std::optional<base::TimePoint> take_unacked(std::uint32_t sequence);
  // Handles the whole frames at the start of `in`; how many bytes they took.
  base::result<std::size_t, wire::DecodeError> parse(base::BytesView in, Received& out, base::TimePoint now);

  LinkFramerConfig config_;
  RttEstimator rtt_;
  std::uint32_t next_sequence_ = 0;
  // Timed frames in sending order (sequence numbers ascend modulo 2^32 from the front).
  std::deque<Sent> unacked_;
  // The 32 most recent sequence numbers received (s6.6.2), as a ring.
  std::array<std::uint32_t, 32> recent_{};
  std::size_t recent_count_ = 0;
  std::size_t recent_next_ = 0;
  base::Bytes buffer_;
  std::optional<wire::DecodeError> failed_;
};

}  // namespace disco::reload::link
