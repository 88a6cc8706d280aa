#include "libcommon/sip/dialog/notifier.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "libcommon/sip/dialog/subscriber.hpp"
#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/msg/subscription_state.hpp"

namespace disco::sip {
namespace {

using namespace std::chrono_literals;
namespace act = notifier_action;

Message parse(const std::string& text) {
  auto m = parse_message(std::string_view(text));
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message()) << "\n" << text;
  return m ? *m : Message{};
}

int code_of(const Message& response) { return response.status_line() != nullptr ? response.status_line()->code : 0; }
std::uint32_t cseq_of(const Message& m) { return parse_cseq(*m.find("CSeq"))->number; }
std::string state_of(const Message& notify) { return *notify.find("Subscription-State"); }

NotifierConfig test_config() {
  NotifierConfig c;
  c.contact_uri = "sip:conf@192.0.2.5:5060";
  c.default_expires_s = 1800;
  c.min_expires_s = 60;
  c.max_expires_s = 3600;
  c.min_notify_interval = base::Duration::zero();
  c.via_host = "192.0.2.5";
  c.via_port = 5062;
  return c;
}

// One watcher's side of the conversation, written by hand so that every header is under the test's control.
struct Watcher {
  Watcher(std::string call, std::string from_tag) : call_id(std::move(call)), tag(std::move(from_tag)) {}

  std::string call_id;
  std::string tag;
  std::string contact = "sip:watcher@198.51.100.7:5070";
  std::string notifier_tag;  // learnt from the 200
  std::uint32_t cseq = 0;

  Message subscribe(const std::string& expires = "Expires: 600\r\n", const std::string& event = "conference",
                    const std::string& extra = {}) {
    ++cseq;
    return parse(fmt::format(
        "SUBSCRIBE sip:conf@example.org SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bK{}x{}\r\n"
        "Max-Forwards: 70\r\nFrom: <sip:watcher@example.org>;tag={}\r\nTo: <sip:conf@example.org>{}\r\n"
        "Call-ID: {}\r\nCSeq: {} SUBSCRIBE\r\nContact: <{}>\r\nEvent: {}\r\n{}{}Content-Length: 0\r\n\r\n",
        tag, cseq, tag, notifier_tag.empty() ? "" : ";tag=" + notifier_tag, call_id, cseq, contact, event, expires,
        extra));
  }

  void learn(const Message& ok) { notifier_tag = std::string(parse_to(ok)->tag().value_or("")); }
};

struct Harness {
  std::mt19937_64 rng{11};
  base::ManualClock clock;
  std::string full = "<conference-info state=\"full\"/>";
  int full_calls = 0;
  NotifierConfig config;
  Notifier n;

  explicit Harness(NotifierConfig c = test_config())
      : config(c), n(std::move(c), rng, [this](const SubscriptionKey&) {
          ++full_calls;
          return full;
        }) {}

  std::vector<NotifierAction> actions() { return n.take_actions(); }

  // The NOTIFYs among the pending actions, in order.
  std::vector<act::SendNotify> notifies() {
    std::vector<act::SendNotify> out;
    for (auto& a : actions()) {
      if (auto* s = std::get_if<act::SendNotify>(&a)) out.push_back(std::move(*s));
    }
    return out;
  }

  Message only_notify() {
    auto all = notifies();
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? Message{} : all.front().request;
  }

  // A watcher with an accepted subscription whose first NOTIFY has been taken.
  Watcher subscribed(const std::string& call_id, const std::string& tag) {
    Watcher w{call_id, tag};
    const auto ok = n.on_subscribe(w.subscribe(), clock.now());
    EXPECT_EQ(code_of(ok), 200);
    w.learn(ok);
    actions();
    return w;
  }

