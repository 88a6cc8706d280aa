// RFC 3261 s17.2.2: the non-INVITE server transaction, Figure 8.

#include <gtest/gtest.h>

#include "tests/unit/sip/transaction/transaction_test_util.hpp"

namespace disco::sip::test {
namespace {

struct ServerNonInviteTransaction : ::testing::Test {
  base::ManualClock clock;
  TransactionLayer layer;
  Message bye = request("BYE");

  TransactionId receive(const Peer& from) {
    layer.on_message(bye, from, clock.now());
    const Actions actions = layer.take_actions();
    EXPECT_EQ(actions.size(), 1u);
    const auto received = all_of<RequestReceived>(actions);
    if (received.size() != 1) return {};
    EXPECT_EQ(received[0].request, bye);
    EXPECT_EQ(received[0].from, from);
    EXPECT_FALSE(received[0].cancels);
    return received[0].server;
  }
};

TEST_F(ServerNonInviteTransaction, RequestGoesUpOnceAndRetransmissionsInTryingAreAbsorbed) {
  const TransactionId id = receive(udp_client);
  EXPECT_EQ(layer.state(id), TransactionState::trying);
  EXPECT_FALSE(layer.next_deadline()) << "Trying runs no timer";
  for (int i = 0; i < 3; ++i) {
    clock.advance(500ms);
    layer.on_message(bye, udp_client, clock.now());
    EXPECT_TRUE(layer.take_actions().empty());
  }
  EXPECT_EQ(layer.size(), 1u);
}

TEST_F(ServerNonInviteTransaction, FinalResponseIsResentForEachRetransmissionUntilTimerJ) {
  const TransactionId id = receive(udp_client);
  const Message ok = response(bye, 200);
  EXPECT_TRUE(layer.send_response(id, ok, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, ok}})) << "to the peer the request came from";
  EXPECT_EQ(layer.state(id), TransactionState::completed);
  EXPECT_EQ(layer.next_deadline(), clock.now() + 32s) << "Timer J = 64*T1 on UDP";
  for (int i = 0; i < 3; ++i) {
    clock.advance(4s);
    layer.on_message(bye, udp_client, clock.now());
    EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, ok}}));
  }
  EXPECT_FALSE(layer.send_response(id, response(bye, 500), clock.now())) << "other finals are discarded";
  EXPECT_TRUE(layer.take_actions().empty());
  const auto timed = run_until(layer, clock, 40s);
  EXPECT_TRUE(timed.empty());
  EXPECT_FALSE(layer.contains(id));
  // After Timer J the same request is a new transaction.
  layer.on_message(bye, udp_client, clock.now());
  const auto again = all_of<RequestReceived>(layer.take_actions());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_NE(again[0].server, id) << "ids are never reused";
}

TEST_F(ServerNonInviteTransaction, ProceedingResendsTheLatestProvisional) {
  const TransactionId id = receive(udp_client);
  const Message trying = response(bye, 100);
  const Message progress = response(bye, 183);
  EXPECT_TRUE(layer.send_response(id, trying, clock.now()));
  EXPECT_EQ(layer.state(id), TransactionState::proceeding);
  EXPECT_TRUE(layer.send_response(id, progress, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, trying}, Send{udp_client, progress}}));
  layer.on_message(bye, udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, progress}}));
  EXPECT_FALSE(layer.next_deadline()) << "provisionals are not retransmitted by the server";
  const Message ok = response(bye, 200);
  EXPECT_TRUE(layer.send_response(id, ok, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{udp_client, ok}}));
  EXPECT_EQ(layer.state(id), TransactionState::completed);
}

TEST_F(ServerNonInviteTransaction, TcpTimerJIsZero) {
  const TransactionId id = receive(tcp_client);
  const Message ok = response(bye, 200);
  EXPECT_TRUE(layer.send_response(id, ok, clock.now()));
  EXPECT_EQ(layer.take_actions(), (Actions{Send{tcp_client, ok}}));
  EXPECT_FALSE(layer.contains(id));
  EXPECT_FALSE(layer.next_deadline());
  EXPECT_FALSE(layer.send_response(id, ok, clock.now())) << "the transaction is gone";
}

TEST_F(ServerNonInviteTransaction, TransportErrorOnlyOnceSomethingWasSent) {
  const TransactionId id = receive(udp_client);
  layer.on_transport_error(udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "Figure 8 has no Transport Err. from Trying";
  layer.send_response(id, response(bye, 100), clock.now());
  (void)layer.take_actions();
  layer.on_transport_error(udp_client, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{TransportError{id}}));
  EXPECT_FALSE(layer.contains(id));
}

}  // namespace
}  // namespace disco::sip::test
