#include "libcommon/reload/msg/body.hpp"

#include "libcommon/reload/msg/codec.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const ExperimentalBody& v, const CodecContext& /*ctx*/) { w.raw(v.bytes); }

void decode(wire::Reader& r, ExperimentalBody& out, const CodecContext& /*ctx*/) {
  auto rest = r.fixed(r.remaining(), "message_body");
  out.bytes.assign(rest.begin(), rest.end());
}

namespace {

template <class T>
struct Tag {
  using type = T;
};

// Calls f(Tag<T>{}) with T the body type of `code`; every code of s14.8 has one.
template <class F>
auto with_body_type(MessageCode code, F&& f) {
  switch (code) {
    case MessageCode::probe_req: return f(Tag<ProbeReq>{});
    case MessageCode::probe_ans: return f(Tag<ProbeAns>{});
    case MessageCode::attach_req:
    case MessageCode::attach_ans: return f(Tag<AttachReqAns>{});
    case MessageCode::app_attach_req: return f(Tag<AppAttachReq>{});
    case MessageCode::app_attach_ans: return f(Tag<AppAttachAns>{});
    case MessageCode::ping_req: return f(Tag<PingReq>{});
    case MessageCode::ping_ans: return f(Tag<PingAns>{});
    case MessageCode::config_update_req: return f(Tag<ConfigUpdateReq>{});
    case MessageCode::config_update_ans: return f(Tag<ConfigUpdateAns>{});
    case MessageCode::join_req: return f(Tag<JoinReq>{});
    case MessageCode::join_ans: return f(Tag<JoinAns>{});
    case MessageCode::leave_req: return f(Tag<LeaveReq>{});
    case MessageCode::leave_ans: return f(Tag<LeaveAns>{});
    case MessageCode::update_req: return f(Tag<ChordUpdate>{});
    case MessageCode::update_ans: return f(Tag<UpdateAns>{});
    case MessageCode::route_query_req: return f(Tag<RouteQueryReq>{});
    case MessageCode::route_query_ans: return f(Tag<ChordRouteQueryAns>{});
    case MessageCode::store_req: return f(Tag<StoreReq>{});
    case MessageCode::store_ans: return f(Tag<StoreAns>{});
    case MessageCode::fetch_req: return f(Tag<FetchReq>{});
    case MessageCode::fetch_ans: return f(Tag<FetchAns>{});
    case MessageCode::stat_req: return f(Tag<StatReq>{});
    case MessageCode::stat_ans: return f(Tag<StatAns>{});
    case MessageCode::find_req: return f(Tag<FindReq>{});
    case MessageCode::find_ans: return f(Tag<FindAns>{});
    case MessageCode::error: return f(Tag<ErrorResponse>{});
    case MessageCode::exp_a_req:
    case MessageCode::exp_a_ans:
    case MessageCode::exp_b_req:
    case MessageCode::exp_b_ans: return f(Tag<ExperimentalBody>{});
  }
  return f(Tag<void>{});  // a code outside the registry
}

}  // namespace

base::result<Body, wire::DecodeError> decode_body(MessageCode code, base::BytesView in, const CodecContext& ctx) {
  return with_body_type(code, [&](auto tag) -> base::result<Body, wire::DecodeError> {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_void_v<T>) {
      return base::failure{wire::DecodeError{errc::unknown_message_code, "MessageContents", "message_code", 0}};
    } else {
      if (in.size() > ctx.limits.max_message_size) {
        return base::failure{wire::DecodeError{errc::message_too_large, "MessageContents", "message_body", 0}};
      }
      auto decoded = decode_as<T>(in, ctx);
      if (!decoded) return base::failure{decoded.error()};
      return Body{code, std::move(*decoded)};
    }
  });
}

base::result<base::Bytes, wire::EncodeError> encode_body(const Body& body, const CodecContext& ctx) {
  return with_body_type(body.code, [&](auto tag) -> base::result<base::Bytes, wire::EncodeError> {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_void_v<T>) {
      return base::failure{wire::EncodeError{errc::unknown_message_code, "MessageContents", "message_code"}};
    } else {
      const auto* value = std::get_if<T>(&body.value);
      if (value == nullptr) {
        return base::failure{wire::EncodeError{wire::errc::invalid_value, "MessageContents", "message_body"}};
      }
      return encode_as(*value, ctx);
    }
  });
}

}  // namespace disco::reload::msg
