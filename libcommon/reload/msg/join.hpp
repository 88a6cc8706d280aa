#pragma once
// Join (RFC 6940 s6.4.2.1): JoinReq and JoinAns.

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/common.hpp"

namespace disco::reload::msg {

// joining_peer_id must match the Node-ID that signed the message (else Error_Forbidden); that
// check belongs to the topology plug-in, which has the signer.
struct JoinReq {
  NodeId joining_peer_id;
  base::Bytes overlay_specific_data;  // empty for CHORD-RELOAD (s10.5 defines none)
  friend bool operator==(const JoinReq&, const JoinReq&) = default;
};

struct JoinAns {
  base::Bytes overlay_specific_data;
  friend bool operator==(const JoinAns&, const JoinAns&) = default;
};

void encode(wire::Writer& w, const JoinReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, JoinReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const JoinAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, JoinAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
