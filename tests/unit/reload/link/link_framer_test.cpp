#include "libcommon/reload/link/link_framer.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "libcommon/reload/link/framed_message.hpp"
#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/wire/errc.hpp"

namespace disco::reload::link {
namespace {

using namespace std::chrono_literals;
const base::TimePoint t0{std::chrono::seconds(1000)};

base::Bytes data_frame(std::uint32_t sequence, base::BytesView message) {
  return *encode_frame(FramedMessage{DataFrame{sequence, base::Bytes(message.begin(), message.end())}});
}

base::Bytes ack_frame(std::uint32_t sequence, std::uint32_t received) {
  return *encode_frame(FramedMessage{AckFrame{sequence, received}});
}

std::vector<AckFrame> decode_acks(base::BytesView acks) {
  std::vector<AckFrame> out;
  while (!acks.empty()) {
    auto f = decode_frame(acks.first(std::min(acks.size(), ack_frame_size)));
    EXPECT_TRUE(f);
    if (!f) break;
    out.push_back(std::get<AckFrame>(f->frame));
    acks = acks.subspan(ack_frame_size);
  }
  return out;
}

void append(base::Bytes& to, const base::Bytes& from) { to.insert(to.end(), from.begin(), from.end()); }

TEST(LinkFramer, DataFramesAreNumberedFromZero) {
  LinkFramer f;
  for (std::uint32_t i = 0; i < 3; ++i) {
    const auto message = base::to_bytes("message " + std::to_string(i));
    auto frame = f.send(message, t0);
    ASSERT_TRUE(frame);
    auto decoded = decode_frame(*frame);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(std::get<DataFrame>(decoded->frame), (DataFrame{i, message}));
  }
  EXPECT_EQ(f.next_sequence(), 3u);
  EXPECT_EQ(f.unacked_count(), 3u);
}

TEST(LinkFramer, SendingAMessageAboveTheLimitFailsAndUsesNoSequenceNumber) {
  LinkFramer f(LinkFramerConfig{.limits = {.max_message_size = 100}});
  auto r = f.send(base::Bytes(101, 0x55), t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), msg::errc::message_too_large);
  EXPECT_EQ(f.next_sequence(), 0u);
  ASSERT_TRUE(f.send(base::Bytes(100, 0x55), t0));
  EXPECT_EQ(f.next_sequence(), 1u);
}

TEST(LinkFramer, StreamSplitAtEveryOffsetYieldsTheSameMessagesAndAcks) {
  LinkFramer sender;
  const std::vector<base::Bytes> messages{base::to_bytes("first"), base::Bytes{}, base::Bytes(300, 0xab),
                                          base::to_bytes("last")};
  base::Bytes stream;
  for (const auto& m : messages) append(stream, *sender.send(m, t0));
  append(stream, ack_frame(9, 0));  // an ack for nothing we sent: ignored, not an error
  const std::vector<AckFrame> expected_acks{{0, 0}, {1, 0b10}, {2, 0b110}, {3, 0b1110}};

  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    LinkFramer receiver;
    std::vector<base::Bytes> got;
    base::Bytes acks;
    for (auto part : {base::BytesView(stream).first(cut), base::BytesView(stream).subspan(cut)}) {
      auto r = receiver.receive(part, t0);
      ASSERT_TRUE(r) << "cut " << cut << ": " << r.error().message();
      got.insert(got.end(), r->messages.begin(), r->messages.end());
      append(acks, r->acks);
    }
    ASSERT_EQ(got, messages) << "cut " << cut;
    ASSERT_EQ(decode_acks(acks), expected_acks) << "cut " << cut;
    ASSERT_EQ(receiver.buffered(), 0u);
  }

  LinkFramer byte_by_byte;
  std::vector<base::Bytes> got;
  for (auto b : stream) {
    auto r = byte_by_byte.receive(base::BytesView(&b, 1), t0);
    ASSERT_TRUE(r);
    got.insert(got.end(), r->messages.begin(), r->messages.end());
  }
  EXPECT_EQ(got, messages);
}

TEST(LinkFramer, AckBitmapMarksTheReceivedAmongThePrevious32) {
  LinkFramer receiver;
  auto ack_for = [&](std::uint32_t sequence) {
    auto r = receiver.receive(data_frame(sequence, base::to_bytes("x")), t0);
    EXPECT_TRUE(r);
    auto acks = decode_acks(r->acks);
    EXPECT_EQ(acks.size(), 1u);
    return acks.empty() ? AckFrame{} : acks[0];
  };
  EXPECT_EQ(ack_for(0), (AckFrame{0, 0}));
  EXPECT_EQ(ack_for(1), (AckFrame{1, 0b10}));
  // 2, 3 and 4 were lost: only bits 4 and 5 (for 1 and 0) are set.
  EXPECT_EQ(ack_for(5), (AckFrame{5, (1u << 4) | (1u << 5)}));
  EXPECT_EQ(ack_for(6), (AckFrame{6, (1u << 1) | (1u << 5) | (1u << 6)}));
  // 0 is exactly 32 back from 32 and falls out (N - 32 < M), 1 is 31 back and stays.
  for (std::uint32_t s = 7; s < 32; ++s) (void)ack_for(s);
  // At 32: 1 is bit 31; the lost 2, 3 and 4 leave bits 30, 29 and 28 clear; 5..31 fill bits 27..1.
  EXPECT_EQ(ack_for(32).received, 0x8ffffffeu);
  // Only the 32 most recent are remembered: after 100 frames in a row, all 31 bits are set.
  for (std::uint32_t s = 33; s < 100; ++s) (void)ack_for(s);
  EXPECT_EQ(ack_for(100).received, 0xfffffffeu);
  // An old sequence number (reordering cannot happen on TCP, but a peer may lie) sets no bit
  // for the newer ones.
  EXPECT_EQ(ack_for(50).received, 0u);
}

