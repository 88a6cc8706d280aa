// The timer table (RFC 3261 Table 4) and the layer's deadline bookkeeping.

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "tests/unit/sip/transaction/transaction_test_util.hpp"

namespace disco::sip::test {
namespace {

TEST(TransactionTimerConfig, DefaultsAreTable4) {
  const TimerConfig c;
  EXPECT_EQ(c.t1, 500ms);
  EXPECT_EQ(c.t2, 4s);
  EXPECT_EQ(c.t4, 5s);
  EXPECT_EQ(c.timer_a(), 500ms);
  EXPECT_EQ(c.timer_e(), 500ms);
  EXPECT_EQ(c.timer_g(), 500ms);
  EXPECT_EQ(c.timer_b(), 32s);
  EXPECT_EQ(c.timer_f(), 32s);
  EXPECT_EQ(c.timer_h(), 32s);
  EXPECT_EQ(c.timer_d(Transport::udp), 32s);
  EXPECT_EQ(c.timer_d(Transport::tcp), 0s);
  EXPECT_EQ(c.timer_i(Transport::udp), 5s);
  EXPECT_EQ(c.timer_i(Transport::tcp), 0s);
  EXPECT_EQ(c.timer_j(Transport::udp), 32s);
  EXPECT_EQ(c.timer_j(Transport::tcp), 0s);
  EXPECT_EQ(c.timer_k(Transport::udp), 5s);
  EXPECT_EQ(c.timer_k(Transport::tcp), 0s);
}

TEST(TransactionTimerConfig, TimersScaleWithT1ExceptTimerD) {
  TimerConfig c;
  c.t1 = 2s;
  c.t2 = 8s;
  EXPECT_EQ(c.timer_b(), 128s);
  EXPECT_EQ(c.timer_j(Transport::udp), 128s);
  EXPECT_EQ(c.timer_d(Transport::udp), 32s) << "s17.1.1.2: the client cannot know the server's T1";
  EXPECT_EQ(doubled_up_to_t2(2s, c), 4s);
  EXPECT_EQ(doubled_up_to_t2(4s, c), 8s);
  EXPECT_EQ(doubled_up_to_t2(8s, c), 8s);
}

TEST(TransactionTimerConfig, UnusableValuesAreRejected) {
  TimerConfig zero;
  zero.t1 = 0s;
  EXPECT_THROW(TransactionLayer{zero}, std::invalid_argument);
  TimerConfig inverted;
  inverted.t2 = 100ms;
  EXPECT_THROW(TransactionLayer{inverted}, std::invalid_argument);
  TimerConfig negative;
  negative.t4 = -1s;
  EXPECT_THROW(check(negative), std::invalid_argument);
  EXPECT_NO_THROW(check(TimerConfig{}));
}

TEST(TransactionTimerConfig, ALayerRunsOnItsOwnT1) {
  TimerConfig fast;
  fast.t1 = 100ms;
  fast.t2 = 400ms;
  base::ManualClock clock;
  TransactionLayer layer(fast);
  layer.send_request(request("OPTIONS"), udp_server, clock.now());
  (void)layer.take_actions();
  const auto timed = run_until(layer, clock, 10s);
  EXPECT_EQ(times_of<Send>(timed),
            ms({100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3500, 3900, 4300, 4700, 5100, 5500, 5900, 6300}));
  EXPECT_EQ(times_of<TransactionTimeout>(timed), ms({6400}));
}

TEST(TransactionLayerDeadline, AnEmptyLayerHasNone) {
  TransactionLayer layer;
  EXPECT_FALSE(layer.next_deadline());
  EXPECT_EQ(layer.size(), 0u);
  layer.on_timer(base::TimePoint{} + 1h);
  EXPECT_TRUE(layer.take_actions().empty());
}

TEST(TransactionLayerDeadline, NextDeadlineIsTheEarliestTimerOfAnyTransaction) {
  base::ManualClock clock;
  TransactionLayer layer;
  const auto at = [](base::Duration d) { return base::TimePoint{} + d; };

  const Message options = request("OPTIONS");
  layer.send_request(options, udp_server, clock.now());  // E 0.5 s, F 32 s
  EXPECT_EQ(layer.next_deadline(), at(500ms));
  clock.set(at(100ms));
  layer.send_request(request("INVITE", "z9hG4bKinv"), tcp_server, clock.now());  // B 32.1 s
  clock.set(at(200ms));
  RequestSpec info{.method = "INFO", .branch = "z9hG4bKinfo"};
  layer.on_message(request(info), udp_client, clock.now());
  const TransactionId server = all_of<RequestReceived>(layer.take_actions()).at(0).server;
  layer.send_response(server, response(request(info), 200), clock.now());  // J 32.2 s
  EXPECT_EQ(layer.next_deadline(), at(500ms));
  EXPECT_EQ(layer.size(), 3u);

  // Each step of the clock: nothing fires just before next_deadline(), something is due at it.
  clock.set(at(1s));
  layer.on_timer(clock.now());
  EXPECT_EQ(layer.next_deadline(), at(1500ms));
  layer.on_message(response(options, 200), udp_server, clock.now());  // K 6 s replaces E and F
  EXPECT_EQ(layer.next_deadline(), at(6s));
  layer.on_timer(at(6s) - 1ns);
  EXPECT_EQ(layer.size(), 3u);
  layer.on_timer(at(6s));
  EXPECT_EQ(layer.size(), 2u);
  EXPECT_EQ(layer.next_deadline(), at(32100ms));
  layer.on_timer(at(32100ms));
  EXPECT_EQ(layer.next_deadline(), at(32200ms));
  layer.on_timer(at(32200ms));
  EXPECT_EQ(layer.size(), 0u);
  EXPECT_FALSE(layer.next_deadline());
}

TEST(TransactionLayerDeadline, NextDeadlineNeverLiesAcrossARandomisedScenario) {
  // Many transactions of every kind started at odd instants; after every step the reported
  // deadline must be the first instant at which on_timer() changes anything.
  base::ManualClock clock;
  TransactionLayer layer;
  std::vector<TransactionId> servers;
  for (int i = 0; i < 12; ++i) {
    clock.set(base::TimePoint{} + std::chrono::milliseconds(137 * i));
    layer.on_timer(clock.now());
    const Peer& peer = i % 3 == 0 ? tcp_server : udp_server;
    RequestSpec s{.method = i % 2 == 0 ? "INVITE" : "MESSAGE", .branch = "z9hG4bKc" + std::to_string(i)};
    layer.send_request(request(s), peer, clock.now());
    RequestSpec r{.method = i % 2 == 0 ? "INVITE" : "NOTIFY", .branch = "z9hG4bKs" + std::to_string(i)};
    layer.on_message(request(r), i % 4 == 0 ? tcp_client : udp_client, clock.now());
    for (const auto& got : all_of<RequestReceived>(layer.take_actions())) {
      layer.send_response(got.server, response(got.request, 400 + i), clock.now());
      servers.push_back(got.server);
    }
  }
  (void)layer.take_actions();
  while (const auto next = layer.next_deadline()) {
    ASSERT_GE(*next, clock.now());
    const std::size_t before = layer.size();
    layer.on_timer(*next - 1ns);
    ASSERT_TRUE(layer.take_actions().empty());
    ASSERT_EQ(layer.size(), before);
    clock.set(*next);
    layer.on_timer(clock.now());
    const Actions fired = layer.take_actions();
    ASSERT_TRUE(!fired.empty() || layer.size() < before || layer.next_deadline() != next)
        << "a deadline at which nothing was due";
    ASSERT_NE(layer.next_deadline(), next);
  }
  EXPECT_EQ(layer.size(), 0u);
  EXPECT_LE(clock.now(), base::TimePoint{} + 2min);
}

TEST(TransactionLayerDeadline, ALateTimerCallReplaysEveryExpiryInOrder) {
  base::ManualClock stepped_clock;
  TransactionLayer stepped;
  TransactionLayer late;
  const Message invite = request("INVITE");
  stepped.send_request(invite, udp_server, stepped_clock.now());
  late.send_request(invite, udp_server, base::TimePoint{});
  (void)stepped.take_actions();
  (void)late.take_actions();
  Actions expected;
  for (Timed& t : run_until(stepped, stepped_clock, 40s)) expected.push_back(std::move(t.action));
  late.on_timer(base::TimePoint{} + 40s);
  EXPECT_EQ(late.take_actions(), expected);
  EXPECT_EQ(late.size(), 0u);
}

TEST(TransactionLayerDeadline, ActionsFromSeveralTransactionsComeOutInTimeOrder) {
  base::ManualClock clock;
  TransactionLayer layer;
  const Message a = request("OPTIONS", "z9hG4bKa");
  const Message b = request("OPTIONS", "z9hG4bKb");
  layer.send_request(a, udp_server, clock.now());
  clock.advance(200ms);
  layer.send_request(b, udp_server, clock.now());
  (void)layer.take_actions();
  layer.on_timer(base::TimePoint{} + 2s);  // a at 0.5, b at 0.7, a at 1.5, b at 1.7
  const auto sends = all_of<Send>(layer.take_actions());
  ASSERT_EQ(sends.size(), 4u);
  EXPECT_EQ(sends[0].message, a);
  EXPECT_EQ(sends[1].message, b);
  EXPECT_EQ(sends[2].message, a);
  EXPECT_EQ(sends[3].message, b);
}

TEST(TransactionLayerDeadline, TransportErrorReachesOnlyThatPeersTransactions) {
  base::ManualClock clock;
  TransactionLayer layer;
  const TransactionId udp = layer.send_request(request("OPTIONS", "z9hG4bKu"), udp_server, clock.now());
  const TransactionId tcp = layer.send_request(request("OPTIONS", "z9hG4bKt"), tcp_server, clock.now());
  (void)layer.take_actions();
  layer.on_transport_error(tcp_server, clock.now());
  EXPECT_EQ(layer.take_actions(), (Actions{TransportError{tcp}}));
  EXPECT_TRUE(layer.contains(udp));
  EXPECT_EQ(layer.next_deadline(), clock.now() + 500ms) << "the dead transaction's timers are gone";
}

}  // namespace
}  // namespace disco::sip::test