  SubscriptionKey key_of(const Watcher& w) const { return {w.call_id, w.notifier_tag, w.tag}; }
};

TEST(Notifier, InitialSubscribeGetsATaggedOkAndAnImmediateFullStateNotify) {
  Harness h;
  Watcher w{"call-1@198.51.100.7", "w1"};
  auto sub = w.subscribe("Expires: 600\r\n", "conference",
                         "Accept: application/conference-info+xml\r\nRecord-Route: <sip:edge.example.org;lr>\r\n");
  const auto ok = h.n.on_subscribe(sub, h.clock.now());
  ASSERT_EQ(code_of(ok), 200);
  ASSERT_TRUE(parse_to(ok)->tag().has_value());
  EXPECT_EQ(*ok.find("Expires"), "600");
  EXPECT_EQ(*ok.find("Contact"), "<sip:conf@192.0.2.5:5060>");
  w.learn(ok);

  auto sent = h.notifies();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].key, h.key_of(w));
  const auto& notify = sent[0].request;
  // RFC 6665 s4.2.1.2: on the SUBSCRIBE's dialog, to the subscriber's Contact, via its Record-Route.
  EXPECT_EQ(notify.request_line()->method, "NOTIFY");
  EXPECT_EQ(notify.request_line()->uri, "sip:watcher@198.51.100.7:5070");
  EXPECT_EQ(*notify.find("Route"), "<sip:edge.example.org;lr>");
  EXPECT_EQ(*notify.find("Call-ID"), "call-1@198.51.100.7");
  EXPECT_EQ(parse_from(notify)->tag(), w.notifier_tag);
  EXPECT_EQ(parse_to(notify)->tag(), "w1");
  EXPECT_EQ(parse_to(notify)->uri.user, "watcher");
  EXPECT_EQ(cseq_of(notify), 1u);
  EXPECT_EQ(parse_cseq(*notify.find("CSeq"))->method, "NOTIFY");
  EXPECT_EQ(state_of(notify), "active;expires=600");
  EXPECT_EQ(*notify.find("Event"), "conference");
  EXPECT_EQ(*notify.find("Content-Type"), "application/conference-info+xml");
  EXPECT_EQ(*notify.find("Contact"), "<sip:conf@192.0.2.5:5060>");
  EXPECT_EQ(notify.find("Via")->rfind("SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bK", 0), 0u);
  EXPECT_EQ(notify.body, h.full);
  EXPECT_EQ(h.full_calls, 1);

  ASSERT_EQ(h.n.size(), 1u);
  const auto info = h.n.subscriptions().front();
  EXPECT_EQ(to_string(info.remote_target), "sip:watcher@198.51.100.7:5070");
  EXPECT_EQ(info.subscriber.tag(), "w1");
  EXPECT_EQ(info.expires_at, h.clock.now() + 600s);
  EXPECT_EQ(info.last_cseq, 1u);
  EXPECT_EQ(h.n.next_deadline(), h.clock.now() + 600s);
}

TEST(Notifier, GrantIsShortenedToTheMaximumAndDefaultsWhenExpiresIsAbsent) {
  Harness h;
  Watcher greedy{"call-1", "w1"};
  EXPECT_EQ(*h.n.on_subscribe(greedy.subscribe("Expires: 86400\r\n"), h.clock.now()).find("Expires"), "3600");
  EXPECT_EQ(state_of(h.only_notify()), "active;expires=3600");
  Watcher silent{"call-2", "w2"};
  EXPECT_EQ(*h.n.on_subscribe(silent.subscribe(""), h.clock.now()).find("Expires"), "1800");
  EXPECT_EQ(state_of(h.only_notify()), "active;expires=1800");
}

TEST(Notifier, OtherEventPackagesGet489WithAllowEvents) {
  Harness h;
  Watcher w{"call-1", "w1"};
  for (const auto& s :
       {w.subscribe("Expires: 600\r\n", "presence"), w.subscribe("Expires: 600\r\n", "conference.winfo")}) {
    const auto r = h.n.on_subscribe(s, h.clock.now());
    EXPECT_EQ(code_of(r), 489);  // RFC 6665 s8.3.2
    EXPECT_EQ(*r.find("Allow-Events"), "conference");
  }
  auto no_event = w.subscribe();
  no_event.erase("Event");
  EXPECT_EQ(code_of(h.n.on_subscribe(no_event, h.clock.now())), 489);
  EXPECT_EQ(h.n.size(), 0u);
  EXPECT_TRUE(h.actions().empty());
}

TEST(Notifier, TooBriefExpiresGets423ButZeroIsAFetch) {
  Harness h;
  Watcher w{"call-1", "w1"};
  const auto r = h.n.on_subscribe(w.subscribe("Expires: 30\r\n"), h.clock.now());
  EXPECT_EQ(code_of(r), 423);  // RFC 6665 s4.2.1.1
  EXPECT_EQ(*r.find("Min-Expires"), "60");
  EXPECT_TRUE(h.actions().empty());
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe("Expires: 60\r\n"), h.clock.now())), 200);
}

