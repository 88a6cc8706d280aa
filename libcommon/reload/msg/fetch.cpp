#include "libcommon/reload/msg/fetch.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const FetchReq& v, const CodecContext& ctx) {
  auto scope = w.enter("FetchReq");
  encode(w, v.resource, ctx);
  w.prefixed(2, "specifiers", [&] {
    for (const auto& s : v.specifiers) encode(w, s, ctx);
  });
}

void decode(wire::Reader& r, FetchReq& out, const CodecContext& ctx) {
  auto scope = r.enter("FetchReq");
  decode(r, out.resource, ctx);
  r.list(2, "specifiers", [&](wire::Reader& item) {
    StoredDataSpecifier s;
    decode(item, s, ctx);
    if (item.ok()) out.specifiers.push_back(std::move(s));
  });
}

void encode(wire::Writer& w, const FetchKindResponse& v, const CodecContext& ctx) {
  auto scope = w.enter("FetchKindResponse");
  w.u32(v.kind);
  w.u64(v.generation);
  encode_kind_values(w, v.kind, v.values, ctx);
}

void decode(wire::Reader& r, FetchKindResponse& out, const CodecContext& ctx) {
  auto scope = r.enter("FetchKindResponse");
  out.kind = r.u32("kind");
  out.generation = r.u64("generation");
  if (!r.ok()) return;
  decode_kind_values(r, out.kind, out.values, ctx);
}

void encode(wire::Writer& w, const FetchAns& v, const CodecContext& ctx) {
  auto scope = w.enter("FetchAns");
  w.prefixed(4, "kind_responses", [&] {
    for (const auto& k : v.kind_responses) encode(w, k, ctx);
  });
}

void decode(wire::Reader& r, FetchAns& out, const CodecContext& ctx) {
  auto scope = r.enter("FetchAns");
  r.list(4, "kind_responses", [&](wire::Reader& item) {
    FetchKindResponse k;
    decode(item, k, ctx);
    if (item.ok()) out.kind_responses.push_back(std::move(k));
  });
}

}  // namespace disco::reload::msg
