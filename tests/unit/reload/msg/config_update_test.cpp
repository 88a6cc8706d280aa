#include "libcommon/reload/msg/config_update.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

std::string text(const base::Bytes& b) { return {b.begin(), b.end()}; }

wire::DecodeError decode_error(const base::Bytes& bytes) {
  auto r = decode_as<ConfigUpdateReq>(bytes, {});
  EXPECT_FALSE(r.has_value());
  return r ? wire::DecodeError{} : r.error();
}

TEST(ConfigUpdateReq, GoldenKindVectorDecodesFieldByField) {
  auto req = test::expect_golden<ConfigUpdateReq>("reload/config_update_req.hex");
  EXPECT_EQ(req.type(), ConfigUpdateType::kind);
  const auto& kinds = std::get<ConfigUpdateKinds>(req.value).kinds;
  ASSERT_EQ(kinds.size(), 2u);
  EXPECT_EQ(kinds[0].size(), 245u);
  EXPECT_EQ(text(kinds[0]).substr(0, 41), "<kind-block><kind name=\"SIP-REGISTRATION\"");
  EXPECT_EQ(kinds[1].size(), 272u);
  EXPECT_EQ(text(kinds[1]).substr(0, 28), "<kind-block><kind id=\"2000\">");
  EXPECT_EQ(text(kinds[1]).substr(272 - 13), "</kind-block>");
}

TEST(ConfigUpdateReq, ConfigTypeLengthCoversTheOpaquePrefix) {
  ConfigUpdateReq req{ConfigUpdateConfig{base::to_bytes("hello")}};
  EXPECT_EQ(req.type(), ConfigUpdateType::config);
  EXPECT_EQ(base::to_hex(test::expect_round_trip(req)),
            "01"
            "00000008"
            "000005"
            "68656c6c6f");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ConfigUpdateReq{ConfigUpdateKinds{}})),
            "02"
            "00000003"
            "000000");
}

TEST(ConfigUpdateReq, UnknownTypeIsCarriedVerbatim) {
  auto bytes = *base::from_hex(
      "09"
      "00000003"
      "616263");
  auto req = decode_as<ConfigUpdateReq>(bytes, {});
  ASSERT_TRUE(req) << req.error().message();
  EXPECT_EQ(static_cast<int>(req->type()), 9);
  EXPECT_EQ(text(std::get<UnknownConfigUpdate>(req->value).data), "abc");
  EXPECT_EQ(*encode_as(*req, {}), bytes);
  test::expect_every_prefix_truncated<ConfigUpdateReq>(bytes, {});
}

TEST(ConfigUpdateReq, InvalidTypeIsRejected) {
  auto e =
      decode_error(*base::from_hex("00"
                                   "00000003"
                                   "000000"));
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.field, "type");
  EXPECT_EQ(e.offset, 0u);
  for (std::uint8_t t : {0, 1, 2}) {
    auto enc = encode_as(ConfigUpdateReq{UnknownConfigUpdate{t, {}}}, {});
    ASSERT_FALSE(enc) << int{t};
    EXPECT_EQ(enc.error().code, wire::errc::invalid_value);
  }
}

TEST(ConfigUpdateReq, LengthDisagreeingWithTheBodyIsLengthMismatch) {
  const auto golden = test::load_hex_vector("reload/config_update_req.hex");
  for (std::uint8_t low : {0x0b, 0x0d, 0x00}) {
    auto bytes = golden;
    bytes[4] = low;
    auto e = decode_error(bytes);
    EXPECT_EQ(e.code, wire::errc::length_mismatch) << int{low};
    EXPECT_EQ(e.structure, "ConfigUpdateReq");
    EXPECT_EQ(e.field, "length");
    EXPECT_EQ(e.offset, 1u);
  }
  auto e =
      decode_error(*base::from_hex("01"
                                   "00000007"
                                   "000005"
                                   "68656c6c6f"));
  EXPECT_EQ(e.code, wire::errc::length_mismatch);
}

TEST(ConfigUpdateReq, KindListCutInsideAKindDescriptionIsTruncated) {
  // kinds says 3 bytes, its one KindDescription says 2 more follow: only 1 does.
  auto e =
      decode_error(*base::from_hex("02"
                                   "00000006"
                                   "000003"
                                   "000261"));
  EXPECT_EQ(e.code, wire::errc::truncated);
  EXPECT_EQ(e.field, "KindDescription");
}

TEST(ConfigUpdateAns, IsEmpty) {
  EXPECT_TRUE(test::expect_round_trip(ConfigUpdateAns{}).empty());
  auto r = decode_as<ConfigUpdateAns>(*base::from_hex("00"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  EXPECT_EQ(r.error().structure, "ConfigUpdateAns");
  EXPECT_EQ(r.error().offset, 0u);
}

}  // namespace
}  // namespace disco::reload::msg
