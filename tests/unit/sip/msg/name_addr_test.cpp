#include "libcommon/sip/msg/name_addr.hpp"

#include <gtest/gtest.h>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

TEST(NameAddr, QuotedDisplayNameWithEscapes) {
  auto a = parse_name_addr(R"("Alice \"A\" \\ Smith" <sip:alice@atlanta.example.com>;tag=1928301774)");
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->display_name, R"(Alice "A" \ Smith)");
  EXPECT_EQ(a->uri.user, "alice");
  EXPECT_EQ(a->tag(), "1928301774");
}

TEST(NameAddr, TokenDisplayNameAndNoDisplayName) {
  auto a = parse_name_addr("Bob  Smith <sip:bob@b>");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->display_name, "Bob  Smith");
  auto b = parse_name_addr(" <sip:bob@b> ");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->display_name);
  auto empty = parse_name_addr("\"\" <sip:bob@b>");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->display_name, "");
}

TEST(NameAddr, AddrSpecParametersAreHeaderParameters) {
  auto a = parse_name_addr("sip:bob@biloxi.example.com;tag=a6c85cf;expires=60");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->uri.params.empty());
  EXPECT_EQ(a->tag(), "a6c85cf");
  EXPECT_EQ(param_value(a->params, "expires"), "60");
}

TEST(NameAddr, FocusContactAndQuotedParameters) {
  // RFC 4579 s4.2: a focus marks its Contact with isfocus.
  auto a = parse_name_addr(
      "<sip:conf1@focus.example.com;transport=tcp>;isfocus;+sip.instance=\"<urn:uuid:f81d4fae>\";expires=3600");
  ASSERT_TRUE(a);
  EXPECT_TRUE(has_param(a->params, "isfocus"));
  EXPECT_FALSE(find_param(a->params, "isfocus")->value);
  EXPECT_EQ(param_value(a->params, "+sip.instance"), "<urn:uuid:f81d4fae>");
  EXPECT_TRUE(find_param(a->params, "+sip.instance")->quoted);
  EXPECT_EQ(a->uri.transport(), "tcp");
  EXPECT_EQ(to_string(*a),
            "<sip:conf1@focus.example.com;transport=tcp>;isfocus;+sip.instance=\"<urn:uuid:f81d4fae>\";expires=3600");
}

TEST(NameAddr, Errors) {
  EXPECT_EQ(parse_name_addr("\"open <sip:a@b>").error(), errc::unterminated_quote);
  EXPECT_EQ(parse_name_addr("Doe, John <sip:a@b>").error(), errc::invalid_display_name);
  EXPECT_EQ(parse_name_addr("\"x\" sip:a@b").error(), errc::invalid_display_name);
  EXPECT_EQ(parse_name_addr("<sip:a@b").error(), errc::unterminated_angle);
  EXPECT_EQ(parse_name_addr("< sip:a@b >").error(), errc::invalid_uri);
  EXPECT_EQ(parse_name_addr("sip:a@b?x=y").error(), errc::uri_needs_angle_brackets);
  EXPECT_EQ(parse_name_addr("<sip:a@b>;").error(), errc::invalid_param);
  EXPECT_EQ(parse_name_addr("<sip:a@b>;tag=").error(), errc::invalid_param);
  EXPECT_EQ(parse_name_addr("<sip:a@b>;x=\"open").error(), errc::unterminated_quote);
  EXPECT_EQ(parse_name_addr("<sip:a@b> junk").error(), errc::trailing_characters);
  EXPECT_EQ(parse_name_addr("sip:a@b", AddrForm::name_addr).error(), errc::unterminated_angle);
  EXPECT_EQ(parse_name_addr("").error(), errc::invalid_display_name);
}

TEST(NameAddr, RoundTrip) {
  for (std::string_view text :
       {R"("A \"q\"" <sip:a@b:5060;lr>;tag=x;q=0.5)", "sip:bob@b;tag=1", "Bob <sips:[2001:db8::1]:5061>",
        R"(<sip:a@b>;p="with space";flag)", "<tel:+123>", "\"\x01\x7f\" <sip:a@b>"}) {
    auto a = parse_name_addr(text);
    ASSERT_TRUE(a) << text << ": " << a.error().message();
    auto again = parse_name_addr(to_string(*a));
    ASSERT_TRUE(again) << to_string(*a);
    EXPECT_EQ(*again, *a) << text;
  }
}

TEST(Contact, WildcardAndLists) {
  auto star = parse_contact(" * ");
  ASSERT_TRUE(star);
  EXPECT_TRUE(star->wildcard);
  EXPECT_EQ(to_string(*star), "*");
  auto list = parse_contact(
      R"("Mr. Watson" <sip:watson@worcester.example.com>;q=0.7; expires=3600, "Mr. Watson" <mailto:watson@bell-telephone.com> ;q=0.1)");
  ASSERT_TRUE(list) << list.error().message();
  ASSERT_EQ(list->addresses.size(), 2u);
  EXPECT_EQ(param_value(list->addresses[0].params, "expires"), "3600");
  EXPECT_EQ(list->addresses[1].uri.scheme, "mailto");
  EXPECT_EQ(*parse_contact(to_string(*list)), *list);

  auto m = parse_message("REGISTER sip:r SIP/2.0\r\nContact: *\r\nContact: <sip:a@b>\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_FALSE(parse_contacts(*m));
}

TEST(Contact, RouteSetKeepsOrder) {
  auto m = parse_message(
      "BYE sip:a@b SIP/2.0\r\nRecord-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      "Record-Route: <sip:p3.example.com;lr>\r\n\r\n");
  ASSERT_TRUE(m);
  auto rr = parse_route_set(*m, "Record-Route");
  ASSERT_TRUE(rr);
  ASSERT_EQ(rr->size(), 3u);
  EXPECT_EQ((*rr)[2].uri.host, "p3.example.com");
  auto bare = parse_message("BYE sip:a@b SIP/2.0\r\nRoute: sip:p1.example.com;lr\r\n\r\n");
  ASSERT_TRUE(bare);
  EXPECT_EQ(parse_route_set(*bare, "Route").error().code, errc::unterminated_angle);
}

}  // namespace
}  // namespace disco::sip