TEST(Notifier, AcceptWithoutThePackageTypeGets406) {
  Harness h;
  Watcher w{"call-1", "w1"};
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe("", "conference", "Accept: application/pidf+xml\r\n"), h.clock.now())),
            406);
  EXPECT_EQ(h.n.size(), 0u);
  int i = 0;
  for (const auto* accept : {"Accept: application/*\r\n", "Accept: */*\r\n",
                             "Accept: application/pidf+xml, Application/Conference-Info+XML;q=0.5\r\n"}) {
    Watcher ok{fmt::format("call-{}", ++i), "w"};
    EXPECT_EQ(code_of(h.n.on_subscribe(ok.subscribe("", "conference", accept), h.clock.now())), 200) << accept;
  }
}

TEST(Notifier, FetchWithExpiresZeroSendsStateOnceAndKeepsNothing) {
  Harness h;
  Watcher w{"call-1", "w1"};
  const auto ok = h.n.on_subscribe(w.subscribe("Expires: 0\r\n"), h.clock.now());
  EXPECT_EQ(code_of(ok), 200);
  EXPECT_EQ(*ok.find("Expires"), "0");
  const auto notify = h.only_notify();
  EXPECT_EQ(state_of(notify), "terminated;reason=timeout");  // RFC 6665 s4.4.3
  EXPECT_EQ(notify.body, h.full);
  EXPECT_EQ(h.n.size(), 0u);
  EXPECT_FALSE(h.n.next_deadline().has_value());
}

TEST(Notifier, RefreshExtendsTheSubscriptionRetargetsAndSendsFullStateAgain) {
  Harness h;
  auto w = h.subscribed("call-1", "w1");
  h.clock.advance(500s);
  h.full = "<conference-info version=\"7\"/>";
  w.contact = "sip:watcher@203.0.113.9:5070";  // moved: a refresh is a target refresh (RFC 3261 s12.2)
  const auto ok = h.n.on_subscribe(w.subscribe("Expires: 300\r\n"), h.clock.now());
  EXPECT_EQ(code_of(ok), 200);
  EXPECT_EQ(*ok.find("Expires"), "300");
  EXPECT_EQ(parse_to(ok)->tag(), w.notifier_tag);
  const auto notify = h.only_notify();
  EXPECT_EQ(state_of(notify), "active;expires=300");
  EXPECT_EQ(notify.body, h.full);
  EXPECT_EQ(cseq_of(notify), 2u);
  EXPECT_EQ(notify.request_line()->uri, "sip:watcher@203.0.113.9:5070");
  EXPECT_EQ(h.n.next_deadline(), h.clock.now() + 300s);
  h.clock.advance(299s);
  h.n.on_timer(h.clock.now());
  EXPECT_TRUE(h.actions().empty());
  EXPECT_EQ(h.n.size(), 1u);
}

TEST(Notifier, RefusedRefreshNeitherExtendsNorRetargets) {
  Harness h;
  auto w = h.subscribed("call-1", "w1");
  const auto expires_at = h.n.subscriptions().front().expires_at;
  w.contact = "sip:watcher@203.0.113.9:5070";
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe("Expires: 30\r\n"), h.clock.now())), 423);  // s4.2.1.4
  EXPECT_TRUE(h.actions().empty());
  const auto info = h.n.subscriptions().front();
  EXPECT_EQ(info.expires_at, expires_at);
  EXPECT_EQ(to_string(info.remote_target), "sip:watcher@198.51.100.7:5070");
}

TEST(Notifier, UnsubscribeIsAnsweredAndEndsWithATerminatedNotify) {
  Harness h;
  auto w = h.subscribed("call-1", "w1");
  const auto ok = h.n.on_subscribe(w.subscribe("Expires: 0\r\n"), h.clock.now());
  EXPECT_EQ(code_of(ok), 200);
  EXPECT_EQ(*ok.find("Expires"), "0");
  auto a = h.actions();
  ASSERT_EQ(a.size(), 2u);
  const auto& notify = std::get<act::SendNotify>(a[0]).request;
  EXPECT_EQ(state_of(notify), "terminated;reason=timeout");  // RFC 6665 s4.2.1.4
  EXPECT_EQ(cseq_of(notify), 2u);
  EXPECT_TRUE(notify.body.empty());
  EXPECT_FALSE(notify.has("Content-Type"));
  EXPECT_EQ(std::get<act::Ended>(a[1]).reason, "unsubscribed");
  EXPECT_EQ(std::get<act::Ended>(a[1]).key, h.key_of(w));
  EXPECT_EQ(h.n.size(), 0u);
  EXPECT_FALSE(h.n.next_deadline().has_value());
  // The dialog is gone with it.
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe(), h.clock.now())), 481);
}

