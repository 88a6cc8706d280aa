#include "libcommon/reload/msg/forwarding_header.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

NodeId node(std::string_view hex) { return *NodeId::from_hex(hex); }

TEST(ForwardingHeader, GoldenVectorDecodesFieldByField) {
  auto h = test::expect_golden<ForwardingHeader>("reload/forwarding_header.hex");
  EXPECT_EQ(h.overlay, 0x9aa32b8du);
  EXPECT_EQ(h.configuration_sequence, 1);
  EXPECT_EQ(h.version, 0x0a);
  EXPECT_EQ(h.ttl, 100);
  EXPECT_EQ(h.fragment, unfragmented);
  EXPECT_FALSE(h.is_fragment());
  EXPECT_EQ(h.length, 101u);
  EXPECT_EQ(h.transaction_id, 0x0102030405060708u);
  ASSERT_EQ(h.via_list.size(), 1u);
  EXPECT_EQ(std::get<NodeId>(h.via_list[0].value), node("00112233445566778899aabbccddeeff"));
  ASSERT_EQ(h.destination_list.size(), 2u);
  EXPECT_EQ(std::get<NodeId>(h.destination_list[0].value), node("f0e0d0c0b0a090807060504030201000"));
  EXPECT_EQ(std::get<ResourceId>(h.destination_list[1].value).to_hex(), "45a6b241a242c97f0492d382c390dfa3");
  ASSERT_EQ(h.options.size(), 1u);
  EXPECT_EQ(h.options[0].type, 1);
  EXPECT_EQ(h.options[0].flags, forward_critical);
  EXPECT_EQ(base::to_hex(h.options[0].value), "deadbeef");
}

TEST(ForwardingHeader, CompressedAndOpaqueDestinations) {
  auto h = test::expect_golden<ForwardingHeader>("reload/forwarding_header_compressed.hex");
  ASSERT_EQ(h.via_list.size(), 2u);
  EXPECT_EQ(std::get<CompressedId>(h.via_list[0].value).id, 0x8123);
  EXPECT_EQ(base::to_hex(std::get<OpaqueId>(h.via_list[1].value).id), "aa");
  EXPECT_EQ(h.ttl, 99);
}

ForwardingHeader sample() {
  ForwardingHeader h;
  h.overlay = 0x9aa32b8d;
  h.transaction_id = 42;
  h.destination_list.push_back({node("f0e0d0c0b0a090807060504030201000")});
  return h;
}

base::Bytes encoded_sample() { return *encode_as(sample(), CodecContext{}); }

TEST(ForwardingHeader, BadTokenIsRejected) {
  auto b = encoded_sample();
  b[0] = 0x52;  // "RELO" without the high bit
  auto r = decode_as<ForwardingHeader>(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::bad_token);
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(ForwardingHeader, OtherVersionsAreRejected) {
  auto b = encoded_sample();
  b[10] = 0x01;  // the pre-RFC "0.1"
  auto r = decode_as<ForwardingHeader>(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unsupported_version);
  EXPECT_EQ(r.error().field, "version");
  EXPECT_EQ(r.error().offset, 10u);
}

TEST(ForwardingHeader, FragmentHighBitClearIsRejected) {
  auto b = encoded_sample();
  b[12] = 0x40;
  auto r = decode_as<ForwardingHeader>(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::fragment_bit_clear);
}

TEST(ForwardingHeader, LengthAboveMaxMessageSizeIsRejected) {
  auto b = encoded_sample();
  b[16] = 0x00;
  b[17] = 0x01;  // 65536 + ...
  auto r = decode_as<ForwardingHeader>(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::message_too_large);
}

TEST(ForwardingHeader, ListLengthBeyondInputIsTruncated) {
  auto b = encoded_sample();
  b[35] = 0x40;  // destination_list_length 64, only 18 bytes follow
  auto r = decode_as<ForwardingHeader>(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::truncated);
  EXPECT_EQ(r.error().field, "destination_list");
}

TEST(ForwardingHeader, NodeIdLengthFollowsTheOverlay) {
  CodecContext ctx;
  ctx.node_id_length = 20;
  ForwardingHeader h;
  h.destination_list.push_back({*NodeId::from_hex("000102030405060708090a0b0c0d0e0f10111213")});
  auto bytes = test::expect_round_trip(h, ctx);
  EXPECT_EQ(bytes.size(), 38u + 22u);
  // A 16-byte Node-ID in a 20-byte overlay cannot be encoded.
  ForwardingHeader wrong;
  wrong.destination_list.push_back({node("f0e0d0c0b0a090807060504030201000")});
  auto e = encode_as(wrong, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, errc::bad_node_id_length);
}

TEST(Destination, NodeEntryWithWrongInnerLengthIsAnError) {
  // type node, length 17, but the overlay's Node-IDs are 16 bytes.
  auto b = *base::from_hex(
      "0111"
      "00112233445566778899aabbccddeeff"
      "00");
  auto r = decode_as<Destination>(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
}

TEST(Destination, UnknownTypeIsKeptVerbatimAndInvalidTypeRejected) {
  auto unknown = test::expect_round_trip(Destination{UnknownDestination{0x10, {1, 2, 3}}});
  EXPECT_EQ(base::to_hex(unknown), "1003010203");
  auto r = decode_as<Destination>(*base::from_hex("0000"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
}

TEST(ForwardingOption, TypeZeroIsInvalid) {
  auto r = decode_as<ForwardingOption>(*base::from_hex("00000000"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
}

}  // namespace
}  // namespace disco::reload::msg
