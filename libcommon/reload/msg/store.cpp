#include "libcommon/reload/msg/store.hpp"

#include <algorithm>

namespace disco::reload::msg {

void encode(wire::Writer& w, const StoreKindData& v, const CodecContext& ctx) {
  auto scope = w.enter("StoreKindData");
  w.u32(v.kind);
  w.u64(v.generation_counter);
  encode_kind_values(w, v.kind, v.values, ctx);
}

void decode(wire::Reader& r, StoreKindData& out, const CodecContext& ctx) {
  auto scope = r.enter("StoreKindData");
  out.kind = r.u32("kind");
  out.generation_counter = r.u64("generation_counter");
  if (!r.ok()) return;
  decode_kind_values(r, out.kind, out.values, ctx);
}

void encode(wire::Writer& w, const StoreReq& v, const CodecContext& ctx) {
  auto scope = w.enter("StoreReq");
  encode(w, v.resource, ctx);
  w.u8(v.replica_number);
  w.prefixed(4, "kind_data", [&] {
    for (const auto& k : v.kind_data) encode(w, k, ctx);
  });
}

void decode(wire::Reader& r, StoreReq& out, const CodecContext& ctx) {
  auto scope = r.enter("StoreReq");
  decode(r, out.resource, ctx);
  out.replica_number = r.u8("replica_number");
  r.list(4, "kind_data", [&](wire::Reader& item) {
    StoreKindData k;
    decode(item, k, ctx);
    if (item.ok()) out.kind_data.push_back(std::move(k));
  });
}

void encode(wire::Writer& w, const StoreKindResponse& v, const CodecContext& ctx) {
  auto scope = w.enter("StoreKindResponse");
  w.u32(v.kind);
  w.u64(v.generation_counter);
  w.prefixed(2, "replicas", [&] {
    for (const auto& n : v.replicas) encode(w, n, ctx);
  });
}

void decode(wire::Reader& r, StoreKindResponse& out, const CodecContext& ctx) {
  auto scope = r.enter("StoreKindResponse");
  out.kind = r.u32("kind");
  out.generation_counter = r.u64("generation_counter");
  r.list(2, "replicas", [&](wire::Reader& item) {
    NodeId n;
    decode(item, n, ctx);
    if (item.ok()) out.replicas.push_back(n);
  });
}

void encode(wire::Writer& w, const StoreAns& v, const CodecContext& ctx) {
  auto scope = w.enter("StoreAns");
  w.prefixed(2, "kind_responses", [&] {
    for (const auto& k : v.kind_responses) encode(w, k, ctx);
  });
}

void decode(wire::Reader& r, StoreAns& out, const CodecContext& ctx) {
  auto scope = r.enter("StoreAns");
  r.list(2, "kind_responses", [&](wire::Reader& item) {
    StoreKindResponse k;
    decode(item, k, ctx);
    if (item.ok()) out.kind_responses.push_back(std::move(k));
  });
}

std::vector<KindId> unknown_kinds(const StoreReq& req) {
  std::vector<KindId> out;
  for (const auto& k : req.kind_data) {
    if (is_unknown_kind(k.values) && std::find(out.begin(), out.end(), k.kind) == out.end()) out.push_back(k.kind);
  }
  return out;
}

}  // namespace disco::reload::msg
