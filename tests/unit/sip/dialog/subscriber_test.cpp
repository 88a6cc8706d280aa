#include "libcommon/sip/dialog/subscriber.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

using namespace std::chrono_literals;
namespace act = subscriber_action;

Message parse(const std::string& text) {
  auto m = parse_message(std::string_view(text));
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message()) << "\n" << text;
  return m ? *m : Message{};
}

struct Harness {
  std::mt19937_64 rng{7};
  base::ManualClock clock;
  SubscriberConfig config{"sip:team-conf-alice@example.org",
                          "sip:watcher@example.org",
                          "sip:watcher@127.0.0.1:5070",
                          "conference",
                          "application/conference-info+xml",
                          600,
                          "UDP",
                          "127.0.0.1",
                          5070};
  Subscriber sub{config, rng};
  Message last_subscribe;
  std::uint32_t notify_cseq = 0;

  std::vector<SubscriberAction> actions() { return sub.take_actions(); }

  Message sent() {
    auto a = actions();
    EXPECT_EQ(a.size(), 1u);
    const auto* s = a.empty() ? nullptr : std::get_if<act::SendRequest>(&a.front());
    EXPECT_NE(s, nullptr);
    last_subscribe = s != nullptr ? s->request : Message{};
    return last_subscribe;
  }

  std::string tag_of_subscribe() const { return std::string(*parse_from(last_subscribe)->tag()); }

  Message ok(int code = 200, const std::string& expires = "Expires: 300\r\n") {
    const auto& s = last_subscribe;
    const std::string to = *s.find("To");
    return parse(fmt::format(
        "SIP/2.0 {} Whatever\r\nVia: {}\r\nFrom: {}\r\nTo: {}{}\r\nCall-ID: {}\r\nCSeq: {}\r\n"
        "Contact: <sip:focus@192.0.2.5:5060>;isfocus\r\n{}Content-Length: 0\r\n\r\n",
        code, *s.find("Via"), *s.find("From"), to, to.find("tag=") == std::string::npos ? ";tag=focus1" : "",
        *s.find("Call-ID"), *s.find("CSeq"), expires));
  }

  Message notify(const std::string& state, const std::string& body = "<conference-info/>",
                 const std::string& event = "conference", const std::string& from_tag = "focus1") {
    ++notify_cseq;
    return parse(fmt::format(
        "NOTIFY sip:watcher@127.0.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKn{}\r\n"
        "From: <sip:team-conf-alice@example.org>;tag={}\r\nTo: <sip:watcher@example.org>;tag={}\r\n"
        "Call-ID: {}\r\nCSeq: {} NOTIFY\r\nContact: <sip:focus@192.0.2.5:5060>\r\nEvent: {}\r\n"
        "Subscription-State: {}\r\nContent-Type: application/conference-info+xml\r\nContent-Length: {}\r\n\r\n{}",
        notify_cseq, from_tag, tag_of_subscribe(), *last_subscribe.find("Call-ID"), notify_cseq, event, state,
        body.size(), body));
  }

  int respond(const Message& notify) { return sub.on_notify(notify, clock.now()).status_line()->code; }
};

TEST(Subscriber, InitialSubscribeCarriesWhatRfc6665Requires) {
  Harness h;
  h.sub.start(h.clock.now());
  const auto s = h.sent();
  EXPECT_EQ(s.request_line()->method, "SUBSCRIBE");
  EXPECT_EQ(s.request_line()->uri, "sip:team-conf-alice@example.org");
  EXPECT_EQ(*s.find("Event"), "conference");
  EXPECT_EQ(*s.find("Expires"), "600");
  EXPECT_EQ(*s.find("Accept"), "application/conference-info+xml");
  EXPECT_EQ(*s.find("Contact"), "<sip:watcher@127.0.0.1:5070>");
  EXPECT_NE(s.find("Via")->find(";branch=z9hG4bK"), std::string::npos);
  EXPECT_TRUE(parse_from(s)->tag().has_value());
  EXPECT_FALSE(parse_to(s)->tag().has_value());
  EXPECT_EQ(h.sub.phase(), SubscriptionPhase::subscribing);
}

