// What a peer answers (RFC 6940 s6.4, s6.5, s7.4, s10.5-s10.9).

#include <fmt/format.h>

#include <algorithm>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/reload/msg/codec.hpp"

namespace disco::overlay {

using reload::NodeId;
using topology::chord::RingPos;
namespace msg = reload::msg;

namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace

void Node::handle_request(const IncomingRequest& req, base::TimePoint now) {
  auto body = msg::decode_body(req.message.contents, config_.codec);
  if (!body) {
    answer_error(req, msg::error_code_for(body.error().code), body.error().message(), now);
    return;
  }
  std::visit(
      overloaded{
          [&](const msg::PingReq&) {
            msg::PingAns a;
            a.response_id = host_.random_u64();
            a.time = host_.unix_ms();
            answer(req, msg::Body{msg::MessageCode::ping_ans, a}, {}, now);
          },
          [&](const msg::ProbeReq& p) {
            // s6.4.2.5.2: answer what was asked, in the order asked.
            msg::ProbeAns a;
            for (auto t : p.requested_info) {
              msg::ProbeInformation info;
              switch (t) {
                case msg::ProbeInformationType::responsible_set:
                  info.value = msg::ResponsibleSet{table_.responsible_ppb()};
                  break;
                case msg::ProbeInformationType::num_resources:
                  info.value = msg::NumResources{static_cast<std::uint32_t>(store_->resource_count())};
                  break;
                case msg::ProbeInformationType::uptime:
                  info.value = msg::Uptime{static_cast<std::uint32_t>(
                      std::chrono::duration_cast<std::chrono::seconds>(now - started_).count())};
                  break;
                default: continue;
              }
              a.probe_info.push_back(info);
            }
            answer(req, msg::Body{msg::MessageCode::probe_ans, a}, {}, now);
          },
          [&](const msg::AttachReqAns& a) { handle_attach(req, a, now); },
          [&](const msg::AppAttachReq&) {
            // s6.5.2.2: no application is registered for AppAttach yet.
            answer_error(req, msg::ErrorCode::not_found, "no application accepts AppAttach on this node", now);
          },
          [&](const msg::ConfigUpdateReq&) {
            answer_error(req, msg::ErrorCode::forbidden,
                         "configuration updates are not accepted (configuration signers are not implemented)", now);
          },
          [&](const msg::JoinReq& j) { handle_join(req, j, now); },
          [&](const msg::LeaveReq& l) { handle_leave(req, l, now); },
          [&](const msg::ChordUpdate& u) { handle_update(req, u, now); },
          [&](const msg::RouteQueryReq& q) {
            msg::ChordRouteQueryAns a;
            auto hop = next_hop_for(q.destination);
            bool mine = false;
            if (const auto* r = std::get_if<reload::ResourceId>(&q.destination.value))
              mine = table_.responsible_for(RingPos::of(*r));
            a.next_peer = (mine || !hop) ? self_ : *hop;
            answer(req, msg::Body{msg::MessageCode::route_query_ans, a}, {}, now);
            if (q.send_update && !req.signer.node_ids.empty())
              start_request(msg::Body{msg::MessageCode::update_req, make_update(true, now)},
                            {msg::Destination{req.signer.node_ids.front()}}, now, [](const Outcome&) {});
          },
          [&](const msg::StoreReq& s) { handle_store(req, s, now); },
          [&](const msg::FetchReq& f) {
            auto a = store_->fetch(f, now);
            if (!a) {
              answer_error(req, a.error().code, a.error().info, now);
              return;
            }
            auto certs = store_->certificates_for(*a);
            answer(req, msg::Body{msg::MessageCode::fetch_ans, std::move(*a)}, std::move(certs), now);
          },
          [&](const msg::StatReq& s) {
            auto a = store_->stat(s, now);
            if (!a) {
              answer_error(req, a.error().code, a.error().info, now);
              return;
            }
            answer(req, msg::Body{msg::MessageCode::stat_ans, std::move(*a)}, {}, now);
          },
          [&](const msg::FindReq& f) {
            // s7.4.4: for each kind, the Resource-ID nearest to (at or after) the requested
            // one among those this peer holds; kinds it does not know get an empty id.
            if (!table_.responsible_for(RingPos::of(f.resource))) {
              answer_error(req, msg::ErrorCode::not_found, "not responsible for this Resource-ID", now);
              return;
            }
            msg::FindAns a;
            auto held = store_->resources();
            for (auto kind : f.kinds) {
              msg::FindKindData d;
              d.kind = kind;
              if (kinds_.find(kind) != nullptr) {
                std::optional<reload::ResourceId> best;
                topology::chord::Uint128 best_gap = 0;
                RingPos target = RingPos::of(f.resource);
                for (const auto& r : held) {
                  if (!store_->holds_kind(r, kind)) continue;
                  auto gap = RingPos::distance(target, RingPos::of(r));
                  if (!best || gap < best_gap) {
                    best = r;
                    best_gap = gap;
                  }
                }
                if (best) d.closest = *best;
              }
              a.results.push_back(d);
            }
            answer(req, msg::Body{msg::MessageCode::find_ans, a}, {}, now);
          },
          [&](const auto&) { answer_error(req, msg::ErrorCode::invalid_message, "not a request we serve", now); },
      },
      body->value);
}

void Node::handle_attach(const IncomingRequest& req, const msg::AttachReqAns& body, base::TimePoint now) {
  // No-ICE (s6.5.1.11): we answer with our host candidate and the requester opens the TLS
  // connection to it; the handshake is the connectivity check.
  if (!req.signer.node_ids.empty()) {
    const NodeId& peer = req.signer.node_ids.front();
    // s6.5.1.2, so that two peers attaching to each other at once end up with one link.
    if (auto mine = attach_requests_.find(peer); mine != attach_requests_.end()) {
      // Our own Attach to it is unanswered: the smaller Node-ID gives way.
      if (peer < self_) {
        answer_error(req, msg::ErrorCode::in_progress, "an Attach to you is under way", now);
        return;
      }
      pending_.erase(mine->second);  // cancels its retransmissions; a late answer is dropped
      attach_requests_.erase(mine);
      attaching_.erase(peer);
    } else if (attaching_.contains(peer) && std::any_of(connect_attempts_.begin(), connect_attempts_.end(),
                                                        [&](const auto& a) { return a.second == peer; })) {
      // Answered already, and we are dialling it.
      answer_error(req, msg::ErrorCode::in_progress, "a connection to you is under way", now);
      return;
    }
    attach_answered_[peer] = now + config_.reliability_timer * 2;
  }
  answer(req, msg::Body{msg::MessageCode::attach_ans, attach_body("active", false)}, {}, now);
  if (body.send_update && !req.signer.node_ids.empty()) {
    const NodeId& peer = req.signer.node_ids.front();
    // s6.5.1: with send_update the answerer sends an Update once the link is up.
    if (peer_links_.contains(peer))
      start_request(msg::Body{msg::MessageCode::update_req, make_update(true, now)}, {msg::Destination{peer}}, now,
                    [](const Outcome&) {});
    else
      update_on_link_up_.insert(peer);
  }
}

void Node::handle_join(const IncomingRequest& req, const msg::JoinReq& body, base::TimePoint now) {
  // s6.4.2.2.2: the joining peer must be the one that signed, on a link bound to it.
  if (!req.signer.has_node_id(body.joining_peer_id) || req.previous_hop != body.joining_peer_id) {
    answer_error(req, msg::ErrorCode::forbidden, "JoinReq not signed by the joining peer", now);
    return;
  }
  if (state_ != NodeState::ready) {
    answer_error(req, msg::ErrorCode::in_progress, "this peer is not in the overlay yet", now);
    return;
  }
  answer(req, msg::Body{msg::MessageCode::join_ans, msg::JoinAns{}}, {}, now);
  // s10.5 steps 6-8: the joining peer is our predecessor now; hand over its data (the replication
  // sweep sends what it became responsible for) and tell the neighbours.
  mark_in_ring(body.joining_peer_id, now);
  neighbors_changed(now);
  replication_due_ = now;
}

void Node::handle_update(const IncomingRequest& req, const msg::ChordUpdate& body, base::TimePoint now) {
  if (req.signer.node_ids.empty() || req.previous_hop != req.signer.node_ids.front()) {
    // Updates are between adjacent peers (s10.7.4.2).
    answer_error(req, msg::ErrorCode::forbidden, "Update must come from the signing peer directly", now);
    return;
  }
  const NodeId& from = req.signer.node_ids.front();
  answer(req, msg::Body{msg::MessageCode::update_ans, msg::UpdateAns{}}, {}, now);
  if (state_ == NodeState::joining) {
    join_on_update(from, body, now);
    return;
  }
  if (state_ != NodeState::ready) return;
  mark_in_ring(from, now);
  std::vector<NodeId> learned;
  std::visit(overloaded{[&](const msg::ChordPeerReady&) {},
                        [&](const msg::ChordNeighbors& n) {
                          learned.insert(learned.end(), n.predecessors.begin(), n.predecessors.end());
                          learned.insert(learned.end(), n.successors.begin(), n.successors.end());
                        },
                        [&](const msg::ChordFull& f) {
                          learned.insert(learned.end(), f.predecessors.begin(), f.predecessors.end());
                          learned.insert(learned.end(), f.successors.begin(), f.successors.end());
                        }},
             body.value);
  // s10.7.4.2: peers listed by a neighbour that would be better neighbours get an Attach, routed
  // through the peer that told us about them (s10.6).
  // In a small overlay (link_small_overlay()) every peer named is one to link, and its Update in
  // turn names the peers around it.
  const bool link_all = linked_overlay_estimate_ > 0 && peer_links_.size() < 2 * config_.small_overlay_peers &&
                        small_overlay_estimate().has_value();
  for (const auto& n : learned) {
    if (n == self_) continue;
    if (peer_links_.contains(n)) {
      mark_in_ring(n, now);
    } else if (table_.improves_neighbors(n)) {
      in_ring_.insert(n);
      attach_to(n, from, now, link_all);
    } else if (link_all) {
      in_ring_.insert(n);
      attach_to(n, from, now, true);
    }
  }
  correct_sender(from, learned, now);
}

void Node::correct_sender(const NodeId& from, const std::vector<NodeId>& its_neighbors, base::TimePoint now) {
  // Chord's stabilise/notify step, which s10.7.4 leaves implicit: Updates flow only from a peer to
  // the peers in its own table, so a peer that takes us for its neighbour while we know closer
  // ones would never hear of them (we do not list it, so we never send it our view). When our
  // neighbours would improve the sender's, answer its Update with ours. With many concurrent joins
  // this is what merges the "loopy" strands a ring forms into one. At most once per
  // reliability-timer per peer, so two peers cannot ping-pong Updates.
  topology::chord::RoutingTable theirs(from, config_.table);
  for (const auto& n : its_neighbors)
    if (n != from) theirs.add(n);
  bool improves = false;
  for (const auto& n : table_.successors()) improves = improves || (n != from && theirs.improves_neighbors(n));
  for (const auto& n : table_.predecessors()) improves = improves || (n != from && theirs.improves_neighbors(n));
  if (!improves) return;
  auto [it, fresh] = corrected_.try_emplace(from, now);
  if (!fresh && now - it->second < config_.reliability_timer) return;
  it->second = now;
  ++stats_.corrective_updates;
  start_request(
      msg::Body{msg::MessageCode::update_req, make_update(false, now)}, {msg::Destination{from}}, now,
      [](const Outcome&) {}, std::nullopt, 1);
}

void Node::handle_leave(const IncomingRequest& req, const msg::LeaveReq& body, base::TimePoint now) {
  if (!req.signer.has_node_id(body.leaving_peer_id)) {
    answer_error(req, msg::ErrorCode::forbidden, "LeaveReq not signed by the leaving peer", now);
    return;
  }
  answer(req, msg::Body{msg::MessageCode::leave_ans, msg::LeaveAns{}}, {}, now);
  // s10.9: treat it as a failure of that peer; the peers it names are candidates.
  in_ring_.erase(body.leaving_peer_id);
  if (table_.remove(body.leaving_peer_id)) neighbors_changed(now);
  // Leaving too: the hand-over skips this peer now (join.cpp, Node::leave).
  retarget_handover(now);
  if (state_ == NodeState::leaving) return;  // a leaving peer attaches to no one new
  auto data = msg::decode_as<msg::ChordLeaveData>(body.overlay_specific_data, config_.codec);
  if (!data) return;
  std::vector<NodeId> named;
  std::visit(overloaded{[&](const msg::ChordLeaveFromSucc& s) { named = s.successors; },
                        [&](const msg::ChordLeaveFromPred& p) { named = p.predecessors; }},
             data->value);
  for (const auto& n : named) {
    if (n == self_ || n == body.leaving_peer_id) continue;
    if (peer_links_.contains(n))
      mark_in_ring(n, now);
    else if (table_.improves_neighbors(n)) {
      in_ring_.insert(n);
      attach_to(n, std::nullopt, now);
    }
  }
}

void Node::handle_store(const IncomingRequest& req, const msg::StoreReq& body, base::TimePoint now) {
  RingPos pos = RingPos::of(body.resource);
  if (body.replica_number == 0) {
    // s7.4.1.1: an original store must reach the responsible peer.
    if (!table_.responsible_for(pos)) {
      answer_error(req, msg::ErrorCode::forbidden, "not responsible for this Resource-ID", now);
      return;
    }
    auto a = store_->store(body, req.message.security.certificates, req.signer, now);
    if (!a) {
      const auto& e = a.error();
      if (e.code == msg::ErrorCode::unknown_kind) {
        // s7.4.1.2: error_info lists the unknown kinds as KindId unknown_kinds<0..2^8-1>.
        base::Bytes info;
        info.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(255, e.unknown_kinds.size() * 4)));
        for (std::size_t i = 0; i < e.unknown_kinds.size() && i < 63; ++i)
          for (int s = 24; s >= 0; s -= 8) info.push_back(static_cast<std::uint8_t>(e.unknown_kinds[i] >> s));
        msg::ErrorResponse er{static_cast<std::uint16_t>(e.code), info};
        answer(req, msg::Body{msg::MessageCode::error, er}, {}, now);
      } else if (e.code == msg::ErrorCode::generation_counter_too_low && e.current_counters) {
        auto info = msg::encode_as(*e.current_counters, config_.codec);
        msg::ErrorResponse er{static_cast<std::uint16_t>(e.code), info ? *info : base::Bytes{}};
        answer(req, msg::Body{msg::MessageCode::error, er}, {}, now);
      } else {
        answer_error(req, e.code, e.info, now);
      }
      return;
    }
    auto ans = std::move(*a);
    auto replicas = table_.replica_peers(2);
    for (auto& kr : ans.kind_responses) kr.replicas = replicas;
    answer(req, msg::Body{msg::MessageCode::store_ans, ans}, {}, now);
    replicate_after_store(body.resource, body, ans, req.message.security.certificates, now);
    return;
  }
  // Replica and hand-over stores (s10.4, s10.5 step 6, s10.7): merged value by value. Every value
  // is still checked against its signature and its kind's policy; we accept them from any
  // authenticated peer instead of checking that the sender is the responsible peer, because
  // during churn that view differs between peers (see README).
  auto r = store_->merge(body, req.message.security.certificates, now);
  if (r.accepted > 0 || r.rejected == 0) {
    auto& pushed = pushed_[body.resource];
    pushed.clear();
    if (!req.signer.node_ids.empty()) pushed.insert(req.signer.node_ids.front());
  }
  msg::StoreAns ans;
  for (const auto& kd : body.kind_data) {
    msg::StoreKindResponse kr;
    kr.kind = kd.kind;
    kr.generation_counter = kd.generation_counter;
    ans.kind_responses.push_back(kr);
  }
  answer(req, msg::Body{msg::MessageCode::store_ans, ans}, {}, now);
  // New data, not new neighbours: a sweep passes it on where it belongs (a hand-over to a new
  // responsible peer), without the Updates a topology change sends.
  if (r.accepted > 0) schedule_sweep(now);
  // Leaving and already handing over: pass on what arrives late (a leaving predecessor's data).
  if (r.accepted > 0 && state_ == NodeState::leaving && handing_over_) hand_over(body.resource, now);
}

}  // namespace disco::overlay
