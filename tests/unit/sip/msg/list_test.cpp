#include "libcommon/sip/msg/list.hpp"

#include <gtest/gtest.h>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

using List = std::vector<std::string_view>;

TEST(SplitList, SplitsAtTopLevelCommasOnly) {
  EXPECT_EQ(*split_list("a, b ,c"), (List{"a", "b", "c"}));
  EXPECT_EQ(*split_list(R"("Doe, John" <sip:j@d>, <sip:x@y;p=a,b>;q=1, sip:z@w)"),
            (List{R"("Doe, John" <sip:j@d>)", "<sip:x@y;p=a,b>;q=1", "sip:z@w"}));
  // A quoted-pair hides the DQUOTE after it.
  EXPECT_EQ(*split_list(R"("a \", b" <sip:a@b>, c)"), (List{R"("a \", b" <sip:a@b>)", "c"}));
  // Quotes inside <> do not open a quoted-string, a quoted '<' opens no angle.
  EXPECT_EQ(*split_list(R"("<" <sip:a@b>, "x>" <sip:c@d>)"), (List{R"("<" <sip:a@b>)", R"("x>" <sip:c@d>)"}));
  EXPECT_EQ(*split_list("SIP/2.0/UDP a;received=\"1,2\", SIP/2.0/TCP b"),
            (List{"SIP/2.0/UDP a;received=\"1,2\"", "SIP/2.0/TCP b"}));
  EXPECT_EQ(*split_list("single"), (List{"single"}));
}

TEST(SplitList, RejectsEmptyElementsAndOpenQuotes) {
  EXPECT_EQ(split_list("a,,b").error(), errc::empty_list_element);
  EXPECT_EQ(split_list("a,").error(), errc::empty_list_element);
  EXPECT_EQ(split_list(", a").error(), errc::empty_list_element);
  EXPECT_EQ(split_list("").error(), errc::empty_list_element);
  EXPECT_EQ(split_list("\"a, b").error(), errc::unterminated_quote);
  EXPECT_EQ(split_list("\"a\\").error(), errc::unterminated_quote);
  EXPECT_EQ(split_list("<sip:a@b, c").error(), errc::unterminated_angle);
}

TEST(SplitList, ListValuesSpansFields) {
  auto m = parse_message(
      "OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>, <sip:p2;lr>\r\nSubject: x\r\nRoute: <sip:p3;lr>\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(*list_values(*m, "route"), (List{"<sip:p1;lr>", "<sip:p2;lr>", "<sip:p3;lr>"}));
  auto bad = parse_message("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>,\r\n\r\n");
  ASSERT_TRUE(bad);
  EXPECT_EQ(list_values(*bad, "Route").error(), (Error{make_error_code(errc::empty_list_element), "Route"}));
}

}  // namespace
}  // namespace disco::sip