TEST(Notifier, SubscriptionThatIsNotRefreshedTimesOut) {
  Harness h;
  auto w = h.subscribed("call-1", "w1");
  h.clock.advance(599s);
  h.n.on_timer(h.clock.now());
  EXPECT_TRUE(h.actions().empty());
  h.clock.advance(1s);
  ASSERT_EQ(h.n.next_deadline(), h.clock.now());
  h.n.on_timer(h.clock.now());
  auto a = h.actions();
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(state_of(std::get<act::SendNotify>(a[0]).request), "terminated;reason=timeout");  // s4.2.1.4
  EXPECT_EQ(std::get<act::Ended>(a[1]).reason, "timeout");
  EXPECT_EQ(h.n.size(), 0u);
  EXPECT_FALSE(h.n.next_deadline().has_value());
  // A refresh that comes too late finds nothing (the subscriber starts over).
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe(), h.clock.now())), 481);
}

TEST(Notifier, NotifyAllReachesEverySubscriberWithIncreasingCSeq) {
  Harness h;
  const auto a = h.subscribed("call-a", "wa");
  const auto b = h.subscribed("call-b", "wb");
  const auto c = h.subscribed("call-c", "wc");
  h.clock.advance(100s);
  h.n.notify_all("<p1/>", h.clock.now());
  h.n.notify_all("<p2/>", h.clock.now());
  std::map<SubscriptionKey, std::vector<std::pair<std::uint32_t, std::string>>> seen;
  for (const auto& s : h.notifies()) {
    EXPECT_EQ(state_of(s.request), "active;expires=500");  // time remaining, s4.2.2
    EXPECT_EQ(*s.request.find("Call-ID"), s.key.call_id);
    seen[s.key].emplace_back(cseq_of(s.request), s.request.body);
  }
  ASSERT_EQ(seen.size(), 3u);
  for (const auto* w : {&a, &b, &c}) {
    const std::vector<std::pair<std::uint32_t, std::string>> expected{{2, "<p1/>"}, {3, "<p2/>"}};
    EXPECT_EQ(seen[h.key_of(*w)], expected) << w->call_id;
  }
  EXPECT_EQ(h.full_calls, 3);  // only the initial NOTIFYs carried full state
  EXPECT_TRUE(h.n.send_notify(h.key_of(b), "<p3/>", h.clock.now()));
  const auto one = h.only_notify();
  EXPECT_EQ(one.body, "<p3/>");
  EXPECT_EQ(cseq_of(one), 4u);
  EXPECT_FALSE(h.n.send_notify({"nope", "x", "y"}, "<p3/>", h.clock.now()));
}

TEST(Notifier, NotifyFailuresThatMeanTheSubscriberIsGoneRemoveIt) {
  Harness h;
  const auto a = h.subscribed("call-a", "wa");
  const auto b = h.subscribed("call-b", "wb");
  h.n.notify_all("<p/>", h.clock.now());
  for (const auto& s : h.notifies()) {
    const int code = s.key == h.key_of(a) ? 481 : 200;
    h.n.on_notify_response(s.key, make_response(s.request, code), h.clock.now());
  }
  auto ended = h.actions();
  ASSERT_EQ(ended.size(), 1u);  // RFC 6665 s4.2.2: no NOTIFY after a failed one
  EXPECT_EQ(std::get<act::Ended>(ended[0]).key, h.key_of(a));
  EXPECT_EQ(std::get<act::Ended>(ended[0]).reason, "notify failed: 481 Call/Transaction Does Not Exist");
  EXPECT_EQ(h.n.keys(), std::vector<SubscriptionKey>{h.key_of(b)});

  // A 500 (e.g. a NOTIFY that overtook another) is no reason to drop it; a transaction timeout is.
  h.n.notify_all("<q/>", h.clock.now());
  const auto q = h.only_notify();
  h.n.on_notify_response(h.key_of(b), make_response(q, 500), h.clock.now());
  EXPECT_EQ(h.n.size(), 1u);
  h.n.on_notify_failed(h.key_of(b), h.clock.now());
  EXPECT_EQ(std::get<act::Ended>(h.actions().at(0)).reason, "notify failed: no response");
  EXPECT_EQ(h.n.size(), 0u);
  h.n.on_notify_failed(h.key_of(b), h.clock.now());  // late reports about a removed one are ignored
  EXPECT_TRUE(h.actions().empty());
}

