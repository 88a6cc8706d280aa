#include "libcommon/reload/msg/route_query.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const RouteQueryReq& v, const CodecContext& ctx) {
  auto scope = w.enter("RouteQueryReq");
  w.boolean(v.send_update);
  encode(w, v.destination, ctx);
  w.opaque(2, v.overlay_specific_data, "overlay_specific_data");
}

void decode(wire::Reader& r, RouteQueryReq& out, const CodecContext& ctx) {
  auto scope = r.enter("RouteQueryReq");
  out.send_update = r.boolean("send_update");
  decode(r, out.destination, ctx);
  auto data = r.opaque(2, "overlay_specific_data");
  out.overlay_specific_data.assign(data.begin(), data.end());
}

}  // namespace disco::reload::msg
