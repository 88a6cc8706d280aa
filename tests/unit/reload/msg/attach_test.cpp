#include "libcommon/reload/msg/attach.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

// Offsets into attach_req.hex: ufrag (5) + password (23) + role (8) + candidates length (2).
constexpr std::size_t first_candidate = 38;
constexpr std::size_t first_overlay_link = first_candidate + 8;
constexpr std::size_t first_cand_type = first_candidate + 15;

std::string text(const base::Bytes& b) { return {b.begin(), b.end()}; }

IpAddressPort v4(std::uint32_t addr, std::uint16_t port) { return {Ipv4AddrPort{addr, port}}; }

wire::DecodeError attach_error(const base::Bytes& bytes) {
  auto r = decode_as<AttachReqAns>(bytes, {});
  EXPECT_FALSE(r.has_value());
  return r ? wire::DecodeError{} : r.error();
}

TEST(AttachReqAns, GoldenVectorDecodesFieldByField) {
  auto a = test::expect_golden<AttachReqAns>("reload/attach_req.hex");
  EXPECT_EQ(text(a.ufrag), "8hhY");
  EXPECT_EQ(text(a.password), "asd88fgpdd777uzjYhagZg");
  EXPECT_EQ(text(a.role), "passive");
  EXPECT_TRUE(a.send_update);
  ASSERT_EQ(a.candidates.size(), 3u);

  const auto& host = a.candidates[0];
  EXPECT_EQ(host.addr_port, v4(0xc0000201, 6084));
  EXPECT_EQ(host.overlay_link, OverlayLinkType::tls_tcp_fh_no_ice);
  EXPECT_EQ(text(host.foundation), "1");
  EXPECT_EQ(host.priority, 0x7effffffu);
  EXPECT_EQ(host.type, CandType::host);
  EXPECT_FALSE(host.rel_addr_port.has_value());
  EXPECT_TRUE(host.extensions.empty());

  const auto& srflx = a.candidates[1];
  EXPECT_EQ(srflx.addr_port, v4(0xc6336407, 49152));
  EXPECT_EQ(srflx.type, CandType::srflx);
  EXPECT_EQ(srflx.priority, 0x64ffffffu);
  ASSERT_TRUE(srflx.rel_addr_port.has_value());
  EXPECT_EQ(*srflx.rel_addr_port, host.addr_port);

  const auto& v6 = a.candidates[2];
  const auto& addr = std::get<Ipv6AddrPort>(v6.addr_port.value);
  EXPECT_EQ(base::to_hex(addr.addr), "20010db8000000000000000000000001");
  EXPECT_EQ(addr.port, 6084);
  EXPECT_EQ(v6.type, CandType::host);
  ASSERT_EQ(v6.extensions.size(), 1u);
  EXPECT_EQ(text(v6.extensions[0].name), "generation");
  EXPECT_EQ(text(v6.extensions[0].value), "0");

  for (const auto& c : a.candidates) EXPECT_TRUE(is_no_ice(c.overlay_link));
}

TEST(AttachReqAns, RoundTripsRelayAndEmptyAnswer) {
  AttachReqAns ans;
  ans.role = base::to_bytes("active");
  IceCandidate relay;
  relay.addr_port = {Ipv6AddrPort{{0x20, 0x01, 0x0d, 0xb8}, 3478}};
  relay.overlay_link = OverlayLinkType::dtls_udp_sr;
  relay.type = CandType::relay;
  relay.rel_addr_port = v4(0x0a000001, 1234);
  relay.extensions = {{base::to_bytes("a"), {}}, {{}, base::to_bytes("b")}};
  ans.candidates = {relay};
  test::expect_round_trip(ans);
  EXPECT_EQ(base::to_hex(test::expect_round_trip(AttachReqAns{})),
            "000000"
            "0000"
            "00");
}

