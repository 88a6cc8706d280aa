#include "libcommon/reload/msg/common.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/forwarding_header.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

// The worked examples RFC 6940 gives in its text.

TEST(RfcExamples, ResourceIdFooIs03464f4f) {
  // s6.3.1.1: "the 3-byte value "FOO" would be encoded as: 03 46 4f 4f".
  const auto bytes = test::expect_round_trip(ResourceId{base::to_bytes("FOO")});
  EXPECT_EQ(base::to_hex(bytes), "03464f4f");
}

TEST(RfcExamples, ReloTokenIsReloWithTheHighBitSet) {
  // s6.3.2: 0xd2454c4f, "the string "RELO" with the high bit of the first byte set".
  const std::uint32_t from_text =
      ((std::uint32_t{'R'} | 0x80) << 24) | (std::uint32_t{'E'} << 16) | (std::uint32_t{'L'} << 8) | std::uint32_t{'O'};
  EXPECT_EQ(relo_token, from_text);
  EXPECT_EQ(relo_token, 0xd2454c4fu);
}

TEST(IpAddressPort, Ipv4AndIpv6Encodings) {
  // 192.0.2.1:6084 (the RELOAD port, s14.2): type 1, length 6, address, port.
  EXPECT_EQ(base::to_hex(test::expect_round_trip(IpAddressPort{Ipv4AddrPort{0xc0000201, 6084}})), "0106c000020117c4");
  Ipv6AddrPort v6;
  v6.addr = {0x20, 0x01, 0x0d, 0xb8};
  v6.port = 5060;
  EXPECT_EQ(base::to_hex(test::expect_round_trip(IpAddressPort{v6})),
            "0212"
            "20010db8000000000000000000000000"
            "13c4");
}

TEST(IpAddressPort, UnknownAddressTypeIsCarriedButInvalidTypeRejected) {
  // s6.3.1.1: "This structure can be extended"; its length byte lets a receiver skip the value.
  EXPECT_EQ(base::to_hex(test::expect_round_trip(IpAddressPort{UnknownAddress{7, {1, 2, 3}}})), "0703010203");
  auto r = decode_as<IpAddressPort>(*base::from_hex("0006c000020117c4"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(IpAddressPort, LengthThatDisagreesWithTheTypeIsAnError) {
  auto r = decode_as<IpAddressPort>(*base::from_hex("0107c000020117c400"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  auto short_v4 = decode_as<IpAddressPort>(*base::from_hex("0104c0000201"), {});
  ASSERT_FALSE(short_v4);
  EXPECT_EQ(short_v4.error().code, wire::errc::truncated);
}

}  // namespace
}  // namespace disco::reload::msg
