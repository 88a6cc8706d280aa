#include "libcommon/reload/link/framed_message.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/wire/errc.hpp"
#include "tests/support/vectors.hpp"

namespace disco::reload::link {
namespace {

TEST(FramedMessage, GoldenDataFrame) {
  const auto bytes = test::load_hex_vector("reload/frame_data.hex");
  auto f = decode_frame(bytes);
  ASSERT_TRUE(f) << f.error().message();
  const auto& d = std::get<DataFrame>(f->frame);
  EXPECT_EQ(d.sequence, 7u);
  EXPECT_EQ(d.message, test::load_hex_vector("reload/message_ping_req.hex"));
  EXPECT_EQ(*encode_frame(*f), bytes);
}

TEST(FramedMessage, GoldenAckFrame) {
  const auto bytes = test::load_hex_vector("reload/frame_ack.hex");
  auto f = decode_frame(bytes);
  ASSERT_TRUE(f);
  EXPECT_EQ(std::get<AckFrame>(f->frame), (AckFrame{7, 0x0a}));
  EXPECT_EQ(*encode_frame(*f), bytes);
}

TEST(FramedMessage, EveryPrefixIsTruncatedAndNeedsMoreOnAStream) {
  for (const char* v : {"reload/frame_data.hex", "reload/frame_ack.hex"}) {
    const auto bytes = test::load_hex_vector(v);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      const base::BytesView prefix = base::BytesView(bytes).first(n);
      auto r = decode_frame(prefix);
      ASSERT_FALSE(r);
      ASSERT_EQ(r.error().code, wire::errc::truncated) << v << " prefix " << n;
      auto size = next_frame_size(prefix);
      ASSERT_TRUE(size);
      ASSERT_FALSE(size->has_value()) << v << " prefix " << n;
    }
    auto whole = next_frame_size(bytes);
    ASSERT_TRUE(whole && whole->has_value());
    EXPECT_EQ(**whole, bytes.size());
  }
}

TEST(FramedMessage, StreamOfFramesSplitsAtFrameBoundaries) {
  auto stream = test::load_hex_vector("reload/frame_data.hex");
  const auto ack = test::load_hex_vector("reload/frame_ack.hex");
  stream.insert(stream.end(), ack.begin(), ack.end());
  auto first = next_frame_size(stream);
  ASSERT_TRUE(first && first->has_value());
  auto second = next_frame_size(base::BytesView(stream).subspan(**first));
  ASSERT_TRUE(second && second->has_value());
  EXPECT_EQ(**second, ack_frame_size);
}

TEST(FramedMessage, UnknownFrameTypeIsAnError) {
  const base::Bytes b{0x82, 0, 0, 0, 0};
  auto r = decode_frame(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::unknown_type);
  EXPECT_FALSE(next_frame_size(b));
}

TEST(FramedMessage, MessageAboveMaxMessageSizeIsRejectedFromTheHeaderAlone) {
  // Claims a 16 MiB message; the stream splitter must refuse before buffering it.
  const base::Bytes b{0x80, 0, 0, 0, 1, 0xff, 0xff, 0xff};
  auto size = next_frame_size(b);
  ASSERT_FALSE(size);
  EXPECT_EQ(size.error().code, msg::errc::message_too_large);
}

TEST(FramedMessage, DataFrameHeaderMatchesFullEncoding) {
  const base::Bytes message{1, 2, 3};
  base::Bytes header;
  encode_data_frame_header(9, message.size(), header);
  auto full = encode_frame(FramedMessage{DataFrame{9, message}});
  ASSERT_TRUE(full);
  EXPECT_EQ(base::to_hex(header), base::to_hex(base::BytesView(*full).first(data_frame_header_size)));
}

}  // namespace
}  // namespace disco::reload::link
