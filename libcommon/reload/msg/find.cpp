#include "libcommon/reload/msg/find.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const FindReq& v, const CodecContext& ctx) {
  auto scope = w.enter("FindReq");
  encode(w, v.resource, ctx);
  w.prefixed(1, "kinds", [&] {
    for (const auto k : v.kinds) w.u32(k);
  });
}

void decode(wire::Reader& r, FindReq& out, const CodecContext& ctx) {
  auto scope = r.enter("FindReq");
  decode(r, out.resource, ctx);
  r.list(1, "kinds", [&](wire::Reader& item) {
    const auto k = item.u32("kind");
    if (item.ok()) out.kinds.push_back(k);
  });
}

void encode(wire::Writer& w, const FindKindData& v, const CodecContext& ctx) {
  auto scope = w.enter("FindKindData");
  w.u32(v.kind);
  encode(w, v.closest, ctx);
}

void decode(wire::Reader& r, FindKindData& out, const CodecContext& ctx) {
  auto scope = r.enter("FindKindData");
  out.kind = r.u32("kind");
  decode(r, out.closest, ctx);
}

void encode(wire::Writer& w, const FindAns& v, const CodecContext& ctx) {
  auto scope = w.enter("FindAns");
  w.prefixed(2, "results", [&] {
    for (const auto& k : v.results) encode(w, k, ctx);
  });
}

void decode(wire::Reader& r, FindAns& out, const CodecContext& ctx) {
  auto scope = r.enter("FindAns");
  r.list(2, "results", [&](wire::Reader& item) {
    FindKindData k;
    decode(item, k, ctx);
    if (item.ok()) out.results.push_back(std::move(k));
  });
}

}  // namespace disco::reload::msg
