#include "libcommon/reload/msg/ping.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/message.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

TEST(PingReq, GoldenVectorDecodesFieldByField) {
  auto req = test::expect_golden<PingReq>("reload/ping_req.hex");
  EXPECT_EQ(req.padding, base::Bytes(8, 0));
}

TEST(PingReq, IsTheBodyOfTheGoldenPingMessage) {
  auto m = decode_message(test::load_hex_vector("reload/message_ping_req.hex"), {});
  ASSERT_TRUE(m) << m.error().message();
  auto req = decode_as<PingReq>(m->contents.message_body, {});
  ASSERT_TRUE(req) << req.error().message();
  EXPECT_EQ(req->padding, base::Bytes(4, 0));
}

TEST(PingReq, PaddingUpTo65535Bytes) {
  EXPECT_EQ(base::to_hex(test::expect_round_trip(PingReq{})), "0000");
  EXPECT_EQ(test::expect_round_trip(PingReq{base::Bytes(65535, 0xaa)}).size(), 65537u);
  auto e = encode_as(PingReq{base::Bytes(65536, 0)}, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::value_too_long);
  EXPECT_EQ(e.error().field, "padding");
}

TEST(PingAns, GoldenVectorDecodesFieldByField) {
  auto ans = test::expect_golden<PingAns>("reload/ping_ans.hex");
  EXPECT_EQ(ans.response_id, 0x0123456789abcdefu);
  EXPECT_EQ(ans.time, 1'700'000'000'000u);
  EXPECT_EQ(base::to_hex(test::expect_round_trip(PingAns{~std::uint64_t{0}, 1})),
            "ffffffffffffffff"
            "0000000000000001");
}

}  // namespace
}  // namespace disco::reload::msg
