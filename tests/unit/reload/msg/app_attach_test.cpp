#include "libcommon/reload/msg/app_attach.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

std::string text(const base::Bytes& b) { return {b.begin(), b.end()}; }

TEST(AppAttachAns, GoldenVectorDecodesFieldByField) {
  auto a = test::expect_golden<AppAttachAns>("reload/app_attach_ans.hex");
  EXPECT_EQ(text(a.ufrag), "Zx9q");
  EXPECT_EQ(text(a.password), "gk3LpQ7vTn2WcR8sYd1Hfa");
  EXPECT_EQ(a.application, application_id::sip);
  EXPECT_EQ(text(a.role), "active");
  ASSERT_EQ(a.candidates.size(), 2u);
  EXPECT_EQ(a.candidates[0].type, CandType::host);
  EXPECT_EQ(a.candidates[0].overlay_link, OverlayLinkType::dtls_udp_sr);
  EXPECT_EQ(text(a.candidates[0].foundation), "a1");
  EXPECT_EQ(a.candidates[1].type, CandType::relay);
  EXPECT_EQ(a.candidates[1].addr_port, (IpAddressPort{Ipv4AddrPort{0xcb007109, 50000}}));
  ASSERT_TRUE(a.candidates[1].rel_addr_port);
  EXPECT_EQ(*a.candidates[1].rel_addr_port, a.candidates[0].addr_port);
  EXPECT_EQ(a.candidates[1].priority, 0x00ffffffu);
}

TEST(AppAttachReq, SharesTheAnswerLayout) {
  const auto bytes = test::load_hex_vector("reload/app_attach_ans.hex");
  auto req = test::expect_golden<AppAttachReq>("reload/app_attach_ans.hex");
  EXPECT_EQ(req.application, 5060);
  EXPECT_EQ(text(req.role), "active");
  EXPECT_EQ(*encode_as(req, {}), bytes);
}

TEST(AppAttachReq, ApplicationPrecedesRoleAndThereIsNoSendUpdate) {
  AppAttachReq req;
  req.ufrag = base::to_bytes("u");
  req.password = base::to_bytes("p");
  req.application = application_id::sips;
  req.role = base::to_bytes("passive");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(req)),
            "0175"
            "0170"
            "13c5"
            "0770617373697665"
            "0000");
}

TEST(AppAttachReq, CandidateErrorsNameTheCandidate) {
  auto bytes = test::load_hex_vector("reload/app_attach_ans.hex");
  // ufrag, password, application, role, candidates length; then addr_port, overlay_link,
  // foundation "a1" and priority of the first candidate.
  const std::size_t cand_type = 5 + 23 + 2 + 7 + 2 + 8 + 1 + 3 + 4;
  ASSERT_EQ(bytes[cand_type], 0x01);
  bytes[cand_type] = 3;
  auto r = decode_as<AppAttachReq>(bytes, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::unknown_type);
  EXPECT_EQ(r.error().structure, "IceCandidate");
  EXPECT_EQ(r.error().offset, cand_type);
}

}  // namespace
}  // namespace disco::reload::msg
