#include "libcommon/sip/msg/validate.hpp"

#include <gtest/gtest.h>

#include <string>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

const std::string notify_head =
    "NOTIFY sip:alice@client.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP focus.example.com;branch=z9hG4bK1\r\n"
    "From: <sip:conf@focus.example.com>;tag=f\r\n"
    "To: <sip:alice@example.com>;tag=t\r\n"
    "Call-ID: c@h\r\n"
    "CSeq: 2 NOTIFY\r\n";

std::optional<Error> check(const std::string& extra) {
  auto m = parse_message(notify_head + extra + "\r\n");
  EXPECT_TRUE(m) << m.error().message();
  if (!m) return Error{};
  return validate(*m);
}

TEST(Validate, AcceptsAWellFormedNotify) {
  EXPECT_FALSE(
      check("Event: conference\r\nSubscription-State: active;expires=60\r\nAllow-Events: conference\r\n"
            "Contact: <sip:conf@focus.example.com>;isfocus\r\nContent-Type: application/conference-info+xml\r\n"
            "Max-Forwards: 70\r\n"));
}

TEST(Validate, NamesTheFieldAtFault) {
  EXPECT_EQ(check("Event: conference;;\r\n"), (Error{make_error_code(errc::invalid_param), "Event"}));
  EXPECT_EQ(check("o: a..b\r\n"), (Error{make_error_code(errc::invalid_event), "Event"}));
  EXPECT_EQ(check("Subscription-State: active;expires=x\r\n"),
            (Error{make_error_code(errc::invalid_subscription_state), "Subscription-State"}));
  EXPECT_EQ(check("Subscription-State: active\r\nSubscription-State: pending\r\n"),
            (Error{make_error_code(errc::duplicate_header), "Subscription-State"}));
  EXPECT_EQ(check("u: conference,\r\n"), (Error{make_error_code(errc::empty_list_element), "Allow-Events"}));
  EXPECT_EQ(check("Max-Forwards: 256\r\n"), (Error{make_error_code(errc::invalid_max_forwards), "Max-Forwards"}));
  EXPECT_EQ(check("Record-Route: sip:p;lr\r\n"), (Error{make_error_code(errc::unterminated_angle), "Record-Route"}));
  EXPECT_EQ(check("c: text\r\n"), (Error{make_error_code(errc::invalid_media_type), "Content-Type"}));
  EXPECT_EQ(check("i: second@h\r\n"), (Error{make_error_code(errc::duplicate_header), "Call-ID"}));
}

TEST(Validate, ResponsesNeedNoRequestLineChecks) {
  auto r = parse_message(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n"
      "Call-ID: x\r\nCSeq: 1 INVITE\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_FALSE(validate(*r));
  r->erase("Via");
  EXPECT_EQ(validate(*r), (Error{make_error_code(errc::missing_header), "Via"}));
}

}  // namespace
}  // namespace disco::sip
