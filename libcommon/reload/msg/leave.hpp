#pragma once
// Leave (RFC 6940 s6.4.2.2): LeaveReq and the empty LeaveAns. CHORD-RELOAD's overlay_specific_data
// (ChordLeaveData, s10.9) is in chord.hpp.

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/common.hpp"

namespace disco::reload::msg {

// leaving_peer_id must match the signer (else Error_Forbidden), checked above the codec.
struct LeaveReq {
  NodeId leaving_peer_id;
  base::Bytes overlay_specific_data;  // CHORD-RELOAD: an encoded ChordLeaveData
  friend bool operator==(const LeaveReq&, const LeaveReq&) = default;
};

// "LeaveAns is an empty message": any byte in the body is trailing_bytes.
struct LeaveAns {
  friend bool operator==(const LeaveAns&, const LeaveAns&) = default;
};

void encode(wire::Writer& w, const LeaveReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, LeaveReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const LeaveAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, LeaveAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
