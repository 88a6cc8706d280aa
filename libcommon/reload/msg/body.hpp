#pragma once
// The typed body of a message, chosen by its message code (RFC 6940 s6.3.3, s14.8). Update and
// RouteQuery bodies are topology-plugin specific (s6.4.2); disco's only plugin is CHORD-RELOAD
// (s10), so they are ChordUpdate and ChordRouteQueryAns here.

#include <variant>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/app_attach.hpp"
#include "libcommon/reload/msg/attach.hpp"
#include "libcommon/reload/msg/chord.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/config_update.hpp"
#include "libcommon/reload/msg/error_response.hpp"
#include "libcommon/reload/msg/fetch.hpp"
#include "libcommon/reload/msg/find.hpp"
#include "libcommon/reload/msg/join.hpp"
#include "libcommon/reload/msg/leave.hpp"
#include "libcommon/reload/msg/message_code.hpp"
#include "libcommon/reload/msg/message_contents.hpp"
#include "libcommon/reload/msg/ping.hpp"
#include "libcommon/reload/msg/probe.hpp"
#include "libcommon/reload/msg/route_query.hpp"
#include "libcommon/reload/msg/stat.hpp"
#include "libcommon/reload/msg/store.hpp"
#include "libcommon/reload/msg/update.hpp"
#include "libcommon/wire/error.hpp"

namespace disco::reload::msg {

// exp_a / exp_b (s14.8) have no defined body; it is carried as bytes.
struct ExperimentalBody {
  base::Bytes bytes;
  friend bool operator==(const ExperimentalBody&, const ExperimentalBody&) = default;
};
void encode(wire::Writer& w, const ExperimentalBody& v, const CodecContext& ctx);
void decode(wire::Reader& r, ExperimentalBody& out, const CodecContext& ctx);

using BodyValue = std::variant<ProbeReq, ProbeAns, AttachReqAns, AppAttachReq, AppAttachAns, PingReq, PingAns,
                               ConfigUpdateReq, ConfigUpdateAns, JoinReq, JoinAns, LeaveReq, LeaveAns, ChordUpdate,
                               UpdateAns, RouteQueryReq, ChordRouteQueryAns, StoreReq, StoreAns, FetchReq, FetchAns,
                               StatReq, StatAns, FindReq, FindAns, ErrorResponse, ExperimentalBody>;

// The code is kept beside the value because some bodies share a type (AttachReqAns serves both
// attach_req and attach_ans, s6.5.1).
struct Body {
  MessageCode code = MessageCode::ping_req;
  BodyValue value;
  friend bool operator==(const Body&, const Body&) = default;
};

// Decodes `in` as the body of `code`; the whole input must be consumed.
base::result<Body, wire::DecodeError> decode_body(MessageCode code, base::BytesView in, const CodecContext& ctx);
inline base::result<Body, wire::DecodeError> decode_body(const MessageContents& c, const CodecContext& ctx) {
  return decode_body(c.message_code, c.message_body, ctx);
}
// Fails with wire::errc::invalid_value when the value's type is not the body of `code`.
base::result<base::Bytes, wire::EncodeError> encode_body(const Body& body, const CodecContext& ctx);

}  // namespace disco::reload::msg
