#include "libcommon/reload/msg/chord.hpp"

#include <string_view>

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

namespace {

// NodeId x<0..2^16-1>: the prefix counts bytes, so it is node_id_length times the entry count.
void encode_ids(wire::Writer& w, const std::vector<NodeId>& ids, std::string_view field, const CodecContext& ctx) {
  w.prefixed(2, field, [&] {
    for (const auto& id : ids) encode(w, id, ctx);
  });
}

void decode_ids(wire::Reader& r, std::vector<NodeId>& out, std::string_view field, const CodecContext& ctx) {
  r.list(2, field, [&](wire::Reader& item) {
    NodeId id;
    decode(item, id, ctx);
    if (item.ok()) out.push_back(id);
  });
}

}  // namespace

ChordUpdateType ChordUpdate::type() const {
  return std::visit(base::overloaded{
                        [](const ChordPeerReady&) { return ChordUpdateType::peer_ready; },
                        [](const ChordNeighbors&) { return ChordUpdateType::neighbors; },
                        [](const ChordFull&) { return ChordUpdateType::full; },
                    },
                    value);
}

void encode(wire::Writer& w, const ChordUpdate& v, const CodecContext& ctx) {
  auto scope = w.enter("ChordUpdate");
  w.u32(v.uptime);
  w.u8(static_cast<std::uint8_t>(v.type()));
  std::visit(base::overloaded{
                 [](const ChordPeerReady&) {},
                 [&](const ChordNeighbors& n) {
                   encode_ids(w, n.predecessors, "predecessors", ctx);
                   encode_ids(w, n.successors, "successors", ctx);
                 },
                 [&](const ChordFull& f) {
                   encode_ids(w, f.predecessors, "predecessors", ctx);
                   encode_ids(w, f.successors, "successors", ctx);
                   encode_ids(w, f.fingers, "fingers", ctx);
                 },
             },
             v.value);
}

void decode(wire::Reader& r, ChordUpdate& out, const CodecContext& ctx) {
  auto scope = r.enter("ChordUpdate");
  out.uptime = r.u32("uptime");
  const auto type = static_cast<ChordUpdateType>(r.u8("type"));
  if (!r.ok()) return;
  switch (type) {
    case ChordUpdateType::peer_ready: out.value = ChordPeerReady{}; break;
    case ChordUpdateType::neighbors: {
      ChordNeighbors n;
      decode_ids(r, n.predecessors, "predecessors", ctx);
      decode_ids(r, n.successors, "successors", ctx);
      out.value = std::move(n);
      break;
    }
    case ChordUpdateType::full: {
      ChordFull f;
      decode_ids(r, f.predecessors, "predecessors", ctx);
      decode_ids(r, f.successors, "successors", ctx);
      decode_ids(r, f.fingers, "fingers", ctx);
      out.value = std::move(f);
      break;
    }
    case ChordUpdateType::invalid: r.fail(wire::errc::invalid_value, "type", 1); break;
    default: r.fail(wire::errc::unknown_type, "type", 1); break;
  }
}

void encode(wire::Writer& w, const ChordRouteQueryAns& v, const CodecContext& ctx) {
  auto scope = w.enter("ChordRouteQueryAns");
  encode(w, v.next_peer, ctx);
}

void decode(wire::Reader& r, ChordRouteQueryAns& out, const CodecContext& ctx) {
  auto scope = r.enter("ChordRouteQueryAns");
  decode(r, out.next_peer, ctx);
}

ChordLeaveType ChordLeaveData::type() const {
  return std::holds_alternative<ChordLeaveFromSucc>(value) ? ChordLeaveType::from_succ : ChordLeaveType::from_pred;
}

void encode(wire::Writer& w, const ChordLeaveData& v, const CodecContext& ctx) {
  auto scope = w.enter("ChordLeaveData");
  w.u8(static_cast<std::uint8_t>(v.type()));
  std::visit(base::overloaded{
                 [&](const ChordLeaveFromSucc& s) { encode_ids(w, s.successors, "successors", ctx); },
                 [&](const ChordLeaveFromPred& p) { encode_ids(w, p.predecessors, "predecessors", ctx); },
             },
             v.value);
}

void decode(wire::Reader& r, ChordLeaveData& out, const CodecContext& ctx) {
  auto scope = r.enter("ChordLeaveData");
  const auto type = static_cast<ChordLeaveType>(r.u8("type"));
  if (!r.ok()) return;
  switch (type) {
    case ChordLeaveType::from_succ: {
      ChordLeaveFromSucc s;
      decode_ids(r, s.successors, "successors", ctx);
      out.value = std::move(s);
      break;
    }
    case ChordLeaveType::from_pred: {
      ChordLeaveFromPred p;
      decode_ids(r, p.predecessors, "predecessors", ctx);
      out.value = std::move(p);
      break;
    }
    case ChordLeaveType::invalid: r.fail(wire::errc::invalid_value, "type", 1); break;
    default: r.fail(wire::errc::unknown_type, "type", 1); break;
  }
}

}  // namespace disco::reload::msg
