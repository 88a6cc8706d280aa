#include "libcommon/reload/msg/leave.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const LeaveReq& v, const CodecContext& ctx) {
  auto scope = w.enter("LeaveReq");
  encode(w, v.leaving_peer_id, ctx);
  w.opaque(2, v.overlay_specific_data, "overlay_specific_data");
}

void decode(wire::Reader& r, LeaveReq& out, const CodecContext& ctx) {
  auto scope = r.enter("LeaveReq");
  decode(r, out.leaving_peer_id, ctx);
  auto data = r.opaque(2, "overlay_specific_data");
  out.overlay_specific_data.assign(data.begin(), data.end());
}

void encode(wire::Writer& /*w*/, const LeaveAns& /*v*/, const CodecContext& /*ctx*/) {}

// An empty body is always a whole message body, so checking the end here names the structure in
// the error rather than leaving it to decode_as.
void decode(wire::Reader& r, LeaveAns& /*out*/, const CodecContext& /*ctx*/) {
  auto scope = r.enter("LeaveAns");
  r.expect_end("LeaveAns");
}

}  // namespace disco::reload::msg
