#pragma once
// RouteQuery (RFC 6940 s6.4.2.4). RouteQueryAns is "completely overlay specific", so there is no
// generic type for it: for CHORD-RELOAD it is ChordRouteQueryAns (chord.hpp).

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/destination.hpp"

namespace disco::reload::msg {

struct RouteQueryReq {
  bool send_update = false;           // ask the responder to send an Update (CHORD: type full) right away
  Destination destination;            // any Destination, opaque IDs included (s6.4.2.4.1)
  base::Bytes overlay_specific_data;  // empty for CHORD-RELOAD (s10.8)
  friend bool operator==(const RouteQueryReq&, const RouteQueryReq&) = default;
};

void encode(wire::Writer& w, const RouteQueryReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, RouteQueryReq& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
