#include "libcommon/reload/msg/join.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

NodeId node(std::string_view hex) { return *NodeId::from_hex(hex); }

TEST(JoinReq, GoldenVectorDecodesFieldByField) {
  auto req = test::expect_golden<JoinReq>("reload/join_req.hex");
  EXPECT_EQ(req.joining_peer_id, node("00112233445566778899aabbccddeeff"));
  EXPECT_TRUE(req.overlay_specific_data.empty());
}

TEST(JoinAns, GoldenVectorDecodesFieldByField) {
  auto ans = test::expect_golden<JoinAns>("reload/join_ans.hex");
  EXPECT_EQ(base::to_hex(ans.overlay_specific_data), "01020304");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(JoinAns{})), "0000");
}

TEST(JoinReq, NodeIdLengthFollowsTheOverlay) {
  CodecContext ctx;
  ctx.node_id_length = 20;
  JoinReq req{node("000102030405060708090a0b0c0d0e0f10111213"), {0xaa}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(req, ctx)),
            "000102030405060708090a0b0c0d0e0f10111213"
            "0001aa");
  // The 16-byte golden vector is 18 bytes: in a 20-byte overlay the Node-ID eats the length.
  auto r = decode_as<JoinReq>(test::load_hex_vector("reload/join_req.hex"), ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::truncated);
  auto e = encode_as(JoinReq{node("00112233445566778899aabbccddeeff"), {}}, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, errc::bad_node_id_length);
}

}  // namespace
}  // namespace disco::reload::msg
