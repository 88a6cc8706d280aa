#include "libcommon/sip/msg/via.hpp"

#include <gtest/gtest.h>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

TEST(Via, ParsesSentByAndParameters) {
  auto v = parse_via(
      "SIP/2.0/UDP "
      "pc33.atlanta.example.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5066;ttl=16;maddr=224.2.0.1");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->protocol_name, "SIP");
  EXPECT_EQ(v->protocol_version, "2.0");
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host, "pc33.atlanta.example.com");
  EXPECT_EQ(v->port, 5066);
  EXPECT_EQ(v->branch(), "z9hG4bK776asdhds");
  EXPECT_EQ(v->received(), "192.0.2.1");
  EXPECT_TRUE(v->has_rport());
  EXPECT_EQ(v->rport(), 5066);
  EXPECT_EQ(v->ttl(), 16);
  EXPECT_EQ(v->maddr(), "224.2.0.1");
}

TEST(Via, LwsAroundSeparatorsAndIpv6) {
  auto v = parse_via("SIP  /  2.0 /\r\n TCP   [2001:db8::9:1] : 5061 ; branch = z9hG4bKx ; rport");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->transport, "TCP");
  EXPECT_EQ(v->host, "[2001:db8::9:1]");
  EXPECT_EQ(v->port, 5061);
  EXPECT_TRUE(v->has_rport());
  EXPECT_FALSE(v->rport());
  // RFC 5118 s4.5: received as a bare IPv6 address, and as a reference.
  EXPECT_EQ(parse_via("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3")->received(),
            "2001:db8::9:255");
  EXPECT_EQ(parse_via("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3")->received(),
            "[2001:db8::9:255]");
}

TEST(Via, Errors) {
  EXPECT_EQ(parse_via("SIP/2.0 host").error(), errc::invalid_via);
  EXPECT_EQ(parse_via("SIP/2.0/UDP").error(), errc::invalid_via);
  EXPECT_EQ(parse_via("SIP/2.0/UDPhost").error(), errc::invalid_via);
  EXPECT_EQ(parse_via("SIP/2.0/UDP ;branch=x").error(), errc::invalid_host);
  EXPECT_EQ(parse_via("SIP/2.0/UDP [2001:db8::1").error(), errc::invalid_host);
  EXPECT_EQ(parse_via("SIP/2.0/UDP host:70000").error(), errc::invalid_port);
  EXPECT_EQ(parse_via("SIP/2.0/UDP host:").error(), errc::invalid_port);
  EXPECT_EQ(parse_via("SIP/2.0/UDP 192.0.2.15;;").error(), errc::invalid_param);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;ttl=256").error(), errc::invalid_param);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;rport=x").error(), errc::invalid_param);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;received=example.com").error(), errc::invalid_param);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;branch").error(), errc::invalid_param);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h;branch=\"quoted\"").error(), errc::invalid_param);
  EXPECT_EQ(parse_via("SIP/2.0/UDP h extra").error(), errc::trailing_characters);
}

TEST(Via, RoundTripAndMessageLevel) {
  auto v = parse_via("SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKabc;rport;x=\"y z\"");
  ASSERT_TRUE(v);
  EXPECT_EQ(to_string(*v), "SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKabc;rport;x=\"y z\"");
  EXPECT_EQ(*parse_via(to_string(*v)), *v);

  auto m = parse_message(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP one;branch=z9hG4bK1, SIP/2.0/UDP two;branch=z9hG4bK2\r\n"
      "v: SIP/2.0/TCP three;branch=z9hG4bK3\r\n\r\n");
  ASSERT_TRUE(m);
  auto vias = parse_vias(*m);
  ASSERT_TRUE(vias);
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_EQ((*vias)[0].host, "one");
  EXPECT_EQ((*vias)[2].transport, "TCP");
}

TEST(Via, MagicCookie) {
  EXPECT_TRUE(is_rfc3261_branch("z9hG4bK776asdhds"));
  EXPECT_FALSE(is_rfc3261_branch("z9hG4bK"));
  EXPECT_FALSE(is_rfc3261_branch("Z9HG4BK776"));
  EXPECT_FALSE(is_rfc3261_branch("390skdjuw"));
}

}  // namespace
}  // namespace disco::sip