TEST(Notifier, ResponseCodesThatRemoveASubscriptionAreRfc6665s422s) {
  for (int code : {404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604}) {
    EXPECT_TRUE(Notifier::removes_subscription(code)) << code;
  }
  for (int code : {200, 202, 400, 403, 408, 486, 500, 503, 603})
    EXPECT_FALSE(Notifier::removes_subscription(code)) << code;
}

TEST(Notifier, RequestsInUnknownOrMismatchedDialogsAreRefused) {
  Harness h;
  Watcher stranger{"call-x", "wx"};
  stranger.notifier_tag = "never-issued";
  EXPECT_EQ(code_of(h.n.on_subscribe(stranger.subscribe(), h.clock.now())), 481);

  auto w = h.subscribed("call-1", "w1");
  // RFC 6665 s4.5.2: another Event id in the dialog asks for dialog sharing, which we refuse.
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe("Expires: 600\r\n", "conference;id=2"), h.clock.now())), 403);
  auto stale = w.subscribe();
  auto fresh = w.subscribe();
  EXPECT_EQ(code_of(h.n.on_subscribe(fresh, h.clock.now())), 200);
  EXPECT_EQ(code_of(h.n.on_subscribe(stale, h.clock.now())), 500);  // RFC 3261 s12.2.2
  EXPECT_EQ(code_of(h.n.on_subscribe(make_response(fresh, 200), h.clock.now())), 405);
}

TEST(Notifier, EventIdIsEchoedInEveryNotify) {
  Harness h;
  Watcher w{"call-1", "w1"};
  const auto ok = h.n.on_subscribe(w.subscribe("Expires: 600\r\n", "conference;id=42"), h.clock.now());
  w.learn(ok);
  EXPECT_EQ(*h.only_notify().find("Event"), "conference;id=42");  // RFC 6665 s8.2.1
  EXPECT_EQ(code_of(h.n.on_subscribe(w.subscribe("Expires: 600\r\n", "conference;id=42"), h.clock.now())), 200);
  EXPECT_EQ(*h.only_notify().find("Event"), "conference;id=42");
}

TEST(Notifier, EveryNotifyIsANewTransaction) {
  Harness h;
  h.subscribed("call-1", "w1");
  h.n.notify_all("<a/>", h.clock.now());
  h.n.notify_all("<b/>", h.clock.now());
  const auto sent = h.notifies();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(*sent[0].request.find("Via"), *sent[1].request.find("Via"));
}

TEST(Notifier, TerminateSendsTheReasonAndOptionalFinalState) {
  Harness h;
  const auto a = h.subscribed("call-a", "wa");
  h.subscribed("call-b", "wb");
  h.subscribed("call-c", "wc");
  EXPECT_TRUE(h.n.terminate(h.key_of(a), "rejected", h.clock.now()));
  auto first = h.actions();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(state_of(std::get<act::SendNotify>(first[0]).request), "terminated;reason=rejected");
  EXPECT_EQ(std::get<act::Ended>(first[1]).reason, "rejected");
  EXPECT_FALSE(h.n.terminate(h.key_of(a), "rejected", h.clock.now()));

  // The conference is over (RFC 6665 s4.1.3 noresource), with a last document saying so.
  h.n.terminate_all("noresource", h.clock.now(), "<conference-info state=\"deleted\"/>");
  const auto last = h.notifies();
  ASSERT_EQ(last.size(), 2u);
  for (const auto& s : last) {
    EXPECT_EQ(state_of(s.request), "terminated;reason=noresource");
    EXPECT_EQ(s.request.body, "<conference-info state=\"deleted\"/>");
  }
  EXPECT_EQ(h.n.size(), 0u);
}