TEST(AttachReqAns, MixingIceAndNoIceIsNotTheCodecsBusiness) {
  // s6.5.1.1 forbids it, but that is for the Attach logic to reject, with an error response.
  AttachReqAns a;
  IceCandidate ice;
  ice.addr_port = v4(1, 2);
  ice.overlay_link = OverlayLinkType::dtls_udp_sr;
  IceCandidate no_ice = ice;
  no_ice.overlay_link = OverlayLinkType::dtls_udp_sr_no_ice;
  a.candidates = {ice, no_ice};
  test::expect_round_trip(a);
  EXPECT_FALSE(is_no_ice(OverlayLinkType::dtls_udp_sr));
  EXPECT_FALSE(is_no_ice(OverlayLinkType::exp_link));
}

TEST(IceCandidate, InvalidCandTypeIsInvalidValue) {
  auto bytes = test::load_hex_vector("reload/attach_req.hex");
  bytes[first_cand_type] = 0;
  auto e = attach_error(bytes);
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.structure, "IceCandidate");
  EXPECT_EQ(e.field, "type");
  EXPECT_EQ(e.offset, first_cand_type);
}

TEST(IceCandidate, ReservedAndUndefinedCandTypesAreUnknownType) {
  for (std::uint8_t t : {3, 5, 0xff}) {
    auto bytes = test::load_hex_vector("reload/attach_req.hex");
    bytes[first_cand_type] = t;
    auto e = attach_error(bytes);
    EXPECT_EQ(e.code, wire::errc::unknown_type) << int{t};
    EXPECT_EQ(e.field, "type");
    EXPECT_EQ(e.offset, first_cand_type);
  }
}

TEST(IceCandidate, OverlayLinkZeroIsRejectedAndUnregisteredValuesKept) {
  auto bytes = test::load_hex_vector("reload/attach_req.hex");
  bytes[first_overlay_link] = 0;
  auto e = attach_error(bytes);
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.field, "overlay_link");
  EXPECT_EQ(e.offset, first_overlay_link);

  bytes[first_overlay_link] = 0x77;
  auto a = decode_as<AttachReqAns>(bytes, {});
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(static_cast<int>(a->candidates[0].overlay_link), 0x77);
  EXPECT_EQ(*encode_as(*a, {}), bytes);
}

TEST(IceCandidate, RelAddrPortMustMatchTheType) {
  IceCandidate host;
  host.addr_port = v4(1, 2);
  host.rel_addr_port = v4(3, 4);
  auto e = encode_as(host, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::invalid_value);
  EXPECT_EQ(e.error().field, "rel_addr_port");

  IceCandidate srflx;
  srflx.addr_port = v4(1, 2);
  srflx.type = CandType::srflx;
  e = encode_as(srflx, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field, "rel_addr_port");

  IceCandidate reserved = host;
  reserved.type = static_cast<CandType>(3);
  e = encode_as(reserved, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::unknown_type);

  IceCandidate no_link;
  no_link.overlay_link = OverlayLinkType::invalid;
  e = encode_as(no_link, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field, "overlay_link");
}

TEST(AttachReqAns, SendUpdateMustBeABoolean) {
  auto bytes = test::load_hex_vector("reload/attach_req.hex");
  bytes.back() = 2;
  auto e = attach_error(bytes);
  EXPECT_EQ(e.code, wire::errc::invalid_value);
  EXPECT_EQ(e.structure, "AttachReqAns");
  EXPECT_EQ(e.field, "send_update");
  EXPECT_EQ(e.offset, bytes.size() - 1);
}

TEST(AttachReqAns, CandidateListShorterThanItsCandidatesIsAnError) {
  auto bytes = test::load_hex_vector("reload/attach_req.hex");
  bytes[first_candidate - 1] = 0x58;  // 88 bytes: the last candidate loses its final byte
  auto e = attach_error(bytes);
  EXPECT_EQ(e.code, wire::errc::truncated);
}

}  // namespace
}  // namespace disco::reload::msg