TEST(Subscriber, TwoHundredEstablishesAndSchedulesARefreshBeforeExpiry) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  auto a = h.actions();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(std::get<act::Established>(a[0]).expires_s, 300u);            // granted, shorter than asked
  EXPECT_EQ(h.sub.next_deadline(), h.clock.now() + Subscriber::timer_n);  // waiting for the first NOTIFY
  EXPECT_EQ(h.respond(h.notify("active;expires=300")), 200);
  h.actions();
  EXPECT_EQ(h.sub.next_deadline(), h.clock.now() + 270s);
  h.clock.advance(269s);
  h.sub.on_timer(h.clock.now());
  EXPECT_TRUE(h.actions().empty());
  h.clock.advance(1s);
  h.sub.on_timer(h.clock.now());
  const auto refresh = h.sent();
  // In the dialog: Request-URI = the notifier's Contact, To carries its tag, CSeq goes up.
  EXPECT_EQ(refresh.request_line()->uri, "sip:focus@192.0.2.5:5060");
  EXPECT_EQ(parse_to(refresh)->tag(), "focus1");
  EXPECT_EQ(parse_cseq(*refresh.find("CSeq"))->number, 2u);
}

TEST(Subscriber, NotifyIsAnsweredAndItsBodyHandedOver) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.actions();
  EXPECT_EQ(h.respond(h.notify("active;expires=300", "<x/>")), 200);
  auto a = h.actions();
  ASSERT_EQ(a.size(), 1u);
  const auto& n = std::get<act::Notified>(a[0]);
  EXPECT_EQ(n.body, "<x/>");
  EXPECT_EQ(n.content_type, "application/conference-info+xml");
  EXPECT_EQ(n.state.state(), SubState::active);
}

TEST(Subscriber, NotifyBeforeTheTwoHundredCreatesTheDialog) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  EXPECT_EQ(h.respond(h.notify("pending;expires=100")), 200);
  ASSERT_TRUE(h.sub.dialog().has_value());
  EXPECT_EQ(h.sub.dialog()->id.remote_tag, "focus1");
  EXPECT_EQ(h.sub.phase(), SubscriptionPhase::pending);
  h.sub.on_response(h.ok(), h.clock.now());
  EXPECT_EQ(h.sub.phase(), SubscriptionPhase::pending);  // the NOTIFY said pending; the 2xx does not change it
}

TEST(Subscriber, BadNotifiesGetTheRightRefusals) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  EXPECT_EQ(h.respond(h.notify("active", "", "presence")), 489);  // RFC 6665 s8.3.2
  EXPECT_EQ(h.respond(h.notify("active", "", "conference", "otherfork")), 481);
  auto n = h.notify("active");
  EXPECT_EQ(h.respond(n), 200);
  EXPECT_EQ(h.respond(n), 500);  // same CSeq again: out of order (RFC 3261 s12.2.2)
  auto missing_state = h.notify("active");
  missing_state.erase("Subscription-State");
  EXPECT_EQ(h.respond(missing_state), 400);
}

TEST(Subscriber, TerminatedByTheNotifierEndsWithItsReason) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.actions();
  EXPECT_EQ(h.respond(h.notify("terminated;reason=noresource")), 200);
  auto a = h.actions();
  ASSERT_EQ(a.size(), 2u);
  const auto& e = std::get<act::Ended>(a[1]);
  EXPECT_EQ(e.reason, "noresource");
  EXPECT_TRUE(e.by_notifier);
  EXPECT_EQ(h.sub.phase(), SubscriptionPhase::terminated);
  EXPECT_FALSE(h.sub.next_deadline().has_value());
}

