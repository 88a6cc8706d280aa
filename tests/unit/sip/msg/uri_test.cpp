#include "libcommon/sip/msg/uri.hpp"

#include <gtest/gtest.h>

#include "libcommon/sip/msg/errc.hpp"

namespace disco::sip {
namespace {

TEST(Uri, ParsesEveryComponent) {
  auto u = parse_uri(
      "sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority="
      "urgent");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_TRUE(u->is_sip());
  EXPECT_TRUE(u->is_sips());
  EXPECT_EQ(u->user, "alice");
  EXPECT_EQ(u->password, "secret");
  EXPECT_EQ(u->host, "atlanta.example.com");
  EXPECT_EQ(u->port, 5061);
  EXPECT_EQ(u->transport(), "tcp");
  EXPECT_TRUE(u->lr());
  EXPECT_EQ(u->maddr(), "239.255.255.1");
  EXPECT_EQ(u->headers, (std::vector<UriHeader>{{"subject", "project x"}, {"priority", "urgent"}}));
}

TEST(Uri, HostForms) {
  EXPECT_EQ(parse_uri("sip:[2001:db8::10]:5070")->host, "[2001:db8::10]");
  EXPECT_EQ(parse_uri("sip:[2001:db8::10]:5070")->port, 5070);
  EXPECT_EQ(parse_uri("sip:user@[2001:db8::10]")->host, "[2001:db8::10]");
  EXPECT_FALSE(parse_uri("sip:user@[2001:db8::10]")->port);
  EXPECT_EQ(parse_uri("sip:192.0.2.1;lr")->host, "192.0.2.1");
  EXPECT_EQ(parse_uri("sip:example.com.")->host, "example.com.");
  // RFC 5118 s4.2: an IPv6 address without brackets is no host.
  EXPECT_EQ(parse_uri("sip:2001:db8::10").error(), errc::invalid_port);
  EXPECT_EQ(parse_uri("sip:[2001:db8::10").error(), errc::invalid_host);
  EXPECT_EQ(parse_uri("sip:[zz]").error(), errc::invalid_host);
  EXPECT_EQ(parse_uri("sip:a@").error(), errc::invalid_host);
  EXPECT_EQ(parse_uri("sip:a b@c").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("sip:host:99999").error(), errc::invalid_port);
  EXPECT_EQ(parse_uri("sip:host:").error(), errc::invalid_port);
  EXPECT_EQ(parse_uri("sip:@host").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("sip:host;;lr").error(), errc::invalid_param);
  EXPECT_EQ(parse_uri("sip:host;x=").error(), errc::invalid_param);
  EXPECT_EQ(parse_uri("sip:us%4ger@host").error(), errc::invalid_escape);
  EXPECT_EQ(parse_uri("sip:user@host%").error(), errc::invalid_host);
  EXPECT_EQ(parse_uri("sip:host?noequals").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("<sip:host>").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("sip:").error(), errc::invalid_host);
}

TEST(Uri, OtherSchemesAreOpaque) {
  auto tel = parse_uri("tel:+1-201-555-0123;phone-context=example.com");
  ASSERT_TRUE(tel);
  EXPECT_FALSE(tel->is_sip());
  EXPECT_EQ(tel->opaque, "+1-201-555-0123;phone-context=example.com");
  EXPECT_EQ(to_string(*tel), "tel:+1-201-555-0123;phone-context=example.com");
  EXPECT_EQ(parse_uri("urn:").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("1x:abc").error(), errc::invalid_uri);
  EXPECT_EQ(parse_uri("x:a<b").error(), errc::invalid_uri);
}

TEST(Uri, RoundTripsEscapingWhatNeedsIt) {
  Uri u;
  u.scheme = "sip";
  u.user = std::string("a@b:c \0d", 8);
  u.password = "p;w";
  u.host = "example.com";
  u.port = 5060;
  u.params = {{"lr", std::nullopt, false}, {"na me", "va%l", false}};
  u.headers = {{"Route", "<sip:x;lr>"}};
  const std::string text = to_string(u);
  EXPECT_EQ(text, "sip:a%40b%3Ac%20%00d:p%3Bw@example.com:5060;lr;na%20me=va%25l?Route=%3Csip:x%3Blr%3E");
  auto again = parse_uri(text);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*again, u);
}

TEST(Uri, ComparisonFollowsRfc3261Section19_1_4) {
  const auto eq = [](std::string_view a, std::string_view b) { return equivalent(*parse_uri(a), *parse_uri(b)); };
  // The s19.1.4 examples of equivalent URIs.
  EXPECT_TRUE(eq("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  EXPECT_TRUE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                 "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
  EXPECT_TRUE(eq("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                 "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
  // And of URIs that are not.
  EXPECT_FALSE(eq("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  // A transport parameter on one side only is ignored, unlike a port.
  EXPECT_TRUE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;security=on;maddr=239.255.255.1"));
  EXPECT_FALSE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
  EXPECT_FALSE(eq("sip:alice@atlanta.com?subject=a", "sip:alice@atlanta.com"));
  EXPECT_FALSE(eq("sip:alice@atlanta.com", "sips:alice@atlanta.com"));
  EXPECT_FALSE(eq("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
  EXPECT_FALSE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;user=phone"));
}

}  // namespace
}  // namespace disco::sip
