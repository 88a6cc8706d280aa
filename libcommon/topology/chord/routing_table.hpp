#pragma once
// The CHORD-RELOAD Routing Table of one peer (RFC 6940 s10.3): successor and predecessor lists
// (the Neighbor Table) and the finger table. It holds only peers the owner has a connection to and
// has seen in the ring; the node engine decides that and feeds this table.

#include <cstddef>
#include <optional>
#include <set>
#include <vector>

#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/topology/chord/ring.hpp"

namespace disco::topology::chord {

struct TableSizes {
  // s10.3: "MUST try to maintain at least three predecessors and three successors"; five of each
  // keep the ring whole when several adjacent peers fail at once (the churn simulation kills 10%).
  std::size_t successors = 5;
  std::size_t predecessors = 5;
  // s10.3: at least 16 fingers, up to 128. Finger i covers [x + 2^(128-i), x + 2^(129-i)); beyond
  // log2(N) the ranges fall inside the successor, so 24 serves rings of a few million peers.
  std::size_t fingers = 24;
};

class RoutingTable {
 public:
  explicit RoutingTable(reload::NodeId self, TableSizes sizes = {});

  [[nodiscard]] const reload::NodeId& self() const { return self_; }
  [[nodiscard]] RingPos self_pos() const { return self_pos_; }
  [[nodiscard]] const std::vector<reload::NodeId>& successors() const { return successors_; }
  [[nodiscard]] const std::vector<reload::NodeId>& predecessors() const { return predecessors_; }
  // Finger i (1-based) or nullopt; fingers().size() == sizes.fingers.
  [[nodiscard]] const std::vector<std::optional<reload::NodeId>>& fingers() const { return fingers_; }
  [[nodiscard]] const TableSizes& sizes() const { return sizes_; }

  // Adds a connected in-ring peer where it fits. Returns true when the Neighbor Table changed
  // (chord-reactive peers send Updates then, s10.7.4.1).
  bool add(const reload::NodeId& peer);
  // Removes a peer everywhere (failure, s10.7.1, or Leave, s10.9). True if neighbours changed.
  bool remove(const reload::NodeId& peer);
  // Whether adding `peer` would change the Neighbor Table: worth an Attach (s10.7.4.2).
  [[nodiscard]] bool improves_neighbors(const reload::NodeId& peer) const;
  [[nodiscard]] bool contains(const reload::NodeId& peer) const;

  // s10.1: responsible for k iff predecessor < k <= self. Without a predecessor only a lone peer
  // (no successors either) is responsible for anything.
  [[nodiscard]] bool responsible_for(RingPos k) const;
  // s10.3: the peer with the largest id in (self, k]; if none, the smallest id after k. Every
  // connected peer counts, not only the fingers: a closer one saves hops.
  [[nodiscard]] std::optional<reload::NodeId> next_hop(RingPos k) const;
  // Every distinct peer in the table (neighbours first).
  [[nodiscard]] std::vector<reload::NodeId> peers() const;
  // The peers that should hold replicas of what this peer is responsible for (s10.4).
  [[nodiscard]] std::vector<reload::NodeId> replica_peers(std::size_t count = 2) const;
  // How many predecessors lie between the peer responsible for k and this one: 0 when this peer
  // is responsible, i when predecessors()[i-1] is; nullopt when k is beyond the predecessor list.
  [[nodiscard]] std::optional<std::size_t> replica_rank(RingPos k) const;
  // The start of finger i's range (1-based).
  [[nodiscard]] RingPos finger_start(std::size_t i) const { return self_pos_.finger_start(static_cast<unsigned>(i)); }
  // Fraction of the ring this peer is responsible for, in parts per billion (Probe, s6.4.2.5).
  [[nodiscard]] std::uint32_t responsible_ppb() const;

 private:
  void place_finger(const reload::NodeId& peer);

  reload::NodeId self_;
  RingPos self_pos_;
  TableSizes sizes_;
  std::vector<reload::NodeId> successors_;    // nearest first
  std::vector<reload::NodeId> predecessors_;  // nearest first
  std::vector<std::optional<reload::NodeId>> fingers_;
  // Every peer added and not removed, neighbour, finger or neither: the connections next_hop()
  // may also use (s10.7.4.2: "MAY choose to keep connections to multiple peers that can act for
  // a given Finger Table entry").
  std::set<reload::NodeId> connected_;
};

}  // namespace disco::topology::chord
