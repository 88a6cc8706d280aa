#pragma once
// CHORD-RELOAD's overlay-specific bodies (RFC 6940 s10): ChordUpdate, the UpdateReq body (s10.7);
// ChordRouteQueryAns, the RouteQueryAns body (s10.8); ChordLeaveData, the LeaveReq
// overlay_specific_data (s10.9). They live with the other bodies because they are plain
// presentation-language structs; the Chord algorithm that fills them is the topology plug-in's.

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/reload/msg/common.hpp"

namespace disco::reload::msg {

enum class ChordUpdateType : std::uint8_t { invalid = 0, peer_ready = 1, neighbors = 2, full = 3 };

// The sender can be routed through now; also a connectivity check to non-neighbours.
struct ChordPeerReady {
  friend bool operator==(const ChordPeerReady&, const ChordPeerReady&) = default;
};
// Sent to members of the neighbour table.
struct ChordNeighbors {
  std::vector<NodeId> predecessors;
  std::vector<NodeId> successors;
  friend bool operator==(const ChordNeighbors&, const ChordNeighbors&) = default;
};
// The answer to a RouteQueryReq with send_update. fingers go in numerically ascending order; the
// codec keeps whatever order it is given.
struct ChordFull {
  std::vector<NodeId> predecessors;
  std::vector<NodeId> successors;
  std::vector<NodeId> fingers;
  friend bool operator==(const ChordFull&, const ChordFull&) = default;
};

// No length field: an unknown ChordUpdateType cannot be skipped and is wire::errc::unknown_type;
// type 0 is invalid_value.
struct ChordUpdate {
  std::uint32_t uptime = 0;  // seconds
  std::variant<ChordPeerReady, ChordNeighbors, ChordFull> value;

  [[nodiscard]] ChordUpdateType type() const;
  friend bool operator==(const ChordUpdate&, const ChordUpdate&) = default;
};

struct ChordRouteQueryAns {
  NodeId next_peer;
  friend bool operator==(const ChordRouteQueryAns&, const ChordRouteQueryAns&) = default;
};

enum class ChordLeaveType : std::uint8_t { invalid = 0, from_succ = 1, from_pred = 2 };

// The Leave was sent by a successor of the receiver, with the sender's successor list.
struct ChordLeaveFromSucc {
  std::vector<NodeId> successors;
  friend bool operator==(const ChordLeaveFromSucc&, const ChordLeaveFromSucc&) = default;
};
// The Leave was sent by a predecessor of the receiver, with the sender's predecessor list.
struct ChordLeaveFromPred {
  std::vector<NodeId> predecessors;
  friend bool operator==(const ChordLeaveFromPred&, const ChordLeaveFromPred&) = default;
};

// Unknown type is unknown_type, 0 invalid_value, as for ChordUpdate.
struct ChordLeaveData {
  std::variant<ChordLeaveFromSucc, ChordLeaveFromPred> value;

  [[nodiscard]] ChordLeaveType type() const;
  friend bool operator==(const ChordLeaveData&, const ChordLeaveData&) = default;
};

void encode(wire::Writer& w, const ChordUpdate& v, const CodecContext& ctx);
void decode(wire::Reader& r, ChordUpdate& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ChordRouteQueryAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, ChordRouteQueryAns& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ChordLeaveData& v, const CodecContext& ctx);
void decode(wire::Reader& r, ChordLeaveData& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
