// The overlay::Node engine on a small simulated network (tests/support/sim_world): joins, storage
// with replication, end-to-end retransmission, failure repair and graceful leave (RFC 6940 s6.2.1,
// s10.4-s10.9). The 100/1,000/10,000-peer runs are in tests/sim.

#include "libcommon/overlay/node/node.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "libcommon/storage/digest.hpp"
#include "tests/support/sim_world.hpp"

namespace disco::overlay {
namespace {

using namespace std::chrono_literals;
namespace msg = reload::msg;
using topology::chord::RingPos;

class NodeTest : public ::testing::Test {
 protected:
  void make(std::size_t n) {
    sim::WorldOptions o;
    o.nodes = n;
    o.seed = 42;
    o.node.overlay_name = "unit.test";
    o.node.overlay_hash = 0xabcd;
    o.node.codec.kinds = kinds_.kind_table();
    o.node.codec.limits.max_message_size = 16384;
    o.node.update_interval = 10s;
    o.node.liveness_timeout = 25s;
    o.node.finger_refresh_interval = 60s;
    o.node.replication_interval = 10s;
    world_ = std::make_unique<sim::World>(o, sim::RttMatrix::synthetic(8), kinds_);
    for (std::size_t i = 0; i < n; ++i) {
      world_->start(i);
      world_->run_for(200ms);
    }
    world_->run_for(30s);
  }

  reload::ResourceId resource_of(std::size_t writer) const {
    auto u = world_->user(writer);
    return storage::overlay_hash(base::BytesView(reinterpret_cast<const std::uint8_t*>(u.data()), u.size()));
  }

  Outcome store(std::size_t writer, const std::string& key, const std::string& value) {
    ValueToStore v;
    v.value.value = msg::DictionaryEntry{base::Bytes(key.begin(), key.end()),
                                         msg::DataValue{true, base::Bytes(value.begin(), value.end())}};
    Outcome out;
    world_->node(writer).store(resource_of(writer), sim::note_kind, {v}, 0, world_->now(),
                               [&](const Outcome& o) { out = o; });
    world_->run_for(10s);
    return out;
  }

  std::optional<std::string> fetch(std::size_t via, std::size_t writer, const std::string& key,
                                   Outcome* outcome = nullptr) {
    msg::FetchReq f;
    f.resource = resource_of(writer);
    msg::StoredDataSpecifier s;
    s.kind = sim::note_kind;
    s.model_specifier = msg::DictionarySpecifier{{base::Bytes(key.begin(), key.end())}};
    f.specifiers.push_back(s);
    Outcome out;
    world_->node(via).fetch(f, world_->now(), [&](const Outcome& o) { out = o; });
    world_->run_for(20s);
    if (outcome != nullptr) *outcome = out;
    const auto* a = std::get_if<msg::FetchAns>(&out.answer.value);
    if (!out.ok() || a == nullptr || a->kind_responses.empty()) return std::nullopt;
    const auto* vs = std::get_if<std::vector<msg::StoredData>>(&a->kind_responses.front().values);
    if (vs == nullptr) return std::nullopt;
    for (const auto& sd : *vs)
      if (const auto* e = std::get_if<msg::DictionaryEntry>(&sd.value.value); e && e->value.exists)
        return std::string(e->value.value.begin(), e->value.value.end());
    return std::nullopt;
  }

  std::size_t copies(std::size_t writer) {
    std::size_t c = 0;
    for (std::size_t i = 0; i < world_->size(); ++i)
      if (world_->alive(i) && world_->node(i).state() == NodeState::ready &&
          world_->node(i).store_data().contains(resource_of(writer)))
        ++c;
    return c;
  }

  bool ring_correct() {
    auto ring = world_->ring();
    for (std::size_t k = 0; k < ring.size(); ++k) {
      const auto& t = world_->node(ring[k]).routing_table();
      if (t.successors().empty() || t.successors().front() != world_->id(ring[(k + 1) % ring.size()])) return false;
      if (t.predecessors().empty() || t.predecessors().front() != world_->id(ring[(k + ring.size() - 1) % ring.size()]))
        return false;
    }
    return true;
  }

