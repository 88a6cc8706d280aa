#include "libcommon/reload/msg/route_query.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

TEST(RouteQueryReq, GoldenVectorDecodesFieldByField) {
  auto req = test::expect_golden<RouteQueryReq>("reload/route_query_req.hex");
  EXPECT_TRUE(req.send_update);
  ASSERT_TRUE(req.destination.is_resource());
  EXPECT_EQ(std::get<ResourceId>(req.destination.value).to_hex(), "45a6b241a242c97f0492d382c390dfa3");
  EXPECT_TRUE(req.overlay_specific_data.empty());
}

TEST(RouteQueryReq, SendUpdateMustBeABoolean) {
  auto bytes = test::load_hex_vector("reload/route_query_req.hex");
  bytes[0] = 2;
  auto r = decode_as<RouteQueryReq>(bytes, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().structure, "RouteQueryReq");
  EXPECT_EQ(r.error().field, "send_update");
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(RouteQueryReq, AnyDestinationRoundTrips) {
  CodecContext ctx;
  ctx.node_id_length = 20;
  RouteQueryReq node{false, {*NodeId::from_hex("000102030405060708090a0b0c0d0e0f10111213")}, {}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(node, ctx)),
            "00"
            "0114"
            "000102030405060708090a0b0c0d0e0f10111213"
            "0000");
  RouteQueryReq opaque{true, {OpaqueId{{0xab}}}, {1, 2}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(opaque)),
            "01"
            "030201ab"
            "00020102");
  RouteQueryReq compressed{false, {CompressedId{0x8001}}, {}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(compressed)),
            "00"
            "8001"
            "0000");
}

TEST(RouteQueryReq, InvalidDestinationIsRejected) {
  auto r = decode_as<RouteQueryReq>(*base::from_hex("00"
                                                    "0000"
                                                    "0000"),
                                    {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().structure, "Destination");
  EXPECT_EQ(r.error().offset, 1u);
}

}  // namespace
}  // namespace disco::reload::msg
