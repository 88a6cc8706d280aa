// RFC 3261 s17.1.1: the INVITE client transaction, Figure 5, and its ACK for 300-699 (s17.1.1.3).

#include "libcommon/sip/transaction/client_invite.hpp"

#include <gtest/gtest.h>

#include "tests/unit/sip/transaction/transaction_test_util.hpp"

namespace disco::sip::test {
namespace {

struct ClientInviteTransaction : ::testing::Test {
  base::ManualClock clock;
  TransactionLayer layer;
  Message invite = request("INVITE");

  TransactionId start(const Peer& to) {
    const TransactionId id = layer.send_request(invite, to, clock.now());
    EXPECT_EQ(layer.take_actions(), (Actions{Send{to, invite}}));
    return id;
  }
  static bool is_ack(const Action& a) {
    const auto* s = std::get_if<Send>(&a);
    return s != nullptr && s->message.is_request() && s->message.request_line()->method == "ACK";
  }
};

TEST_F(ClientInviteTransaction, UdpTimerADoublesUntilTimerBTimesOutWithoutAck) {
  const TransactionId id = start(udp_server);
  EXPECT_EQ(layer.state(id), TransactionState::calling);
  const auto timed = run_until(layer, clock, 60s);
  // s17.1.1.2: intervals T1, 2*T1, 4*T1 ... with no cap: seven sends in all before 64*T1.
  EXPECT_EQ(times_of<Send>(timed), ms({500, 1500, 3500, 7500, 15500, 31500}));
  for (const Timed& t : timed)
    if (const auto* s = std::get_if<Send>(&t.action)) EXPECT_EQ(s->message, invite) << "no ACK on Timer B";
  EXPECT_EQ(times_of<TransactionTimeout>(timed), ms({32000}));
  EXPECT_EQ(std::get<TransactionTimeout>(timed.back().action), (TransactionTimeout{id, Timer::b}));
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientInviteTransaction, TcpHasNoTimerAButTimerB) {
  const TransactionId id = start(tcp_server);
  const auto timed = run_until(layer, clock, 60s);
  ASSERT_EQ(timed.size(), 1u);
  EXPECT_EQ(timed[0].at, 32s);
  EXPECT_EQ(std::get<TransactionTimeout>(timed[0].action), (TransactionTimeout{id, Timer::b}));
}

TEST_F(ClientInviteTransaction, ProvisionalStopsTimerAAndTimerB) {
  const TransactionId id = start(udp_server);
  clock.advance(700ms);
  layer.on_timer(clock.now());
  EXPECT_EQ(count_of<Send>(layer.take_actions()), 1u);
  const Message ringing = response(invite, 180);
  layer.on_message(ringing, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, ringing}}));
  EXPECT_EQ(layer.state(id), TransactionState::proceeding);
  EXPECT_FALSE(layer.next_deadline()) << "Proceeding waits for the TU (Timer C is a proxy's)";
  clock.advance(5min);
  layer.on_timer(clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_TRUE(layer.contains(id));
  const Message progress = response(invite, 183);
  layer.on_message(progress, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, progress}})) << "every 1xx goes up";
}

TEST_F(ClientInviteTransaction, AckForNon2xxFollowsSection17113Example) {
  // The example of s17.1.1.3, verbatim.
  const Message rfc_invite = parse(
      "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff\r\n"
      "To: Bob <sip:bob@biloxi.com>\r\n"
      "From: Alice <sip:alice@atlanta.com>;tag=88sja8x\r\n"
      "Max-Forwards: 70\r\n"
      "Call-ID: 987asjd97y7atg\r\n"
      "CSeq: 986759 INVITE\r\n\r\n");
  Message rejection = make_response(rfc_invite, 486, {}, "99sa0xk");
  const Message ack = make_ack_for_non_2xx(rfc_invite, rejection);
  EXPECT_EQ(ack.request_line()->method, "ACK");
  EXPECT_EQ(ack.request_line()->uri, "sip:bob@biloxi.com");
  EXPECT_EQ(ack.find_all("Via"),
            (std::vector<std::string_view>{"SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff"}));
  EXPECT_EQ(*ack.find("To"), "Bob <sip:bob@biloxi.com>;tag=99sa0xk");
  EXPECT_EQ(*ack.find("From"), "Alice <sip:alice@atlanta.com>;tag=88sja8x");
  EXPECT_EQ(*ack.find("Max-Forwards"), "70");
  EXPECT_EQ(*ack.find("Call-ID"), "987asjd97y7atg");
  EXPECT_EQ(*ack.find("CSeq"), "986759 ACK");
  EXPECT_EQ(ack.headers.size(), 6u);
  EXPECT_TRUE(ack.body.empty());
}