  storage::KindRegistry kinds_ = sim::note_kind_registry();
  std::unique_ptr<sim::World> world_;
};

TEST_F(NodeTest, FivePeersFormACorrectRing) {
  make(5);
  EXPECT_EQ(world_->ring().size(), 5U);
  EXPECT_TRUE(ring_correct());
  // Three successors and predecessors at least (s10.3), here all four other peers.
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(world_->node(i).routing_table().successors().size(), 4U);
}

TEST_F(NodeTest, ALonePeerAnswersItsOwnRequests) {
  make(1);
  ASSERT_EQ(world_->node(0).state(), NodeState::ready);
  auto s = store(0, "k", "v");
  ASSERT_TRUE(s.ok()) << s.detail;
  EXPECT_EQ(s.hops, 0U);
  EXPECT_EQ(fetch(0, 0, "k"), "v");
}

TEST_F(NodeTest, AFetchFromTheResponsiblePeerItselfSkipsTheMessageSignatures) {
  make(6);
  ASSERT_TRUE(store(1, "k", "v").ok());
  const auto responsible = world_->responsible_for(RingPos::of(resource_of(1)));
  const auto other =
      (responsible + 1) % world_->size() == 1 ? (responsible + 2) % world_->size() : (responsible + 1) % world_->size();
  world_->run_for(60s);  // past the replication sweeps, so the counters below see only the fetch

  msg::FetchReq f;
  f.resource = resource_of(1);
  msg::StoredDataSpecifier spec;
  spec.kind = sim::note_kind;
  spec.model_specifier = msg::DictionarySpecifier{{base::Bytes{'k'}}};
  f.specifiers.push_back(spec);

  // Through another peer: request and answer cross the network and are verified (s6.3.4), and
  // so is the value (s7.4.2.2). Background traffic adds to the counters, never subtracts.
  auto messages = world_->messages_delivered();
  auto checks = world_->verifications();
  Outcome remote;
  world_->node(other).fetch(f, world_->now(), [&](const Outcome& o) { remote = o; });
  world_->run_for(1s);
  ASSERT_TRUE(remote.ok()) << remote.detail;
  EXPECT_GE(remote.hops, 1U);
  EXPECT_GE(world_->messages_delivered() - messages, 2U);
  EXPECT_GE(world_->verifications() - checks, 3U);

  // Through the responsible peer: answered at once, nothing on the wire, only the value checked.
  messages = world_->messages_delivered();
  checks = world_->verifications();
  Outcome local;
  world_->node(responsible).fetch(f, world_->now(), [&](const Outcome& o) { local = o; });
  ASSERT_TRUE(local.ok()) << local.detail;
  EXPECT_EQ(local.hops, 0U);
  EXPECT_EQ(local.responder, world_->id(responsible));
  EXPECT_EQ(world_->messages_delivered() - messages, 0U);
  EXPECT_EQ(world_->verifications() - checks, 1U);
  const auto& values =
      std::get<std::vector<msg::StoredData>>(std::get<msg::FetchAns>(local.answer.value).kind_responses.at(0).values);
  ASSERT_EQ(values.size(), 1U);
  EXPECT_EQ(std::get<msg::DictionaryEntry>(values[0].value.value).value.value, base::Bytes{'v'});
}

TEST_F(NodeTest, InASmallOverlayPeersLinkToAllOthersOnceAndReachDataInOneHop) {
  make(24);
  // Every peer links to every other (without link_small_overlay() about 75%; with its grid of
  // lookups alone, 90%), and over one link only: the Attach tie-breaker (s6.5.1.2) settles the
  // pairs that attach to each other at once, which would otherwise each open a connection.
  for (std::size_t i = 0; i < world_->size(); ++i) {
    std::set<reload::NodeId> peers;
    const auto links = world_->node(i).connected_peers();
    for (const auto& [peer, link] : links) peers.insert(peer);
    EXPECT_EQ(peers.size(), world_->size() - 1) << "peer " << i;
    EXPECT_EQ(world_->node(i).link_count(), peers.size()) << "peer " << i << " holds two links to one peer";
    EXPECT_EQ(world_->node(i).linked_ring_peer_count(), world_->size() - 1) << "peer " << i;
  }
  std::mt19937_64 rng(3);
  std::vector<std::size_t> hops;
  std::size_t direct = 0;
  for (std::size_t i = 0; i < world_->size(); ++i) direct += world_->node(i).stats().direct_requests;
  for (int l = 0; l < 100; ++l) {
    base::Bytes key(16);
    for (auto& b : key) b = static_cast<std::uint8_t>(rng());
    msg::FetchReq f;
    f.resource = reload::ResourceId{key};
    f.specifiers.push_back(msg::StoredDataSpecifier{sim::note_kind, 0, msg::DictionarySpecifier{}});
    const auto expect = world_->id(world_->responsible_for(RingPos::of(f.resource)));
    world_->node(rng() % world_->size()).fetch(f, world_->now(), [&, expect](const Outcome& o) {
      EXPECT_TRUE(o.ok()) << o.detail;
      EXPECT_EQ(o.responder, expect);
      hops.push_back(o.hops);
    });
    world_->run_for(100ms);
  }
  world_->run_for(5s);
  ASSERT_EQ(hops.size(), 100U);
  EXPECT_LE(*std::max_element(hops.begin(), hops.end()), 1U);
  std::size_t direct_after = 0;
  for (std::size_t i = 0; i < world_->size(); ++i) direct_after += world_->node(i).stats().direct_requests;
  EXPECT_GT(direct_after, direct);
}

TEST_F(NodeTest, StoreThroughOnePeerFetchThroughAnotherWithThreeCopies) {
  make(6);
  auto s = store(1, "greeting", "hello");
  ASSERT_TRUE(s.ok()) << s.detail;
  const auto* ans = std::get_if<msg::StoreAns>(&s.answer.value);
  ASSERT_NE(ans, nullptr);
  ASSERT_EQ(ans->kind_responses.size(), 1U);
  EXPECT_EQ(ans->kind_responses[0].generation_counter, 1U);
  EXPECT_EQ(ans->kind_responses[0].replicas.size(), 2U);  // s10.4: two successors
  EXPECT_EQ(s.responder, world_->id(world_->responsible_for(RingPos::of(resource_of(1)))));
  EXPECT_EQ(fetch(4, 1, "greeting"), "hello");
  EXPECT_EQ(copies(1), 3U);
  // Another peer's user may not write there (USER-MATCH, s7.3.1): the storing peer says Forbidden.
  ValueToStore v;
  v.value.value = msg::DictionaryEntry{{'x'}, msg::DataValue{true, {'y'}}};
  Outcome forbidden;
  world_->node(2).store(resource_of(1), sim::note_kind, {v}, 0, world_->now(),
                        [&](const Outcome& o) { forbidden = o; });
  world_->run_for(10s);
  ASSERT_EQ(forbidden.status, OutcomeStatus::error_response);
  EXPECT_EQ(std::get<msg::ErrorResponse>(forbidden.answer.value).error_code,
            static_cast<std::uint16_t>(msg::ErrorCode::forbidden));
}

TEST_F(NodeTest, ARequestNobodyAnswersIsSentFiveTimesThenTimesOut) {
  make(4);
  world_->kill(2);
  Outcome out;
  world_->node(0).ping(msg::Destination{world_->id(2)}, world_->now(), [&](const Outcome& o) { out = o; });
  world_->run_for(60s);
  EXPECT_EQ(out.status, OutcomeStatus::timeout);
  EXPECT_EQ(out.transmissions, 5);  // s6.2.1: the first and four retransmissions, 3 s apart
  EXPECT_GE(out.rtt, 15s);
}

TEST_F(NodeTest, ASilentFailureIsDetectedAndTheRingAndCopiesRepaired) {
  make(6);
  ASSERT_TRUE(store(3, "k", "v").ok());
  world_->run_for(20s);
  auto responsible = world_->responsible_for(RingPos::of(resource_of(3)));
  world_->kill(responsible);
  // Detection within a liveness timeout plus a Ping; then Updates and a replication sweep.
  world_->run_for(90s);
  EXPECT_TRUE(ring_correct());
  for (std::size_t i = 0; i < 6; ++i) {
    if (!world_->alive(i)) continue;
    const auto& succ = world_->node(i).routing_table().successors();
    EXPECT_EQ(std::count(succ.begin(), succ.end(), world_->id(responsible)), 0);
  }
  EXPECT_EQ(copies(3), 3U);
  std::size_t via = responsible == 0 ? 1 : 0;
  EXPECT_EQ(fetch(via, 3, "k"), "v");
}

TEST_F(NodeTest, AGracefulLeaveHandsTheDataToTheSuccessor) {
  make(5);
  ASSERT_TRUE(store(2, "k", "v").ok());
  world_->run_for(20s);
  auto responsible = world_->responsible_for(RingPos::of(resource_of(2)));
  bool left = false;
  world_->node(responsible).leave(world_->now(), [&] { left = true; });
  world_->run_for(30s);
  EXPECT_TRUE(left);
  EXPECT_EQ(world_->node(responsible).state(), NodeState::left);
  EXPECT_EQ(world_->ring().size(), 4U);
  EXPECT_TRUE(ring_correct());
  EXPECT_EQ(copies(2), 3U);
  std::size_t via = responsible == 0 ? 1 : 0;
  EXPECT_EQ(fetch(via, 2, "k"), "v");
}

// s10.9 with several neighbours leaving at the same instant (one SIGTERM to many processes): the
// peer responsible for a value, both its replicas and the next peer after them all leave. The
// copies must end on the live peers, not on a successor that is itself leaving. (Handing over to
// the first successor, leaving or not, lost every copy of the values of writers 0, 2 and 3.)
TEST_F(NodeTest, FourAdjacentPeersLeavingTogetherHandTheDataToLivePeers) {
  make(10);
  for (std::size_t w = 0; w < 10; ++w) ASSERT_TRUE(store(w, "k", "v" + std::to_string(w)).ok());
  world_->run_for(20s);
  auto ring = world_->ring();
  ASSERT_EQ(ring.size(), 10U);
  auto at = std::find(ring.begin(), ring.end(), world_->responsible_for(RingPos::of(resource_of(2))));
  ASSERT_NE(at, ring.end());
  std::set<std::size_t> leaving;
  std::size_t exited = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    std::size_t i = ring[(static_cast<std::size_t>(at - ring.begin()) + k) % ring.size()];
    leaving.insert(i);
    world_->node(i).leave(world_->now(), [&, i] {
      ++exited;
      world_->kill(i);  // the process exits
    });
  }
  world_->run_for(60s);
  EXPECT_EQ(exited, 4U);
  EXPECT_EQ(world_->ring().size(), 6U);
  EXPECT_TRUE(ring_correct());
  std::size_t via = 0;
  while (leaving.contains(via)) ++via;
  for (std::size_t w = 0; w < 10; ++w) {
    EXPECT_GE(copies(w), 3U) << "writer " << w;
    EXPECT_EQ(fetch(via, w, "k"), "v" + std::to_string(w)) << "writer " << w;
  }
}

TEST_F(NodeTest, ASteadyStoreLoadSendsEachValueToTheTwoReplicasOnly) {
  make(5);
  world_->run_for(75s);  // past the first anti-entropy round (10 replication intervals)
  std::uint64_t pushes_before = 0;
  std::uint64_t out_before = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    pushes_before += world_->node(i).stats().replica_pushes;
    out_before += world_->node(i).stats().messages_out;
  }
  // One store every 0.5 s for 40 s: every accepted replica value schedules a sweep (about one a
  // second), but a sweep with nothing to move sends nothing, and new data is not a topology change.
  const int stores = 80;
  for (int k = 0; k < stores; ++k) {
    ValueToStore v;
    auto key = "k" + std::to_string(k);
    v.value.value = msg::DictionaryEntry{base::Bytes(key.begin(), key.end()), msg::DataValue{true, {0x76}}};
    world_->node(1).store(resource_of(1), sim::note_kind, {v}, 0, world_->now(), [](const Outcome&) {});
    world_->run_for(500ms);
  }
  world_->run_for(2s);
  std::uint64_t pushes = 0;
  std::uint64_t out = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    pushes += world_->node(i).stats().replica_pushes;
    out += world_->node(i).stats().messages_out;
  }
  EXPECT_EQ(pushes - pushes_before, 2U * stores);
  // Per store: request and answer, two replica Stores and their answers (hop-by-hop acks are not
  // messages), with the periodic Updates and their answers riding along: about 8.7 per store. When
  // every accepted replica value also counted as a topology change, each sent Updates to all
  // neighbours: 16.7 per store.
  EXPECT_LT(out - out_before, 10U * stores);
  EXPECT_EQ(copies(1), 3U);
}

}  // namespace
}  // namespace disco::overlay
