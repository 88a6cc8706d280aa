#include "libcommon/reload/msg/join.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const JoinReq& v, const CodecContext& ctx) {
  auto scope = w.enter("JoinReq");
  encode(w, v.joining_peer_id, ctx);
  w.opaque(2, v.overlay_specific_data, "overlay_specific_data");
}

void decode(wire::Reader& r, JoinReq& out, const CodecContext& ctx) {
  auto scope = r.enter("JoinReq");
  decode(r, out.joining_peer_id, ctx);
  auto data = r.opaque(2, "overlay_specific_data");
  out.overlay_specific_data.assign(data.begin(), data.end());
}

void encode(wire::Writer& w, const JoinAns& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("JoinAns");
  w.opaque(2, v.overlay_specific_data, "overlay_specific_data");
}

void decode(wire::Reader& r, JoinAns& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("JoinAns");
  auto data = r.opaque(2, "overlay_specific_data");
  out.overlay_specific_data.assign(data.begin(), data.end());
}

}  // namespace disco::reload::msg