TEST(LinkFramer, AcksUpdateTheRfc6298Estimate) {
  LinkFramer f;
  EXPECT_EQ(f.rto(), 500ms);  // RFC 6940 s6.6.3.1 default before any measurement
  EXPECT_FALSE(f.srtt());
  ASSERT_TRUE(f.send(base::to_bytes("a"), t0));
  ASSERT_TRUE(f.receive(ack_frame(0, 0), t0 + 100ms));
  // (2.2): SRTT = 100, RTTVAR = 50, RTO = 100 + 4 * 50.
  EXPECT_EQ(f.srtt(), base::Duration(100ms));
  EXPECT_EQ(f.rtt().rttvar(), base::Duration(50ms));
  EXPECT_EQ(f.rto(), 300ms);

  ASSERT_TRUE(f.send(base::to_bytes("b"), t0 + 1s));
  ASSERT_TRUE(f.receive(ack_frame(1, 0b10), t0 + 1s + 200ms));
  // (2.3): RTTVAR = 3/4 * 50 + 1/4 * 100 = 62.5, SRTT = 7/8 * 100 + 1/8 * 200 = 112.5,
  // RTO = 112.5 + 250 = 362.5, rounded up to the millisecond.
  EXPECT_EQ(f.srtt(), base::Duration(112500us));
  EXPECT_EQ(f.rtt().rttvar(), base::Duration(62500us));
  EXPECT_EQ(f.rto(), 363ms);

  // A repeated ack measures nothing.
  ASSERT_TRUE(f.receive(ack_frame(1, 0b10), t0 + 5s));
  EXPECT_EQ(f.srtt(), base::Duration(112500us));
}

TEST(LinkFramer, TinyRttsKeepAMillisecondGranularity) {
  LinkFramer f;
  ASSERT_TRUE(f.send(base::to_bytes("a"), t0));
  ASSERT_TRUE(f.receive(ack_frame(0, 0), t0 + 100us));
  // 100us + max(G = 1 ms, 4 * 50us) = 1.1 ms, rounded up: no one-second floor (s6.6.3.1).
  EXPECT_EQ(f.rto(), 2ms);
}

TEST(LinkFramer, UnackedFramesGiveTheFailureDeadline) {
  LinkFramer f;
  EXPECT_FALSE(f.oldest_unacked_deadline());
  ASSERT_TRUE(f.send(base::to_bytes("0"), t0));
  ASSERT_TRUE(f.send(base::to_bytes("1"), t0 + 10ms));
  ASSERT_TRUE(f.send(base::to_bytes("2"), t0 + 20ms));
  EXPECT_EQ(f.oldest_unacked_deadline(), t0 + 500ms);
  // The ack for 2 says 1 arrived too (bit 1) but not 0.
  ASSERT_TRUE(f.receive(ack_frame(2, 0b10), t0 + 30ms));
  EXPECT_EQ(f.unacked_count(), 1u);
  EXPECT_EQ(f.srtt(), base::Duration(10ms));
  EXPECT_EQ(f.oldest_unacked_deadline(), t0 + f.rto());
  ASSERT_TRUE(f.receive(ack_frame(0, 0), t0 + 40ms));
  EXPECT_EQ(f.unacked_count(), 0u);
  EXPECT_FALSE(f.oldest_unacked_deadline());
}

TEST(LinkFramer, UnackedSendTimesAreBounded) {
  LinkFramer f(LinkFramerConfig{.max_unacked = 4});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(f.send(base::to_bytes("m"), t0 + std::chrono::milliseconds(i)));
  EXPECT_EQ(f.unacked_count(), 4u);
  EXPECT_EQ(f.oldest_unacked_deadline(), t0 + 500ms);  // the oldest stays: the link still looks stuck
  ASSERT_TRUE(f.receive(ack_frame(9, 0), t0 + 50ms));  // untimed frame: no measurement
  EXPECT_FALSE(f.srtt());
  ASSERT_TRUE(f.receive(ack_frame(3, 0b1110), t0 + 50ms));
  EXPECT_EQ(f.unacked_count(), 0u);
  EXPECT_EQ(f.srtt(), base::Duration(47ms));
}

TEST(LinkFramer, DataFrameAboveMaxMessageSizeIsAnError) {
  LinkFramer f(LinkFramerConfig{.limits = {.max_message_size = 5000}});
  // Only the header is needed to refuse: the 5001-byte body is never buffered.
  const base::Bytes header{0x80, 0, 0, 0, 0, 0x00, 0x13, 0x89};
  auto r = f.receive(header, t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, msg::errc::message_too_large);
  EXPECT_EQ(f.buffered(), 0u);
  // The stream cannot be resynchronised: every later call fails the same way.
  auto again = f.receive(data_frame(0, base::to_bytes("fine")), t0);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, msg::errc::message_too_large);
}

TEST(LinkFramer, GarbageFrameTypeIsAnErrorEvenAfterGoodFrames) {
  LinkFramer f;
  base::Bytes stream = data_frame(0, base::to_bytes("ok"));
  append(stream, base::to_bytes("GET / HTTP/1.1\r\n"));
  auto r = f.receive(stream, t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::unknown_type);

  LinkFramer tls_record;  // a TLS ClientHello sent to a framing peer
  auto t = tls_record.receive(base::Bytes{0x16, 0x03, 0x01, 0x00, 0x2f}, t0);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, wire::errc::unknown_type);
}

}  // namespace
}  // namespace disco::reload::link
