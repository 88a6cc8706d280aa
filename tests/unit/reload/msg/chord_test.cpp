#include "libcommon/reload/msg/chord.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

NodeId node(std::string_view hex) { return *NodeId::from_hex(hex); }

NodeId a() { return node("00112233445566778899aabbccddeeff"); }
NodeId b() { return node("f0e0d0c0b0a090807060504030201000"); }
NodeId c() { return node("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0"); }

template <class T>
wire::DecodeError decode_error(std::string_view hex, const CodecContext& ctx = {}) {
  auto r = decode_as<T>(*base::from_hex(hex), ctx);
  EXPECT_FALSE(r.has_value()) << hex;
  return r ? wire::DecodeError{} : r.error();
}

TEST(ChordUpdate, GoldenNeighborsVector) {
  auto u = test::expect_golden<ChordUpdate>("reload/update_req_neighbors.hex");
  EXPECT_EQ(u.uptime, 3600u);
  EXPECT_EQ(u.type(), ChordUpdateType::neighbors);
  const auto& n = std::get<ChordNeighbors>(u.value);
  EXPECT_EQ(n.predecessors, (std::vector<NodeId>{a()}));
  EXPECT_EQ(n.successors, (std::vector<NodeId>{b(), c()}));
}

TEST(ChordUpdate, GoldenFullVector) {
  auto u = test::expect_golden<ChordUpdate>("reload/update_req_full.hex");
  EXPECT_EQ(u.uptime, 86400u);
  EXPECT_EQ(u.type(), ChordUpdateType::full);
  const auto& f = std::get<ChordFull>(u.value);
  EXPECT_EQ(f.predecessors, (std::vector<NodeId>{a()}));
  EXPECT_EQ(f.successors, (std::vector<NodeId>{b()}));
  EXPECT_EQ(f.fingers,
            (std::vector<NodeId>{node("102030405060708090a0b0c0d0e0f000"), node("4000000000000000000000000000000a"),
                                 node("80000000000000000000000000000001")}));
  EXPECT_TRUE(std::is_sorted(f.fingers.begin(), f.fingers.end()));
}

TEST(ChordUpdate, PeerReadyAndEmptyListsRoundTrip) {
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ChordUpdate{5, ChordPeerReady{}})),
            "00000005"
            "01");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ChordUpdate{0, ChordFull{}})),
            "00000000"
            "03"
            "0000"
            "0000"
            "0000");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ChordUpdate{0, ChordNeighbors{}})),
            "00000000"
            "02"
            "0000"
            "0000");
}

TEST(ChordUpdate, InvalidAndUnknownTypesAreRejected) {
  auto e = decode_error<ChordUpdate>(
      "00000001"
      "00");
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.structure, "ChordUpdate");
  EXPECT_EQ(e.field, "type");
  EXPECT_EQ(e.offset, 4u);
  for (const char* hex : {"00000001"
                          "04",
                          "00000001"
                          "ff"
                          "0000"
                          "0000"}) {
    e = decode_error<ChordUpdate>(hex);
    EXPECT_EQ(e.code, wire::errc::unknown_type) << hex;
    EXPECT_EQ(e.offset, 4u);
  }
}

TEST(ChordUpdate, NodeIdListNotAMultipleOfTheIdLengthIsAnError) {
  auto e = decode_error<ChordUpdate>(
      "00000001"
      "02"
      "0011"
      "00112233445566778899aabbccddeeff"
      "00"
      "0000");
  EXPECT_EQ(e.code, wire::errc::truncated);
  EXPECT_EQ(e.field, "NodeId");
}

TEST(ChordUpdate, TwentyByteNodeIds) {
  CodecContext ctx;
  ctx.node_id_length = 20;
  const auto x = node("000102030405060708090a0b0c0d0e0f10111213");
  const auto y = node("ffffffffffffffffffffffffffffffffffffff00");
  ChordUpdate u{1, ChordFull{{x}, {y}, {x, y}}};
  auto bytes = test::expect_round_trip(u, ctx);
  EXPECT_EQ(bytes.size(), 5u + 2 + 20 + 2 + 20 + 2 + 40);
  EXPECT_EQ(base::to_hex(base::BytesView(bytes).subspan(5, 2)), "0014");
  test::expect_every_prefix_truncated<ChordUpdate>(bytes, ctx);
  // A 16-byte Node-ID cannot go into a 20-byte overlay's Update.
  auto e = encode_as(ChordUpdate{1, ChordNeighbors{{a()}, {}}}, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, errc::bad_node_id_length);
}

TEST(ChordRouteQueryAns, GoldenVector) {
  auto ans = test::expect_golden<ChordRouteQueryAns>("reload/route_query_ans.hex");
  EXPECT_EQ(ans.next_peer, b());
  CodecContext ctx;
  ctx.node_id_length = 20;
  auto r = decode_as<ChordRouteQueryAns>(test::load_hex_vector("reload/route_query_ans.hex"), ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::truncated);
}

TEST(ChordLeaveData, BothTypesRoundTrip) {
  ChordLeaveData succ{ChordLeaveFromSucc{{b()}}};
  EXPECT_EQ(succ.type(), ChordLeaveType::from_succ);
  EXPECT_EQ(base::to_hex(test::expect_round_trip(succ)),
            "01"
            "0010"
            "f0e0d0c0b0a090807060504030201000");
  ChordLeaveData pred{ChordLeaveFromPred{{a(), c()}}};
  EXPECT_EQ(pred.type(), ChordLeaveType::from_pred);
  auto bytes = test::expect_round_trip(pred);
  EXPECT_EQ(base::to_hex(base::BytesView(bytes).first(3)), "020020");
  test::expect_every_prefix_truncated<ChordLeaveData>(bytes, {});
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ChordLeaveData{ChordLeaveFromPred{}})),
            "02"
            "0000");
}

TEST(ChordLeaveData, InvalidAndUnknownTypesAreRejected) {
  auto e = decode_error<ChordLeaveData>(
      "00"
      "0000");
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.structure, "ChordLeaveData");
  EXPECT_EQ(e.offset, 0u);
  e = decode_error<ChordLeaveData>(
      "03"
      "0000");
  EXPECT_EQ(e.code, wire::errc::unknown_type);
  EXPECT_EQ(e.field, "type");
}

}  // namespace
}  // namespace disco::reload::msg