TEST(Subscriber, UnsubscribeSendsExpiresZeroAndEndsOnTheFinalNotify) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.actions();
  h.sub.unsubscribe(h.clock.now());
  const auto s = h.sent();
  EXPECT_EQ(*s.find("Expires"), "0");
  h.sub.on_response(h.ok(200, "Expires: 0\r\n"), h.clock.now());
  EXPECT_TRUE(h.actions().empty());
  EXPECT_EQ(h.respond(h.notify("terminated;reason=timeout")), 200);
  auto a = h.actions();
  const auto& e = std::get<act::Ended>(a.back());
  EXPECT_EQ(e.reason, "unsubscribed");
  EXPECT_FALSE(e.by_notifier);
}

TEST(Subscriber, UnsubscribeGivesUpWaitingForTheFinalNotify) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.actions();
  h.sub.unsubscribe(h.clock.now());
  h.sent();
  EXPECT_EQ(h.sub.next_deadline(), h.clock.now() + Subscriber::unsubscribe_grace);
  h.clock.advance(Subscriber::unsubscribe_grace);
  h.sub.on_timer(h.clock.now());
  EXPECT_EQ(std::get<act::Ended>(h.actions().at(0)).reason, "unsubscribed");
}

TEST(Subscriber, RefusedOrUnansweredSubscribeEnds) {
  Harness refused;
  refused.sub.start(refused.clock.now());
  refused.sent();
  refused.sub.on_response(refused.ok(403), refused.clock.now());
  EXPECT_EQ(std::get<act::Ended>(refused.actions().at(0)).code, 403);

  Harness silent;
  silent.sub.start(silent.clock.now());
  silent.sent();
  silent.sub.on_request_failed(silent.clock.now());
  EXPECT_EQ(std::get<act::Ended>(silent.actions().at(0)).code, 408);
}

TEST(Subscriber, ExpiresWhenNoRefreshSucceeds) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.respond(h.notify("active;expires=300"));
  h.actions();
  h.clock.advance(270s);
  h.sub.on_timer(h.clock.now());
  h.sent();                                     // the refresh
  h.sub.on_response(h.ok(503), h.clock.now());  // refused: still valid until it expires
  EXPECT_TRUE(h.actions().empty());
  h.clock.advance(30s);
  h.sub.on_timer(h.clock.now());
  EXPECT_EQ(std::get<act::Ended>(h.actions().at(0)).reason, "expired");
}

TEST(Subscriber, NoNotifyWithinTimerNFailsTheSubscription) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.actions();
  h.clock.advance(Subscriber::timer_n);
  h.sub.on_timer(h.clock.now());
  EXPECT_EQ(std::get<act::Ended>(h.actions().at(0)).code, 408);
}

TEST(Subscriber, ANotifyThatShortensTheSubscriptionMovesTheRefresh) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());  // 300 s granted: refresh at 270 s
  h.respond(h.notify("active;expires=300"));
  h.actions();
  EXPECT_EQ(h.respond(h.notify("active;expires=20")), 200);
  EXPECT_EQ(h.sub.next_deadline(), h.clock.now() + 10s);
}

TEST(Subscriber, RefreshFailuresThatMeanGoneEndTheSubscription) {
  Harness h;
  h.sub.start(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(), h.clock.now());
  h.respond(h.notify("active;expires=300"));
  h.actions();
  h.sub.refresh(h.clock.now());
  h.sent();
  h.sub.on_response(h.ok(404), h.clock.now());
  EXPECT_EQ(std::get<act::Ended>(h.actions().at(0)).code, 404);
  EXPECT_TRUE(Subscriber::refresh_failure_ends_subscription(489));
  EXPECT_FALSE(Subscriber::refresh_failure_ends_subscription(503));
}

TEST(Subscriber, RefreshDelayIsHalfForShortGrantsAndThirtySecondsEarlyForLongOnes) {
  EXPECT_EQ(Subscriber::refresh_delay(2), std::chrono::milliseconds(1000));
  EXPECT_EQ(Subscriber::refresh_delay(60), std::chrono::seconds(30));
  EXPECT_EQ(Subscriber::refresh_delay(3600), std::chrono::seconds(3570));
}

}  // namespace
}  // namespace disco::sip
