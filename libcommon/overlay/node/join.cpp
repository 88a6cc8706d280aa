// Joining, attaching, fingers and leaving (RFC 6940 s10.5, s10.6, s10.7.4.3, s10.9; s6.5.1).

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/reload/msg/codec.hpp"

namespace disco::overlay {

using reload::NodeId;
using topology::chord::RingPos;
namespace msg = reload::msg;

msg::AttachReqAns Node::attach_body(std::string_view role, bool send_update) const {
  // No-ICE (s6.5.1.11): one host candidate, our TLS listener; "passive" in requests, "active" in
  // answers (s6.5.1).
  msg::AttachReqAns body;
  body.role.assign(role.begin(), role.end());
  if (config_.listen) {
    msg::IceCandidate c;
    c.addr_port = *config_.listen;
    c.overlay_link = msg::OverlayLinkType::tls_tcp_fh_no_ice;
    c.foundation = {'1'};
    c.priority = 1;
    c.type = msg::CandType::host;
    body.candidates.push_back(c);
  }
  body.send_update = send_update;
  return body;
}

void Node::begin_join(LinkId link, base::TimePoint now) {
  // s11.4, s10.5 step 2: through the bootstrap peer, Attach to our own Node-ID + 1; it reaches the
  // peer responsible for that id, which will admit us.
  bootstrap_link_ = link;
  state_ = NodeState::joining;
  join_sent_ = false;
  join_waiting_for_.clear();
  admitting_peer_.reset();
  join_deadline_ = now + config_.join_retry;
  msg::Destination d;
  d.value = (RingPos::of(self_) + 1).to_resource_id();
  start_request(
      msg::Body{msg::MessageCode::attach_req, attach_body("passive", true)}, {d}, now,
      [this](const Outcome& o) {
        if (state_ != NodeState::joining) return;
        if (o.ok()) {
          if (const auto* a = std::get_if<msg::AttachReqAns>(&o.answer.value)) {
            admitting_peer_ = o.responder;
            on_attach_answer(o.responder, *a, last_event_);
          }
          return;
        }
        // The bootstrap peer is not in an overlay either: the peer that may start one
        // does so; the others try again later.
        host_.log(LogLevel::info, fmt::format("bootstrap attach failed: {}", describe(o)));
        if (config_.may_be_first) {
          become_first(last_event_);
        } else {
          state_ = NodeState::bootstrapping;
          if (bootstrap_link_) {
            LinkId l = *bootstrap_link_;
            bootstrap_link_.reset();
            host_.close(l);
            on_link_down(l, last_event_);
          }
          bootstrap_deadline_ = last_event_ + config_.bootstrap_retry;
        }
      },
      link);
}

void Node::attach_to(const NodeId& peer, const std::optional<NodeId>& via, base::TimePoint now, bool send_update) {
  if (peer == self_ || peer_links_.contains(peer) || attaching_.contains(peer)) return;
  // We answered its Attach: it is dialling us, and a second link would only duplicate that one.
  if (auto a = attach_answered_.find(peer); a != attach_answered_.end() && a->second > now) return;
  attaching_[peer] = now + config_.reliability_timer * config_.max_transmissions;
  std::vector<msg::Destination> dest;
  // s10.6: source-routed through the peer that told us about it.
  if (via && *via != peer && peer_links_.contains(*via)) dest.push_back(msg::Destination{*via});
  dest.push_back(msg::Destination{peer});
  auto txid = std::make_shared<std::uint64_t>(0);
  *txid = start_request(msg::Body{msg::MessageCode::attach_req, attach_body("passive", send_update)}, std::move(dest),
                        now, [this, peer, txid](const Outcome& o) {
                          if (auto r = attach_requests_.find(peer); r != attach_requests_.end() && r->second == *txid)
                            attach_requests_.erase(r);
                          if (o.ok()) {
                            if (const auto* a = std::get_if<msg::AttachReqAns>(&o.answer.value))
                              on_attach_answer(o.responder, *a, last_event_);
                            return;
                          }
                          // s6.5.1.2: Error_In_Progress means the peer completes its own Attach to us (it has the
                          // larger Node-ID, or already dials us); keep waiting for that link until `attaching_`
                          // expires. Anything else: this attempt is over.
                          const auto* e = std::get_if<msg::ErrorResponse>(&o.answer.value);
                          if (o.status == OutcomeStatus::error_response && e != nullptr &&
                              e->error_code == static_cast<std::uint16_t>(msg::ErrorCode::in_progress))
                            return;
                          attaching_.erase(peer);
                          join_waiting_for_.erase(peer);
                        });
  if (*txid != 0 && attaching_.contains(peer)) attach_requests_[peer] = *txid;
}

void Node::on_attach_answer(const NodeId& responder, const msg::AttachReqAns& ans, base::TimePoint now) {
  if (responder == self_) return;
  if (peer_links_.contains(responder)) {
    // Already linked (the bootstrap peer was the admitting peer, or both sides attached at once).
    attaching_.erase(responder);
    if (state_ == NodeState::joining && join_waiting_for_.erase(responder) > 0 && join_waiting_for_.empty())
      send_join(now);
    return;
  }
  for (const auto& c : ans.candidates) {
    if (c.overlay_link != msg::OverlayLinkType::tls_tcp_fh_no_ice) continue;
    auto attempt = next_attempt_++;
    connect_attempts_[attempt] = responder;
    attaching_[responder] = now + config_.reliability_timer * 2;
    host_.connect(attempt, c.addr_port, responder);
    return;
  }
  host_.log(LogLevel::warn, fmt::format("{} offered no TLS-TCP-FH-NO-ICE candidate", responder.to_hex()));
}

void Node::join_on_update(const NodeId& from, const msg::ChordUpdate& update, base::TimePoint now) {
  if (!admitting_peer_ || from != *admitting_peer_ || join_sent_) return;
  // s10.5 step 3: attach to the peers that will be our neighbours. A scratch table of what the
  // admitting peer knows tells which those are.
  topology::chord::RoutingTable scratch(self_, config_.table);
  scratch.add(from);
  auto add_all = [&](const std::vector<NodeId>& v) {
    for (const auto& n : v) scratch.add(n);
  };
  if (const auto* f = std::get_if<msg::ChordFull>(&update.value)) {
    add_all(f->predecessors);
    add_all(f->successors);
  } else if (const auto* n = std::get_if<msg::ChordNeighbors>(&update.value)) {
    add_all(n->predecessors);
    add_all(n->successors);
  }
  std::set<NodeId> wanted(scratch.successors().begin(), scratch.successors().end());
  wanted.insert(scratch.predecessors().begin(), scratch.predecessors().end());
  wanted.erase(self_);
  for (const auto& n : wanted) {
    in_ring_.insert(n);
    if (peer_links_.contains(n)) continue;
    join_waiting_for_.insert(n);
    attach_to(n, from, now);
  }
  join_deadline_ = now + config_.join_attach_wait;
  if (join_waiting_for_.empty()) send_join(now);
}

void Node::send_join(base::TimePoint now) {
  if (join_sent_ || !admitting_peer_) return;
  join_sent_ = true;
  join_deadline_ = now + config_.join_retry;
  msg::JoinReq j;
  j.joining_peer_id = self_;
  NodeId ap = *admitting_peer_;
  start_request(msg::Body{msg::MessageCode::join_req, j}, {msg::Destination{ap}}, now, [this, ap](const Outcome& o) {
    if (state_ != NodeState::joining) return;
    if (!o.ok()) {
      host_.log(LogLevel::warn, fmt::format("Join through {} failed: {}", ap.to_hex(), describe(o)));
      join_sent_ = false;
      return;
    }
    // s10.5 step 9: we are in the ring; every connected peer that is in it goes in the table and
    // hears from us.
    base::TimePoint t = last_event_;
    state_ = NodeState::ready;
    ready_since_ = t;
    in_ring_.insert(ap);
    for (const auto& [peer, link] : peer_links_)
      if (in_ring_.contains(peer)) table_.add(peer);
    host_.log(LogLevel::info, fmt::format("joined the overlay through {}", ap.to_hex()));
    neighbors_dirty_ = false;
    send_updates(t);
    // Peers we linked while joining (the admitting peer's neighbours dial us, we dial ours) learn
    // from an Update that we are in the ring; in a small overlay each of them uses its link to us
    // for the data it sends our way (data_destination()).
    if (small_overlay_estimate()) {
      const auto& succ = table_.successors();
      const auto& pred = table_.predecessors();
      for (const auto& [peer, link] : peer_links_)
        if (std::find(succ.begin(), succ.end(), peer) == succ.end() &&
            std::find(pred.begin(), pred.end(), peer) == pred.end())
          start_request(
              msg::Body{msg::MessageCode::update_req, make_update(false, t)}, {msg::Destination{peer}}, t,
              [](const Outcome&) {}, std::nullopt, 1);
    }
    next_finger_refresh_ = t;
    replication_due_ = t + config_.replication_delay;
  });
}

void Node::refresh_fingers(base::TimePoint now) {
  // s10.7.4.3: look up who is responsible for the start of each finger range; attach when it is
  // a peer we have no link to. Ranges inside our first successor need no lookup.
  if (table_.successors().empty()) return;
  RingPos succ = RingPos::of(table_.successors().front());
  for (std::size_t i = 1; i <= config_.table.fingers; ++i) {
    RingPos start = table_.finger_start(i);
    if (RingPos::in_arc(table_.self_pos(), succ, start)) continue;
    link_responsible_for(start, now);
  }
}

void Node::link_in_ring_peer(const NodeId& peer, base::TimePoint now, bool send_update) {
  in_ring_.insert(peer);
  if (peer_links_.contains(peer))
    mark_in_ring(peer, now);
  else
    attach_to(peer, std::nullopt, now, send_update);
}

void Node::link_responsible_for(RingPos position, base::TimePoint now, bool send_update) {
  msg::Destination d;
  d.value = position.to_resource_id();
  start_request(
      msg::Body{msg::MessageCode::ping_req, msg::PingReq{}}, {d}, now,
      [this, send_update](const Outcome& o) {
        if (!o.ok() || o.responder == self_) return;
        link_in_ring_peer(o.responder, last_event_, send_update);
      },
      std::nullopt, 2);
}

std::optional<std::size_t> Node::small_overlay_estimate() const {
  const auto& succ = table_.successors();
  const auto& pred = table_.predecessors();
  if (config_.small_overlay_peers == 0 || succ.empty() || pred.empty()) return std::nullopt;
  std::set<NodeId> known(succ.begin(), succ.end());
  known.insert(pred.begin(), pred.end());
  // Both lists hold the same peers: we know the whole ring.
  if (known.size() < succ.size() + pred.size()) return known.size() + 1;
  // Otherwise the mean spacing over both lists, ten gaps. That estimate is noisy: in a 50-peer
  // overlay a quarter of the peers estimate more than 64 (with five gaps, a third). A peer counts
  // its overlay small while the estimate is at most twice small_overlay_peers, which every peer
  // of an overlay of up to small_overlay_peers does with a probability above 97%.
  const auto spacing =
      RingPos::distance(RingPos::of(pred.back()), RingPos::of(succ.back())) / (succ.size() + pred.size());
  if (spacing == 0) return std::nullopt;
  const auto peers = ~topology::chord::Uint128{0} / spacing;  // compared before any narrowing
  if (peers > topology::chord::Uint128{config_.small_overlay_peers} * 2) return std::nullopt;
  return static_cast<std::size_t>(peers);
}

namespace {
// link_small_overlay()'s lookups: one per this many mean spacings. Each answer brings the
// answering peer's Update, whose neighbour lists lead to the peers in between; two lookups per
// spacing (before the Updates were used) cost a Ping each and still missed a fifth of the peers.
constexpr std::size_t kSmallOverlayGridStep = 4;
}  // namespace

void Node::link_small_overlay(base::TimePoint now) {
  // In an overlay of up to small_overlay_peers peers, link to all of them, as a finger table of
  // up to 128 entries may (s10.7.4.3; several peers per finger range, s10.7.4.2): then the
  // responsible peer of any resource is one hop away (data_destination()), which is what a small
  // overlay's latency is made of. The ring's size is estimated from our successors' spacing; the
  // lookups go to a grid of two points per mean spacing, skipping points a linked peer already
  // follows closely. Ring gaps are irregular, so such a grid misses about a fifth of the peers
  // (those after a gap shorter than its step): the Attaches ask for the peer's Update (s6.5.1),
  // whose neighbour lists name the peers around it, and handle_update() attaches to those too.
  // Run again whenever the estimate has doubled since the last time, so peers that joined early
  // catch up as the overlay grows.
  const auto estimate = small_overlay_estimate();
  if (!estimate || *estimate < 2 * linked_overlay_estimate_) return;
  linked_overlay_estimate_ = std::max<std::size_t>(*estimate, 1);

  const auto& succ = table_.successors();
  const RingPos self = table_.self_pos();
  const auto spacing = ~topology::chord::Uint128{0} / *estimate;
  std::vector<RingPos> linked;
  for (const auto& [peer, link] : peer_links_)
    if (in_ring_.contains(peer)) linked.push_back(RingPos::of(peer));
  std::sort(linked.begin(), linked.end());
  const RingPos last_pred = RingPos::of(table_.predecessors().back());
  const RingPos last_succ = RingPos::of(succ.back());
  const auto step = spacing * kSmallOverlayGridStep;
  for (std::size_t j = 1; j * kSmallOverlayGridStep < *estimate; ++j) {
    const RingPos p = self + step * j;
    if (RingPos::in_arc(last_pred, self, p) || RingPos::in_arc(self, last_succ, p)) continue;
    if (!linked.empty()) {
      auto it = std::lower_bound(linked.begin(), linked.end(), p);
      const RingPos next = it == linked.end() ? linked.front() : *it;
      if (RingPos::distance(p, next) < spacing) continue;
    }
    link_responsible_for(p, now, /*send_update=*/true);
  }
}

void Node::verify_successor(base::TimePoint now) {
  // Updates and the corrective Updates of correct_sender() repair a ring whose parts know of each
  // other. Concurrent joins can also leave a few peers in a separate, self-consistent ring (each
  // has five successors and predecessors, all in that small ring), which no exchange between
  // neighbours can merge back. So, as Chord's periodic successor lookup does, ask the overlay
  // through a peer outside our neighbourhood (a finger, or another linked peer in the ring) who is
  // responsible for our id + 1: that is our true successor, and a better one than ours is attached.
  if (table_.successors().empty()) return;
  std::vector<NodeId> far;
  for (const auto& [peer, link] : peer_links_)
    if (in_ring_.contains(peer) && !table_.improves_neighbors(peer) &&
        std::find(table_.successors().begin(), table_.successors().end(), peer) == table_.successors().end() &&
        std::find(table_.predecessors().begin(), table_.predecessors().end(), peer) == table_.predecessors().end())
      far.push_back(peer);
  if (far.empty()) return;
  const NodeId via = far[host_.random_u64() % far.size()];
  msg::Destination target;
  target.value = (RingPos::of(self_) + 1).to_resource_id();
  start_request(
      msg::Body{msg::MessageCode::ping_req, msg::PingReq{}}, {msg::Destination{via}, target}, now,
      [this](const Outcome& o) {
        if (!o.ok() || o.responder == self_ || state_ != NodeState::ready) return;
        if (table_.contains(o.responder) || !table_.improves_neighbors(o.responder)) return;
        ++stats_.successor_corrections;
        link_in_ring_peer(o.responder, last_event_);
      },
      std::nullopt, 2);
}

void Node::leave(base::TimePoint now, std::function<void()> done) {
  last_event_ = now;
  if (done) leave_done_ = std::move(done);
  if (state_ == NodeState::leaving) return;
  if (state_ != NodeState::ready) {
    finish_leave();
    return;
  }
  // s10.9 in two steps, Leave first and the data second (README, "Leaving"). Several neighbours
  // often leave at the same instant (one SIGTERM to many processes). Handing over first, as s10.5's
  // hand-over in reverse suggests, sent the data to the first successor even when that one was
  // leaving too and exited right after: with five adjacent peers leaving, 8 of 200 values were
  // lost in the simulation. Announcing first lets every leaving peer hear its leaving neighbours'
  // LeaveReqs (sent at the same time on the same links, so they arrive before the LeaveAns we wait
  // for) and drop them from its table; the hand-over then goes to the first successor that stays.
  state_ = NodeState::leaving;
  handing_over_ = false;
  handover_.clear();
  leave_deadline_ = now + config_.leave_wait;
  announce_deadline_ = now + std::min(config_.reliability_timer, config_.leave_wait / 2);
  send_leaves(now);
}

void Node::send_leaves(base::TimePoint now) {
  leave_waiting_.clear();
  std::set<NodeId> neighbors(table_.successors().begin(), table_.successors().end());
  neighbors.insert(table_.predecessors().begin(), table_.predecessors().end());
  for (const auto& n : neighbors) {
    if (!peer_links_.contains(n)) continue;
    msg::LeaveReq l;
    l.leaving_peer_id = self_;
    msg::ChordLeaveData data;
    bool is_succ = std::find(table_.successors().begin(), table_.successors().end(), n) != table_.successors().end();
    // s10.9: predecessors hear our successors (from_succ), successors our predecessors.
    if (is_succ)
      data.value = msg::ChordLeaveFromPred{table_.predecessors()};
    else
      data.value = msg::ChordLeaveFromSucc{table_.successors()};
    auto enc = msg::encode_as(data, config_.codec);
    if (enc) l.overlay_specific_data = std::move(*enc);
    leave_waiting_.insert(n);
    start_request(
        msg::Body{msg::MessageCode::leave_req, l}, {msg::Destination{n}}, now,
        [this, n](const Outcome&) {
          if (leave_waiting_.erase(n) > 0 && leave_waiting_.empty() && state_ == NodeState::leaving && !handing_over_)
            start_handover(last_event_);
        },
        std::nullopt, 1);
  }
  if (leave_waiting_.empty()) start_handover(now);
}

void Node::start_handover(base::TimePoint now) {
  // Everything we hold as the responsible peer or a replica (rank 0-2, counted in a table that no
  // longer lists the neighbours that announced their leave): the first successor that stays is
  // responsible for it now, or is a replica of a responsible peer that stays, which then sends it
  // wherever else it belongs. Spares beyond rank 2 are only spares.
  handing_over_ = true;
  handover_ready_ = false;
  for (const auto& r : store_->resources()) {
    auto rank = table_.replica_rank(RingPos::of(r));
    if (rank && *rank <= 2) hand_over(r, now);
  }
  handover_ready_ = true;
  maybe_finish_leave();
}

void Node::hand_over(const reload::ResourceId& resource, base::TimePoint now) {
  if (table_.successors().empty()) {
    handover_.erase(resource);
    return;
  }
  const NodeId target = table_.successors().front();
  const std::uint64_t attempt = ++handover_attempts_;
  handover_[resource] = Handover{target, attempt};
  push_resource(resource, msg::Destination{target}, 1, now, [this, resource, target, attempt](bool ok) {
    auto it = handover_.find(resource);
    if (it == handover_.end() || it->second.attempt != attempt || state_ != NodeState::leaving) return;
    // Refused or unanswered: try the successor after it if the table has moved on meanwhile (it
    // left or failed); the same peer again would only fail again before leave_wait ends.
    if (!ok && !table_.successors().empty() && table_.successors().front() != target)
      hand_over(resource, last_event_);
    else
      handover_.erase(it);
    maybe_finish_leave();
  });
}

void Node::retarget_handover(base::TimePoint now) {
  // A peer we were handing data to announced its leave or failed: what it had not acknowledged
  // goes to the successor after it. (What it did acknowledge it hands on itself when leaving.)
  if (state_ != NodeState::leaving || !handing_over_) return;
  std::vector<reload::ResourceId> again;
  for (const auto& [r, h] : handover_)
    if (table_.successors().empty() || h.target != table_.successors().front()) again.push_back(r);
  for (const auto& r : again) hand_over(r, now);
  maybe_finish_leave();
}

void Node::maybe_finish_leave() {
  if (state_ == NodeState::leaving && handing_over_ && handover_ready_ && handover_.empty()) finish_leave();
}

void Node::finish_leave() {
  state_ = NodeState::left;
  auto links = std::move(links_);
  links_.clear();
  peer_links_.clear();
  pending_.clear();
  for (const auto& [link, l] : links) host_.close(link);
  if (leave_done_) std::exchange(leave_done_, nullptr)();
}

}  // namespace disco::overlay
