#include "libcommon/reload/msg/probe.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

template <class T>
wire::DecodeError decode_error(std::string_view hex) {
  auto r = decode_as<T>(*base::from_hex(hex), {});
  EXPECT_FALSE(r.has_value()) << hex;
  return r ? wire::DecodeError{} : r.error();
}

TEST(ProbeReq, GoldenVectorDecodesFieldByField) {
  auto req = test::expect_golden<ProbeReq>("reload/probe_req.hex");
  EXPECT_EQ(req.requested_info,
            (std::vector<ProbeInformationType>{ProbeInformationType::responsible_set,
                                               ProbeInformationType::num_resources, ProbeInformationType::uptime}));
}

TEST(ProbeReq, EmptyAndUnknownRequestedTypesRoundTrip) {
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ProbeReq{})), "00");
  // A responder skips types it does not recognise (s6.4.2.5.2), so they must decode.
  ProbeReq req{{ProbeInformationType::uptime, static_cast<ProbeInformationType>(0x42)}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(req)), "020342");
}

TEST(ProbeReq, InvalidTypeIsRejected) {
  auto e = decode_error<ProbeReq>("020100");
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.structure, "ProbeReq");
  EXPECT_EQ(e.field, "requested_info");
  EXPECT_EQ(e.offset, 2u);
  auto enc = encode_as(ProbeReq{{ProbeInformationType::invalid}}, {});
  ASSERT_FALSE(enc);
  EXPECT_EQ(enc.error().code, wire::errc::invalid_value);
}

TEST(ProbeAns, GoldenVectorDecodesFieldByField) {
  auto ans = test::expect_golden<ProbeAns>("reload/probe_ans.hex");
  ASSERT_EQ(ans.probe_info.size(), 4u);
  EXPECT_EQ(ans.probe_info[0].type(), ProbeInformationType::responsible_set);
  EXPECT_EQ(std::get<ResponsibleSet>(ans.probe_info[0].value).responsible_ppb, 250'000'000u);
  EXPECT_EQ(std::get<NumResources>(ans.probe_info[1].value).num_resources, 42u);
  EXPECT_EQ(std::get<Uptime>(ans.probe_info[2].value).uptime, 3600u);
  const auto& unknown = std::get<UnknownProbeInformation>(ans.probe_info[3].value);
  EXPECT_EQ(unknown.type, 0x7f);
  EXPECT_EQ(base::to_hex(unknown.value), "beef");
  EXPECT_EQ(static_cast<int>(ans.probe_info[3].type()), 0x7f);
}

TEST(ProbeAns, RoundTripsEveryAlternative) {
  ProbeAns ans;
  ans.probe_info = {{ResponsibleSet{1}}, {NumResources{0xffffffff}}, {Uptime{7}}, {UnknownProbeInformation{0xff, {}}}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ans)),
            "0014"
            "010400000001"
            "0204ffffffff"
            "030400000007"
            "ff00");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ProbeAns{})), "0000");
}

TEST(ProbeInformation, TypeZeroIsInvalid) {
  auto e = decode_error<ProbeInformation>("000400000001");
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.field, "type");
  EXPECT_EQ(e.offset, 0u);
}

TEST(ProbeInformation, LengthByteDisagreeingWithAKnownTypeIsLengthMismatch) {
  for (const char* hex : {"03050000000100", "030300000001", "010000000001"}) {
    auto e = decode_error<ProbeInformation>(hex);
    EXPECT_EQ(e.code, wire::errc::length_mismatch) << hex;
    EXPECT_EQ(e.structure, "ProbeInformation");
    EXPECT_EQ(e.field, "length");
    EXPECT_EQ(e.offset, 1u);
  }
  // Inside a ProbeAns the offset still points at the length byte.
  auto e = decode_error<ProbeAns>(
      "0007"
      "0205000000010a");
  EXPECT_EQ(e.code, wire::errc::length_mismatch);
  EXPECT_EQ(e.offset, 3u);
}

TEST(ProbeInformation, UnknownTypeLengthBeyondInputIsTruncated) {
  auto e = decode_error<ProbeInformation>("2005aabb");
  EXPECT_EQ(e.code, wire::errc::truncated);
}

TEST(ProbeInformation, KnownOrInvalidTypeCannotBeEncodedAsUnknown) {
  for (std::uint8_t t : {0, 1, 2, 3}) {
    auto enc = encode_as(ProbeInformation{UnknownProbeInformation{t, {1, 2, 3, 4}}}, {});
    ASSERT_FALSE(enc) << int{t};
    EXPECT_EQ(enc.error().code, wire::errc::invalid_value);
  }
  auto long_value = encode_as(ProbeInformation{UnknownProbeInformation{9, base::Bytes(256, 0)}}, {});
  ASSERT_FALSE(long_value);
  EXPECT_EQ(long_value.error().code, wire::errc::value_too_long);
}

}  // namespace
}  // namespace disco::reload::msg