TEST_F(ClientInviteTransaction, AckKeepsRoutesAndOnlyTheTopVia) {
  Message routed = invite;
  routed.headers.insert(routed.headers.begin() + 1, Header{"Via", "SIP/2.0/UDP proxy.atlanta.com;branch=z9hG4bKold"});
  routed.add("Route", "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");
  routed.add("Route", "<sip:p3.example.com;lr>");
  routed.body = "v=0\r\n";
  const Message ack = make_ack_for_non_2xx(routed, response(routed, 404));
  EXPECT_EQ(ack.count("Via"), 1u);
  EXPECT_EQ(*ack.find("Via"), "SIP/2.0/UDP pc33.atlanta.com;branch=" + std::string(branch));
  EXPECT_EQ(ack.find_all("Route"), (std::vector<std::string_view>{"<sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
                                                                  "<sip:p3.example.com;lr>"}));
  EXPECT_TRUE(ack.body.empty());
}

TEST_F(ClientInviteTransaction, Non2xxFinalIsAckedAndEachRetransmissionReAckedDuringTimerD) {
  const TransactionId id = start(udp_server);
  clock.advance(1s);
  layer.on_timer(clock.now());  // the retransmission at 500 ms
  (void)layer.take_actions();
  const Message busy = response(invite, 486);
  layer.on_message(busy, udp_server, clock.now());
  const Message ack = make_ack_for_non_2xx(invite, busy);
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, busy}, Send{udp_server, ack}}));
  EXPECT_EQ(*ack.find("To"), *busy.find("To")) << "To with the response's tag";
  EXPECT_EQ(layer.state(id), TransactionState::completed);
  EXPECT_EQ(layer.next_deadline(), clock.now() + 32s) << "Timer D, and Timer A stopped";

  for (int i = 0; i < 3; ++i) {
    clock.advance(2s);
    layer.on_message(busy, udp_server, clock.now());
    EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_server, ack}})) << "re-ACK, not passed up";
  }
  const auto timed = run_until(layer, clock, 40s, base::TimePoint{} + 1s);
  EXPECT_TRUE(timed.empty());
  EXPECT_EQ(layer.size(), 0u);
  EXPECT_EQ(clock.now(), base::TimePoint{} + 41s);
  layer.on_message(busy, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayResponse{busy, udp_server}}));
}

TEST_F(ClientInviteTransaction, ProvisionalThenNon2xxAlsoAcks) {
  const TransactionId id = start(udp_server);
  layer.on_message(response(invite, 180), udp_server, clock.now());
  (void)layer.take_actions();
  const Message moved = response(invite, 302);
  layer.on_message(moved, udp_server, clock.now());
  const Actions actions = layer.take_actions();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0], (Action{ResponseReceived{id, moved}}));
  EXPECT_TRUE(is_ack(actions[1]));
}

TEST_F(ClientInviteTransaction, TcpTimerDIsZeroButTheAckIsStillSent) {
  const TransactionId id = start(tcp_server);
  const Message busy = response(invite, 600);
  layer.on_message(busy, tcp_server, clock.now());
  EXPECT_EQ(layer.take_actions(),
            (Actions{ResponseReceived{id, busy}, Send{tcp_server, make_ack_for_non_2xx(invite, busy)}}));
  EXPECT_FALSE(layer.contains(id));
}

TEST_F(ClientInviteTransaction, TwoHundredTerminatesAndIsPassedUpAndLaterOnesAreStray) {
  const TransactionId id = start(udp_server);
  const Message ok = response(invite, 200);
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, ok}})) << "no ACK: the UAC core sends it";
  EXPECT_FALSE(layer.contains(id));
  EXPECT_FALSE(layer.next_deadline());
  // s13.2.2.4: the retransmitted 2xx reaches the core, which ACKs it again.
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayResponse{ok, udp_server}}));
}

TEST_F(ClientInviteTransaction, TwoHundredAfterANon2xxGoesUpWithoutTheTransactionsAck) {
  const TransactionId id = start(udp_server);
  layer.on_message(response(invite, 486), udp_server, clock.now());
  (void)layer.take_actions();
  const Message ok = response(invite, 200);
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, ok}}));
}

TEST_F(ClientInviteTransaction, TransportErrorInCallingAndCompletedButNotProceeding) {
  const TransactionId calling = start(udp_server);
  layer.on_transport_error(udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{TransportError{calling}}));
  EXPECT_FALSE(layer.contains(calling));

  invite = request("INVITE", "z9hG4bKsecond");
  const TransactionId proceeding = start(udp_server);
  layer.on_message(response(invite, 180), udp_server, clock.now());
  (void)layer.take_actions();
  layer.on_transport_error(udp_server, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "Proceeding sends nothing that could fail (Figure 5)";
  layer.on_message(response(invite, 486), udp_server, clock.now());
  (void)layer.take_actions();
  layer.on_transport_error(udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{TransportError{proceeding}}));
  EXPECT_EQ(layer.size(), 0u);
}

}  // namespace
}  // namespace disco::sip::test
