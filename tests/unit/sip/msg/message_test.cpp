#include "libcommon/sip/msg/message.hpp"

#include <gtest/gtest.h>

#include "libcommon/sip/msg/header_names.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

TEST(HeaderNames, CompactFormsExpand) {
  const std::pair<std::string_view, std::string_view> forms[] = {
      {"i", "Call-ID"},
      {"f", "From"},
      {"m", "Contact"},
      {"e", "Content-Encoding"},
      {"l", "Content-Length"},
      {"c", "Content-Type"},
      {"k", "Supported"},
      {"s", "Subject"},
      {"t", "To"},
      {"v", "Via"},
      {"o", "Event"},
      {"u", "Allow-Events"},
      {"r", "Refer-To"},
      {"x", "Session-Expires"},
      {"y", "Identity"},
      {"b", "Referred-By"},
  };
  for (const auto& [compact, full] : forms) {
    EXPECT_EQ(expand_compact_form(compact), full);
    EXPECT_EQ(canonical_name(compact), full);
    std::string upper(compact);
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    EXPECT_TRUE(same_header_name(upper, full)) << upper;
  }
  EXPECT_EQ(expand_compact_form("z"), "z");
  EXPECT_EQ(canonical_name("cSEQ"), "CSeq");
  EXPECT_EQ(canonical_name("call-id"), "Call-ID");
  EXPECT_EQ(canonical_name("X-Unknown"), "X-Unknown");
  EXPECT_FALSE(same_header_name("Via", "Vias"));
}

TEST(Message, LookupMatchesCompactFormsAndCase) {
  auto m = parse_message(
      "NOTIFY sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP one;branch=z9hG4bK1\r\nVIA: SIP/2.0/UDP two;branch=z9hG4bK2\r\n"
      "o: conference\r\nu: conference, dialog\r\ni: abc@h\r\nl: 0\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->count("Via"), 2u);
  EXPECT_EQ(m->find_all("via"),
            (std::vector<std::string_view>{"SIP/2.0/UDP one;branch=z9hG4bK1", "SIP/2.0/UDP two;branch=z9hG4bK2"}));
  EXPECT_EQ(*m->find("Event"), "conference");
  EXPECT_EQ(*m->find("Allow-Events"), "conference, dialog");
  EXPECT_EQ(*m->find("CALL-ID"), "abc@h");
  EXPECT_EQ(m->find("Contact"), nullptr);
}

TEST(Message, SetAddErase) {
  Message m;
  m.add("Route", "<sip:p1;lr>");
  m.add("Subject", "s");
  m.add("route", "<sip:p2;lr>");
  m.set("ROUTE", "<sip:p3;lr>");
  ASSERT_EQ(m.headers.size(), 2u);
  EXPECT_EQ(m.headers[0].value, "<sip:p3;lr>");
  m.set("Expires", "60");
  EXPECT_EQ(*m.find("expires"), "60");
  EXPECT_EQ(m.erase("subject"), 1u);
  EXPECT_EQ(m.erase("subject"), 0u);
  EXPECT_EQ(m.headers.size(), 2u);
}

TEST(Message, HeadersCompareByFieldNameNotSpelling) {
  EXPECT_EQ((Header{"t", "sip:a@b"}), (Header{"To", "sip:a@b"}));
  EXPECT_NE((Header{"To", "sip:a@b"}), (Header{"From", "sip:a@b"}));
  EXPECT_NE((Header{"To", "sip:a@b"}), (Header{"To", "sip:a@c"}));
}

}  // namespace
}  // namespace disco::sip