TEST(Notifier, RateLimitHoldsChangesBackAndMakesUpWithFullState) {
  auto config = test_config();
  config.min_notify_interval = 5s;  // RFC 4575 s3.9
  Harness h(config);
  const auto w = h.subscribed("call-1", "w1");
  const auto start = h.clock.now();
  h.clock.advance(1s);
  h.n.notify_all("<p1/>", h.clock.now());
  h.clock.advance(1s);
  h.n.notify_all("<p2/>", h.clock.now());
  EXPECT_TRUE(h.actions().empty());
  EXPECT_EQ(h.n.next_deadline(), start + 5s);
  h.clock.advance(3s);
  h.full = "<full after p2/>";
  h.n.on_timer(h.clock.now());
  const auto catch_up = h.only_notify();
  EXPECT_EQ(catch_up.body, "<full after p2/>");
  EXPECT_EQ(state_of(catch_up), "active;expires=595");
  EXPECT_EQ(h.n.next_deadline(), start + 600s);
  // A SUBSCRIBE-triggered NOTIFY is never held back (RFC 6665 s4.2.1.2)...
  auto refresh = w;
  EXPECT_EQ(code_of(h.n.on_subscribe(refresh.subscribe(), h.clock.now())), 200);
  EXPECT_EQ(h.only_notify().body, "<full after p2/>");
  // ...and a change once the interval is over goes out as it is.
  h.clock.advance(5s);
  h.n.notify_all("<p3/>", h.clock.now());
  EXPECT_EQ(h.only_notify().body, "<p3/>");
}

TEST(Notifier, HeldBackChangeIsNotLostWhenTheTimerRunsLate) {
  auto config = test_config();
  config.min_notify_interval = 5s;
  Harness h(config);
  h.subscribed("call-1", "w1");
  h.clock.advance(1s);
  h.n.notify_all("<p1/>", h.clock.now());
  h.clock.advance(10s);  // on_timer was due, but the next change comes first
  h.n.notify_all("<p2/>", h.clock.now());
  EXPECT_EQ(h.only_notify().body, h.full);  // p2 alone would leave p1 out
  h.n.on_timer(h.clock.now());
  EXPECT_TRUE(h.actions().empty());
}

// Subscriber and Notifier talking to each other in memory, both driven by one manual clock.
struct Wire {
  base::ManualClock clock;
  std::mt19937_64 sub_rng{1};
  std::mt19937_64 notifier_rng{2};
  std::string state = "<v1 full/>";
  Subscriber sub{{"sip:conf@example.org", "sip:watcher@example.org", "sip:watcher@198.51.100.7:5070", "conference",
                  "application/conference-info+xml", 600, "UDP", "198.51.100.7", 5070},
                 sub_rng};
  Notifier notifier{[] {
                      auto c = test_config();
                      c.min_notify_interval = 5s;
                      return c;
                    }(),
                    notifier_rng, [this](const SubscriptionKey&) { return state; }};
  std::vector<std::string> bodies;  // what the subscriber was handed, in order
  std::vector<std::string> sub_ended, notifier_ended;
  int subscribes = 0;

  void pump() {
    for (bool busy = true; busy;) {
      busy = false;
      for (auto& a : sub.take_actions()) {
        busy = true;
        if (auto* s = std::get_if<subscriber_action::SendRequest>(&a)) {
          ++subscribes;
          sub.on_response(notifier.on_subscribe(s->request, clock.now()), clock.now());
        } else if (auto* n = std::get_if<subscriber_action::Notified>(&a)) {
          bodies.push_back(n->body);
        } else if (auto* e = std::get_if<subscriber_action::Ended>(&a)) {
          sub_ended.push_back(e->reason);
        }
      }
      for (auto& a : notifier.take_actions()) {
        busy = true;
        if (auto* s = std::get_if<notifier_action::SendNotify>(&a)) {
          notifier.on_notify_response(s->key, sub.on_notify(s->request, clock.now()), clock.now());
        } else if (auto* e = std::get_if<notifier_action::Ended>(&a)) {
          notifier_ended.push_back(e->reason);
        }
      }
    }
  }

