#include "libcommon/reload/msg/leave.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/chord.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

NodeId node(std::string_view hex) { return *NodeId::from_hex(hex); }

TEST(LeaveReq, GoldenVectorWithChordLeaveData) {
  auto req = test::expect_golden<LeaveReq>("reload/leave_req.hex");
  EXPECT_EQ(req.leaving_peer_id, node("00112233445566778899aabbccddeeff"));
  ASSERT_EQ(req.overlay_specific_data.size(), 35u);
  auto data = decode_as<ChordLeaveData>(req.overlay_specific_data, {});
  ASSERT_TRUE(data) << data.error().message();
  EXPECT_EQ(data->type(), ChordLeaveType::from_succ);
  EXPECT_EQ(std::get<ChordLeaveFromSucc>(data->value).successors,
            (std::vector<NodeId>{node("f0e0d0c0b0a090807060504030201000"), node("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0")}));
  EXPECT_EQ(*encode_as(*data, {}), req.overlay_specific_data);
}

TEST(LeaveReq, RoundTripsWith20ByteNodeIds) {
  CodecContext ctx;
  ctx.node_id_length = 20;
  const auto id = node("ffffffffffffffffffffffffffffffff00000001");
  ChordLeaveData data{ChordLeaveFromPred{{id}}};
  LeaveReq req{id, *encode_as(data, ctx)};
  auto bytes = test::expect_round_trip(req, ctx);
  EXPECT_EQ(bytes.size(), 20u + 2 + 1 + 2 + 20);
}

TEST(LeaveAns, IsEmpty) {
  EXPECT_TRUE(test::expect_round_trip(LeaveAns{}).empty());
  auto r = decode_as<LeaveAns>(*base::from_hex("0000"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  EXPECT_EQ(r.error().structure, "LeaveAns");
}

}  // namespace
}  // namespace disco::reload::msg
