#include "libcommon/reload/msg/ping.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const PingReq& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("PingReq");
  w.opaque(2, v.padding, "padding");
}

void decode(wire::Reader& r, PingReq& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("PingReq");
  auto padding = r.opaque(2, "padding");
  out.padding.assign(padding.begin(), padding.end());
}

void encode(wire::Writer& w, const PingAns& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("PingAns");
  w.u64(v.response_id);
  w.u64(v.time);
}

void decode(wire::Reader& r, PingAns& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("PingAns");
  out.response_id = r.u64("response_id");
  out.time = r.u64("time");
}

}  // namespace disco::reload::msg