  // Moves the clock to `until`, firing both engines' timers on the way, as the runtime would.
  void run_for(base::Duration d) {
    const auto until = clock.now() + d;
    for (;;) {
      std::optional<base::TimePoint> next;
      for (const auto& t : {sub.next_deadline(), notifier.next_deadline()}) {
        if (t && (!next || *t < *next)) next = t;
      }
      if (!next || *next > until) break;
      clock.set(std::max(*next, clock.now()));
      sub.on_timer(clock.now());
      notifier.on_timer(clock.now());
      pump();
    }
    clock.set(until);
  }
};

TEST(NotifierEndToEnd, SubscriberSeesEveryStateInOrderThroughRefreshesAndUnsubscribe) {
  Wire w;
  w.sub.start(w.clock.now());
  w.pump();
  ASSERT_EQ(w.sub.phase(), SubscriptionPhase::active);
  ASSERT_EQ(w.notifier.size(), 1u);
  EXPECT_EQ(w.notifier.keys().front().remote_tag, w.sub.dialog()->id.local_tag);
  EXPECT_EQ(w.notifier.keys().front().local_tag, w.sub.dialog()->id.remote_tag);

  w.run_for(10s);
  w.state = "<v2 full/>";
  w.notifier.notify_all("<v2 partial/>", w.clock.now());
  w.pump();
  w.run_for(10s);
  w.state = "<v3 full/>";
  w.notifier.notify_all("<v3 partial/>", w.clock.now());
  w.pump();

  // The subscriber refreshes 30 s before its 600 s run out; the notifier answers with full state.
  w.run_for(1000s);
  EXPECT_EQ(w.subscribes, 2);
  EXPECT_EQ(w.notifier.size(), 1u);
  EXPECT_EQ(w.sub.phase(), SubscriptionPhase::active);

  w.state = "<v4 full/>";
  w.notifier.notify_all("<v4 partial/>", w.clock.now());
  w.pump();
  w.sub.unsubscribe(w.clock.now());
  w.pump();

  const std::vector<std::string> expected{"<v1 full/>", "<v2 partial/>", "<v3 partial/>",
                                          "<v3 full/>", "<v4 partial/>", ""};
  EXPECT_EQ(w.bodies, expected);
  EXPECT_EQ(w.sub.phase(), SubscriptionPhase::terminated);
  EXPECT_EQ(w.sub_ended, std::vector<std::string>{"unsubscribed"});
  EXPECT_EQ(w.notifier_ended, std::vector<std::string>{"unsubscribed"});
  EXPECT_EQ(w.notifier.size(), 0u);
  EXPECT_FALSE(w.notifier.next_deadline().has_value());
}

TEST(NotifierEndToEnd, RapidChangesReachTheSubscriberAsOneFullState) {
  Wire w;
  w.sub.start(w.clock.now());
  w.pump();
  w.run_for(1s);
  w.state = "<v2 full/>";
  w.notifier.notify_all("<v2 partial/>", w.clock.now());
  w.state = "<v3 full/>";
  w.notifier.notify_all("<v3 partial/>", w.clock.now());
  w.pump();
  w.run_for(10s);
  EXPECT_EQ(w.bodies, (std::vector<std::string>{"<v1 full/>", "<v3 full/>"}));
}

TEST(NotifierEndToEnd, ConferenceEndTerminatesTheSubscriber) {
  Wire w;
  w.sub.start(w.clock.now());
  w.pump();
  w.notifier.terminate_all("noresource", w.clock.now());
  w.pump();
  EXPECT_EQ(w.sub_ended, std::vector<std::string>{"noresource"});
  EXPECT_EQ(w.sub.phase(), SubscriptionPhase::terminated);
  EXPECT_EQ(w.notifier.size(), 0u);
}

TEST(NotifierEndToEnd, SubscriberThatVanishesIsDroppedOnTheNextNotify) {
  Wire w;
  w.sub.start(w.clock.now());
  w.pump();
  const auto key = w.notifier.keys().front();
  w.run_for(10s);
  w.notifier.notify_all("<v2 partial/>", w.clock.now());
  for (auto& a : w.notifier.take_actions()) {
    if (std::holds_alternative<notifier_action::SendNotify>(a)) w.notifier.on_notify_failed(key, w.clock.now());
  }
  EXPECT_EQ(w.notifier.size(), 0u);
  EXPECT_EQ(std::get<notifier_action::Ended>(w.notifier.take_actions().at(0)).reason, "notify failed: no response");
}

}  // namespace
}  // namespace disco::sip
