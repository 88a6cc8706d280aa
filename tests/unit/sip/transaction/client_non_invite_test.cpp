// RFC 3261 s17.1.2: the non-INVITE client transaction, Figure 6.

#include <gtest/gtest.h>

#include "tests/unit/sip/transaction/transaction_test_util.hpp"

namespace disco::sip::test {
namespace {

struct ClientNonInviteTransaction : ::testing::Test {
  base::ManualClock clock;
  TransactionLayer layer;
  Message options = request("OPTIONS");

  TransactionId start(const Peer& to) {
    const TransactionId id = layer.send_request(options, to, clock.now());
    const Actions first = layer.take_actions();
    EXPECT_EQ(first, (Actions{Send{to, options}}));
    return id;
  }
};

TEST_F(ClientNonInviteTransaction, UdpRetransmitsOnTimerEDoublingUpToT2ThenTimesOutOnTimerF) {
  const TransactionId id = start(udp_server);
  EXPECT_EQ(layer.state(id), TransactionState::trying);
  const auto timed = run_until(layer, clock, 40s);
  // s17.1.2.2: "intervals of 500 ms, 1 s, 2 s, 4 s, 4 s, 4 s, etc.", until 64*T1 = 32 s.
  EXPECT_EQ(times_of<Send>(timed), ms({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  for (const Timed& t : timed)
    if (const auto* s = std::get_if<Send>(&t.action)) EXPECT_EQ(*s, (Send{udp_server, options}));
  EXPECT_EQ(times_of<TransactionTimeout>(timed), ms({32000}));
  EXPECT_EQ(std::get<TransactionTimeout>(timed.back().action), (TransactionTimeout{id, Timer::f}));
  EXPECT_EQ(layer.size(), 0u);
  EXPECT_FALSE(layer.next_deadline());
}

TEST_F(ClientNonInviteTransaction, TcpSendsOnceButTimerFStillApplies) {
  const TransactionId id = start(tcp_server);
  EXPECT_EQ(layer.next_deadline(), clock.now() + 32s);
  const auto timed = run_until(layer, clock, 40s);
  EXPECT_TRUE(times_of<Send>(timed).empty());
  ASSERT_EQ(timed.size(), 1u);
  EXPECT_EQ(timed[0].at, 32s);
  EXPECT_EQ(std::get<TransactionTimeout>(timed[0].action), (TransactionTimeout{id, Timer::f}));
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientNonInviteTransaction, ProvisionalMovesToProceedingWhereTimerERetransmitsEveryT2) {
  const TransactionId id = start(udp_server);
  clock.set(base::TimePoint{} + 1s);
  layer.on_timer(clock.now());  // the first retransmission, at 500 ms
  EXPECT_EQ(count_of<Send>(layer.take_actions()), 1u);
  const Message trying = response(options, 100);
  layer.on_message(trying, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, trying}}));
  EXPECT_EQ(layer.state(id), TransactionState::proceeding);
  // The Timer E set in Trying still fires at 1.5 s; from then on it is reset to T2 (s17.1.2.2).
  const auto timed = run_until(layer, clock, 40s);
  EXPECT_EQ(times_of<Send>(timed), ms({1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500}));
  EXPECT_EQ(times_of<TransactionTimeout>(timed), ms({32000}));
  EXPECT_EQ(layer.size(), 0u);
}

TEST_F(ClientNonInviteTransaction, EveryProvisionalInProceedingGoesUp) {
  const TransactionId id = start(udp_server);
  const Message r180 = response(options, 180);
  layer.on_message(r180, udp_server, clock.now());
  layer.on_message(r180, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, r180}, ResponseReceived{id, r180}}));
}

TEST_F(ClientNonInviteTransaction, FinalResponseCompletesAndTimerKAbsorbsRetransmissionsOverUdp) {
  const TransactionId id = start(udp_server);
  clock.advance(700ms);
  layer.on_timer(clock.now());
  (void)layer.take_actions();
  const Message ok = response(options, 200);
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, ok}}));
  EXPECT_EQ(layer.state(id), TransactionState::completed);
  // Timer K = T4 from now; E and F are gone.
  EXPECT_EQ(layer.next_deadline(), clock.now() + 5s);
  clock.advance(1s);
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "a retransmitted final response is absorbed";
  const auto timed = run_until(layer, clock, 10s, clock.now());
  EXPECT_TRUE(timed.empty()) << "no retransmission in Completed";
  EXPECT_EQ(layer.size(), 0u);
  layer.on_message(ok, udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{StrayResponse{ok, udp_server}}));
}

TEST_F(ClientNonInviteTransaction, FinalResponseFromProceedingCompletes) {
  const TransactionId id = start(udp_server);
  layer.on_message(response(options, 100), udp_server, clock.now());
  const Message busy = response(options, 486);
  layer.on_message(busy, udp_server, clock.now());
  EXPECT_EQ(all_of<ResponseReceived>(layer.take_actions()).back(), (ResponseReceived{id, busy}));
  EXPECT_EQ(layer.state(id), TransactionState::completed);
  layer.on_message(response(options, 180), udp_server, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "a late provisional is not passed up";
}

TEST_F(ClientNonInviteTransaction, TcpTimerKIsZeroSoTheFinalResponseEndsIt) {
  const TransactionId id = start(tcp_server);
  const Message ok = response(options, 200);
  layer.on_message(ok, tcp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{ResponseReceived{id, ok}}));
  EXPECT_FALSE(layer.contains(id));
  EXPECT_FALSE(layer.next_deadline());
}

TEST_F(ClientNonInviteTransaction, TransportErrorInformsTheTuAndEndsIt) {
  const TransactionId id = start(udp_server);
  layer.on_transport_error(udp_client, clock.now());
  EXPECT_TRUE(layer.take_actions().empty()) << "another peer's failure";
  layer.on_transport_error(udp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{TransportError{id}}));
  EXPECT_EQ(layer.size(), 0u);
  EXPECT_FALSE(layer.next_deadline());
}

TEST_F(ClientNonInviteTransaction, TransportErrorInCompletedChangesNothing) {
  const TransactionId id = start(udp_server);
  layer.on_message(response(options, 200), udp_server, clock.now());
  (void)layer.take_actions();
  layer.on_transport_error(udp_server, clock.now());
  EXPECT_TRUE(layer.take_actions().empty());
  EXPECT_EQ(layer.state(id), TransactionState::completed);
}

}  // namespace
}  // namespace disco::sip::test
