// CHORD-RELOAD routing table (RFC 6940 s10.1, s10.3) on hand-placed ids.

#include "libcommon/topology/chord/routing_table.hpp"

#include <gtest/gtest.h>

namespace disco::topology::chord {
namespace {

// An id whose first byte is `b` and the rest zero: positions b * 2^120 on the ring.
reload::NodeId at(std::uint8_t b) {
  base::Bytes x(16, 0);
  x[0] = b;
  return *reload::NodeId::from_bytes(x);
}
RingPos pos(std::uint8_t b) { return RingPos::of(at(b)); }

TEST(Ring, ArcsWrapAroundZero) {
  EXPECT_TRUE(RingPos::in_arc(pos(0xf0), pos(0x10), pos(0x00)));
  EXPECT_TRUE(RingPos::in_arc(pos(0xf0), pos(0x10), pos(0x10)));
  EXPECT_FALSE(RingPos::in_arc(pos(0xf0), pos(0x10), pos(0xf0)));
  EXPECT_FALSE(RingPos::in_arc(pos(0xf0), pos(0x10), pos(0x80)));
  EXPECT_TRUE(RingPos::in_arc(pos(0x10), pos(0x10), pos(0x80)));  // a == b: the whole ring
  EXPECT_TRUE(RingPos::in_open_arc(pos(0xf0), pos(0x10), pos(0x01)));
  EXPECT_FALSE(RingPos::in_open_arc(pos(0xf0), pos(0x10), pos(0x10)));
}

TEST(Ring, FingerStartsHalveTowardsSelf) {
  EXPECT_EQ(pos(0x00).finger_start(1), pos(0x80));
  EXPECT_EQ(pos(0x00).finger_start(2), pos(0x40));
  EXPECT_EQ(pos(0xc0).finger_start(1), pos(0x40));  // wraps
  EXPECT_EQ(pos(0x00).finger_start(128), RingPos(1));
}

TEST(Ring, ConvertsIdsBothWays) {
  auto id = *reload::NodeId::from_hex("00112233445566778899aabbccddeeff");
  EXPECT_EQ(RingPos::of(id).to_node_id(), id);
  EXPECT_EQ(RingPos::of(id).to_hex(), "00112233445566778899aabbccddeeff");
  // A 20-byte id sits at the position of its first 16 bytes.
  auto long_id = *reload::NodeId::from_hex("00112233445566778899aabbccddeeff01020304");
  EXPECT_EQ(RingPos::of(long_id), RingPos::of(id));
  // A short Resource-ID is padded on the right.
  EXPECT_EQ(RingPos::of(reload::ResourceId{{0x80}}), pos(0x80));
}

TEST(RoutingTable, KeepsNearestSuccessorsAndPredecessorsInOrder) {
  RoutingTable t(at(0x40), TableSizes{3, 3, 16});
  for (std::uint8_t b : {0x10, 0x50, 0x90, 0x30, 0x60, 0x70, 0x20}) t.add(at(b));
  EXPECT_EQ(t.successors(), (std::vector<reload::NodeId>{at(0x50), at(0x60), at(0x70)}));
  EXPECT_EQ(t.predecessors(), (std::vector<reload::NodeId>{at(0x30), at(0x20), at(0x10)}));
  EXPECT_FALSE(t.add(at(0x90)));  // already known, no change
  EXPECT_FALSE(t.add(at(0x40)));  // never itself
  EXPECT_TRUE(t.improves_neighbors(at(0x45)));
  EXPECT_FALSE(t.improves_neighbors(at(0xa0)));  // beyond three successors and predecessors
}

TEST(RoutingTable, ResponsibleForTheArcFromItsPredecessor) {
  RoutingTable lone(at(0x40));
  EXPECT_TRUE(lone.responsible_for(pos(0x99)));  // a lone peer is responsible for everything
  RoutingTable t(at(0x40));
  t.add(at(0x20));
  t.add(at(0x80));
  EXPECT_TRUE(t.responsible_for(pos(0x40)));
  EXPECT_TRUE(t.responsible_for(pos(0x21)));
  EXPECT_FALSE(t.responsible_for(pos(0x20)));
  EXPECT_FALSE(t.responsible_for(pos(0x41)));
}

TEST(RoutingTable, NextHopIsTheLargestPeerNotPastTheTarget) {
  RoutingTable t(at(0x00), TableSizes{2, 2, 16});
  for (std::uint8_t b : {0x08, 0x10, 0x40, 0x80, 0xc0, 0xf0}) t.add(at(b));
  // Successors 0x08 0x10, predecessors 0xf0 0xc0; beyond them, fingers.
  EXPECT_EQ(t.next_hop(pos(0x50)), at(0x40));
  EXPECT_EQ(t.next_hop(pos(0x40)), at(0x40));  // (self, k] includes k
  EXPECT_EQ(t.next_hop(pos(0x9f)), at(0x80));
}

TEST(RoutingTable, InsideTheNeighbourListsTheResponsiblePeerIsTheNextHop) {
  RoutingTable t(at(0x00), TableSizes{2, 2, 16});
  for (std::uint8_t b : {0x08, 0x10, 0x40, 0x80, 0xc0, 0xf0}) t.add(at(b));
  EXPECT_EQ(t.next_hop(pos(0x04)), at(0x08));  // our successor's arc
  EXPECT_EQ(t.next_hop(pos(0x08)), at(0x08));
  EXPECT_EQ(t.next_hop(pos(0x09)), at(0x10));  // the second successor's, not via the first
  EXPECT_EQ(t.next_hop(pos(0xd0)), at(0xf0));  // between the predecessors: the one after k
  EXPECT_EQ(t.next_hop(pos(0xc0)), at(0xc0));  // the last predecessor's arc is not known: (self, k]
}

TEST(RoutingTable, FingersPointIntoTheirRanges) {
  RoutingTable t(at(0x00), TableSizes{1, 1, 4});
  t.add(at(0x90));  // finger 1: [0x80, 0x00)
  t.add(at(0x85));  // nearer to 0x80: replaces
  t.add(at(0x50));  // finger 2: [0x40, 0x80)
  t.add(at(0x25));  // finger 3: [0x20, 0x40)
  ASSERT_EQ(t.fingers().size(), 4U);
  EXPECT_EQ(t.fingers()[0], at(0x85));
  EXPECT_EQ(t.fingers()[1], at(0x50));
  EXPECT_EQ(t.fingers()[2], at(0x25));
  EXPECT_FALSE(t.fingers()[3].has_value());  // [0x10, 0x20): nobody
  EXPECT_TRUE(t.contains(at(0x90)));         // still a predecessor
}

TEST(RoutingTable, AConnectedPeerThatIsNoFingerStillServesAsNextHop) {
  RoutingTable t(at(0x00), TableSizes{1, 1, 4});
  for (std::uint8_t b : {0x10, 0xf0, 0x85, 0x90, 0xa0}) t.add(at(b));
  ASSERT_EQ(t.fingers()[0], at(0x85));  // the finger of [0x80, 0x00) is the peer nearest 0x80
  EXPECT_FALSE(t.contains(at(0xa0)));   // neither neighbour nor finger
  EXPECT_EQ(t.next_hop(pos(0xa8)), at(0xa0));
  EXPECT_EQ(t.next_hop(pos(0x9f)), at(0x90));
  t.remove(at(0xa0));
  EXPECT_EQ(t.next_hop(pos(0xa8)), at(0x90));
}

TEST(RoutingTable, RemovingANeighbourPromotesTheNextKnownPeer) {
  RoutingTable t(at(0x00), TableSizes{1, 1, 8});
  t.add(at(0x10));
  t.add(at(0x80));  // a finger only: the successor list has room for one
  EXPECT_EQ(t.successors(), (std::vector<reload::NodeId>{at(0x10)}));
  EXPECT_TRUE(t.remove(at(0x10)));
  EXPECT_EQ(t.successors(), (std::vector<reload::NodeId>{at(0x80)}));
  EXPECT_FALSE(t.contains(at(0x10)));
}

TEST(RoutingTable, ReplicaRankCountsPredecessorsBetween) {
  RoutingTable t(at(0x40), TableSizes{3, 3, 8});
  for (std::uint8_t b : {0x30, 0x20, 0x10, 0x50}) t.add(at(b));
  EXPECT_EQ(t.replica_rank(pos(0x35)), 0U);  // ours
  EXPECT_EQ(t.replica_rank(pos(0x25)), 1U);  // 0x30's; we are its first successor
  EXPECT_EQ(t.replica_rank(pos(0x15)), 2U);
  EXPECT_FALSE(t.replica_rank(pos(0x05)).has_value());
  // Five peers in all: the successor list wraps round to the lowest id.
  EXPECT_EQ(t.replica_peers(2), (std::vector<reload::NodeId>{at(0x50), at(0x10)}));
}

TEST(RoutingTable, ResponsiblePartsPerBillion) {
  RoutingTable t(at(0x80));
  t.add(at(0x00));
  EXPECT_NEAR(t.responsible_ppb(), 500000000U, 10U);
}

}  // namespace
}  // namespace disco::topology::chord
