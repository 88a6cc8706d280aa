// The single-value typed headers: CSeq, Call-ID, Max-Forwards, Content-Length, Expires, Date,
// Content-Type, Event, Allow-Events, Subscription-State.

#include <gtest/gtest.h>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/event.hpp"
#include "libcommon/sip/msg/media_type.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/scalar_headers.hpp"
#include "libcommon/sip/msg/subscription_state.hpp"

namespace disco::sip {
namespace {

TEST(CSeqHeader, ParsesAndRoundTrips) {
  EXPECT_EQ(*parse_cseq("4711 INVITE"), (CSeq{4711, "INVITE"}));
  EXPECT_EQ(*parse_cseq(" 0009\r\n  INVITE "), (CSeq{9, "INVITE"}));
  EXPECT_EQ(*parse_cseq("4294967295 ACK"), (CSeq{4294967295u, "ACK"}));
  EXPECT_EQ(to_string(CSeq{1, "SUBSCRIBE"}), "1 SUBSCRIBE");
  EXPECT_EQ(parse_cseq("4294967296 ACK").error(), errc::invalid_cseq);
  EXPECT_EQ(parse_cseq("INVITE").error(), errc::invalid_cseq);
  EXPECT_EQ(parse_cseq("1INVITE").error(), errc::invalid_cseq);
  EXPECT_EQ(parse_cseq("1 INVITE x").error(), errc::invalid_cseq);
  EXPECT_EQ(parse_cseq("-1 INVITE").error(), errc::invalid_cseq);
}

TEST(ScalarHeaders, CallIdMaxForwardsContentLengthExpires) {
  EXPECT_EQ(*parse_call_id(" f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com "),
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com");
  EXPECT_EQ(parse_call_id("a b").error(), errc::invalid_call_id);
  EXPECT_EQ(parse_call_id("a@b@c").error(), errc::invalid_call_id);
  EXPECT_EQ(parse_call_id("@b").error(), errc::invalid_call_id);
  EXPECT_EQ(parse_call_id("").error(), errc::invalid_call_id);
  EXPECT_EQ(*parse_max_forwards("0068"), 68);
  EXPECT_EQ(parse_max_forwards("256").error(), errc::invalid_max_forwards);
  EXPECT_EQ(*parse_content_length("0"), 0u);
  EXPECT_EQ(parse_content_length("-999").error(), errc::invalid_content_length);
  EXPECT_EQ(*parse_delta_seconds("4294967295"), 4294967295u);
  EXPECT_EQ(parse_delta_seconds("4294967296").error(), errc::invalid_expires);
  EXPECT_TRUE(is_sip_date("Sat, 13 Nov 2010 23:29:00 GMT"));
  EXPECT_FALSE(is_sip_date("Sat, 13 Nov 2010 23:29:00 UTC"));
  EXPECT_FALSE(is_sip_date("Sat 13 Nov 2010 23:29:00 GMT"));
}

TEST(MediaTypeHeader, ParsesParametersAndCompares) {
  auto t = parse_media_type("application/conference-info+xml;charset=\"UTF-8\"");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->is("Application", "Conference-Info+XML"));
  EXPECT_EQ(param_value(t->params, "charset"), "UTF-8");
  EXPECT_EQ(to_string(*t), "application/conference-info+xml;charset=\"UTF-8\"");
  EXPECT_EQ(*parse_media_type(to_string(*t)), *t);
  EXPECT_TRUE(parse_media_type("text / plain")->is("text", "plain"));
  EXPECT_EQ(parse_media_type("text").error(), errc::invalid_media_type);
  EXPECT_EQ(parse_media_type("text/").error(), errc::invalid_media_type);
  EXPECT_EQ(parse_media_type("text/plain junk").error(), errc::trailing_characters);
}

TEST(EventHeader, PackageTemplatesAndId) {
  auto e = parse_event("conference;id=1234");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, "conference");
  EXPECT_EQ(e->id(), "1234");
  EXPECT_EQ(to_string(*e), "conference;id=1234");
  EXPECT_EQ(parse_event("presence.winfo")->type, "presence.winfo");
  EXPECT_FALSE(parse_event("dialog")->id());
  EXPECT_EQ(parse_event("presence.").error(), errc::invalid_event);
  EXPECT_EQ(parse_event(".winfo").error(), errc::invalid_event);
  EXPECT_EQ(parse_event("a..b").error(), errc::invalid_event);
  EXPECT_EQ(parse_event("").error(), errc::invalid_event);
  EXPECT_EQ(parse_event("conf;id").value().id(), std::nullopt);
  EXPECT_EQ(parse_event("conf x").error(), errc::trailing_characters);
}

TEST(AllowEventsHeader, ListsAcrossFields) {
  EXPECT_EQ(*parse_allow_events("conference, presence.winfo ,dialog"),
            (std::vector<std::string>{"conference", "presence.winfo", "dialog"}));
  EXPECT_EQ(to_string(std::vector<std::string>{"conference", "dialog"}), "conference, dialog");
  EXPECT_EQ(parse_allow_events("conference,,dialog").error(), errc::empty_list_element);
  EXPECT_EQ(parse_allow_events("conf erence").error(), errc::invalid_event);
  auto m = parse_message("OPTIONS sip:a@b SIP/2.0\r\nu: conference\r\nAllow-Events: dialog, refer\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(*parse_allow_events(*m), (std::vector<std::string>{"conference", "dialog", "refer"}));
}

TEST(SubscriptionStateHeader, StatesAndParameters) {
  auto active = parse_subscription_state("active;expires=3600");
  ASSERT_TRUE(active);
  EXPECT_EQ(active->state(), SubState::active);
  EXPECT_EQ(active->expires(), 3600u);
  EXPECT_FALSE(active->reason());
  auto term = parse_subscription_state("terminated ; reason=timeout ; retry-after=30");
  ASSERT_TRUE(term);
  EXPECT_EQ(term->state(), SubState::terminated);
  EXPECT_EQ(term->reason(), "timeout");
  EXPECT_EQ(term->retry_after(), 30u);
  EXPECT_EQ(to_string(*term), "terminated;reason=timeout;retry-after=30");
  EXPECT_EQ(*parse_subscription_state(to_string(*term)), *term);
  EXPECT_EQ(parse_subscription_state("pending")->state(), SubState::pending);
  EXPECT_EQ(parse_subscription_state("waiting")->state(), SubState::extension);
  EXPECT_EQ(parse_subscription_state("active;expires=soon").error(), errc::invalid_subscription_state);
  EXPECT_EQ(parse_subscription_state("active;expires").error(), errc::invalid_subscription_state);
  EXPECT_EQ(parse_subscription_state("active;retry-after=99999999999").error(), errc::invalid_subscription_state);
  EXPECT_EQ(parse_subscription_state("").error(), errc::invalid_subscription_state);
  EXPECT_EQ(parse_subscription_state("active;;").error(), errc::invalid_param);
}

}  // namespace
}  // namespace disco::sip
