// RFC 3261 s17.2.1: the INVITE server transaction, Figure 7.

#include <gtest/gtest.h>

#include "tests/unit/sip/transaction/transaction_test_util.hpp"

namespace disco::sip::test {
namespace {

struct ServerInviteTransaction : ::testing::Test {
  base::ManualClock clock;
  TransactionLayer layer;
  RequestSpec spec{.method = "INVITE"};
  Message invite = request(spec);
  Message ack = ack_for(spec);

  TransactionId receive(const Peer& from) {
    layer.on_message(invite, from, clock.now());
    const auto received = all_of<RequestReceived>(layer.take_actions());
    EXPECT_EQ(received.size(), 1u);
    return received.empty() ? TransactionId{} : received[0].server;
  }
};

TEST_F(ServerInviteTransaction, SendsNo100TryingOfItsOwn) {
  // s17.2.1 lets the TU decide: it knows whether it answers within 200 ms.
  const TransactionId id = receive(udp_client);
  EXPECT_EQ(layer.state(id), TransactionState::proceeding);
  layer.on_message(invite, udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "nothing to resend yet";
  const Message trying = response(invite, 100);
  EXPECT_TRUE(layer.send_response(id, trying, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, trying}}));
  const Message ringing = response(invite, 180);
  EXPECT_TRUE(layer.send_response(id, ringing, clock.now()));
  (void)layer.take_actions();
  layer.on_message(invite, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, ringing}})) << "the most recent provisional";
  EXPECT_FALSE(layer.next_deadline());
}

TEST_F(ServerInviteTransaction, Non2xxIsRetransmittedByTimerGUntilTheAck) {
  const TransactionId id = receive(udp_client);
  const Message busy = response(invite, 486);
  EXPECT_TRUE(layer.send_response(id, busy, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, busy}}));
  EXPECT_EQ(layer.state(id), TransactionState::completed);
  // G: T1, 2*T1, 4*T1, then capped at T2 (s17.2.1).
  auto timed = run_until(layer, clock, 12s);
  EXPECT_EQ(times_of<Send>(timed), ms({500, 1500, 3500, 7500, 11500}));
  for (const Timed& t : timed) EXPECT_EQ(std::get<Send>(t.action), (Send{udp_client, busy}));
  // A retransmitted INVITE gets the final response too.
  layer.on_message(invite, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, busy}}));

  layer.on_message(ack, udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "the ACK is absorbed, not passed up";
  EXPECT_EQ(layer.state(id), TransactionState::confirmed);
  EXPECT_EQ(layer.next_deadline(), clock.now() + 5s) << "only Timer I = T4";
  layer.on_message(ack, udp_client, clock.now() + 1s);
  layer.on_message(invite, udp_client, clock.now() + 1s);
  EXPECT_TRUE(layer.take_actions().empty()) << "Confirmed absorbs ACKs and sends nothing";
  timed = run_until(layer, clock, 30s);
  EXPECT_TRUE(timed.empty());
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ServerInviteTransaction, TimerHWithoutAckReportsATimeout) {
  const TransactionId id = receive(udp_client);
  EXPECT_TRUE(layer.send_response(id, response(invite, 503), clock.now()));
  (void)layer.take_actions();
  const auto timed = run_until(layer, clock, 60s);
  EXPECT_EQ(times_of<Send>(timed), ms({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  EXPECT_EQ(times_of<TransactionTimeout>(timed), ms({32000}));
  EXPECT_EQ(std::get<TransactionTimeout>(timed.back().action), (TransactionTimeout{id, Timer::h}));
  EXPECT_EQ(layer.size(), 0u);
  layer.on_message(ack, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayAck{ack, udp_client}}));
}

TEST_F(ServerInviteTransaction, TcpHasNoTimerGAndTimerIIsZero) {
  const TransactionId id = receive(tcp_client);
  const Message busy = response(invite, 486);
  EXPECT_TRUE(layer.send_response(id, busy, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{tcp_client, busy}}));
  EXPECT_EQ(layer.next_deadline(), clock.now() + 32s) << "Timer H only";
  clock.advance(10s);
  layer.on_timer(clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  layer.on_message(ack, tcp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_FALSE(layer.contains(id));
}

TEST_F(ServerInviteTransaction, TcpTimerHStillApplies) {
  const TransactionId id = receive(tcp_client);
  EXPECT_TRUE(layer.send_response(id, response(invite, 486), clock.now()));
  (void)layer.take_actions();
  const auto timed = run_until(layer, clock, 60s);
  ASSERT_EQ(timed.size(), 1u);
  EXPECT_EQ(timed[0].at, 32s);
  EXPECT_EQ(std::get<TransactionTimeout>(timed[0].action), (TransactionTimeout{id, Timer::h}));
}

TEST_F(ServerInviteTransaction, TwoHundredIsSentOnceAndTerminates) {
  const TransactionId id = receive(udp_client);
  const Message ok = response(invite, 200);
  EXPECT_TRUE(layer.send_response(id, ok, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, ok}}));
  EXPECT_FALSE(layer.contains(id));
  EXPECT_FALSE(layer.next_deadline()) << "2xx retransmission is the TU's (s13.3.1.4)";
  // The ACK for a 2xx has a branch of its own and reaches the TU without a transaction.
  RequestSpec ack_spec = spec;
  ack_spec.branch = "z9hG4bKack2xx";
  const Message ack2xx = ack_for(ack_spec);
  layer.on_message(ack2xx, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayAck{ack2xx, udp_client}}));
  EXPECT_EQ(layer.size(), 0u) << "an ACK never creates a server transaction";
  // The TU retransmits the 2xx outside any transaction.
  layer.send_stateless(ok, udp_client);
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, ok}}));
}

TEST_F(ServerInviteTransaction, ResponsesAfterTheFinalOneAreDiscarded) {
  const TransactionId id = receive(udp_client);
  EXPECT_TRUE(layer.send_response(id, response(invite, 486), clock.now()));
  (void)layer.take_actions();
  EXPECT_FALSE(layer.send_response(id, response(invite, 180), clock.now()));
  EXPECT_FALSE(layer.send_response(id, response(invite, 200), clock.now()));
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_EQ(layer.state(id), TransactionState::completed);
}

TEST_F(ServerInviteTransaction, AckInProceedingIsIgnored) {
  const TransactionId id = receive(udp_client);
  layer.on_message(ack, udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_EQ(layer.state(id), TransactionState::proceeding);
}

TEST_F(ServerInviteTransaction, TransportErrorInProceedingAndCompletedButNotConfirmed) {
  const TransactionId first = receive(udp_client);
  layer.on_transport_error(udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{TransportError{first}}));
  EXPECT_FALSE(layer.send_response(first, response(invite, 486), clock.now()));

  const TransactionId second = receive(udp_client);
  EXPECT_TRUE(layer.send_response(second, response(invite, 486), clock.now()));
  layer.on_message(ack, udp_client, clock.now());
  (void)layer.take_actions();
  EXPECT_EQ(layer.state(second), TransactionState::confirmed);
  layer.on_transport_error(udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_EQ(layer.state(second), TransactionState::confirmed);
}

}  // namespace
}  // namespace disco::sip::test
