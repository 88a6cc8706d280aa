#include "libcommon/overlay/node/node.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace disco::overlay {

using reload::NodeId;
namespace msg = reload::msg;

std::string_view to_string(NodeState s) {
  switch (s) {
    case NodeState::idle: return "idle";
    case NodeState::bootstrapping: return "bootstrapping";
    case NodeState::joining: return "joining";
    case NodeState::ready: return "ready";
    case NodeState::leaving: return "leaving";
    case NodeState::left: return "left";
  }
  return "unknown";
}

std::string_view to_string(OutcomeStatus s) {
  switch (s) {
    case OutcomeStatus::ok: return "ok";
    case OutcomeStatus::error_response: return "error_response";
    case OutcomeStatus::timeout: return "timeout";
    case OutcomeStatus::no_route: return "no_route";
    case OutcomeStatus::failed: return "failed";
  }
  return "unknown";
}

std::string describe(const Outcome& o) {
  if (o.status != OutcomeStatus::error_response) {
    if (o.detail.empty()) return std::string(to_string(o.status));
    return fmt::format("{}: {}", to_string(o.status), o.detail);
  }
  const auto* e = std::get_if<msg::ErrorResponse>(&o.answer.value);
  if (e == nullptr) return "error answer without a body";
  std::string info;
  for (auto c : e->error_info) info += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  return fmt::format("{} from {}{}{}", msg::error_code_name(e->error_code).value_or("Error_Unknown"),
                     o.responder.to_hex(), info.empty() ? "" : ": ", info);
}

Node::Node(NodeConfig config, NodeHost& host, const security::Signer& signer, const security::Verifier& verifier,
           const storage::KindRegistry& kinds)
    : config_(std::move(config)),
      host_(host),
      signer_(signer),
      verifier_(verifier),
      kinds_(kinds),
      self_(signer.identity().node_ids.at(0)),
      my_identity_(signer.signer_identity()),
      table_(self_, config_.table),
      store_(std::make_unique<storage::DataStore>(kinds, verifier, config_.codec)) {}

Node::~Node() = default;

void Node::start(base::TimePoint now) {
  last_event_ = now;
  started_ = now;
  // Spread periodic work so that peers started together do not send in lockstep (s10.7.4.2:
  // "randomly offset").
  auto jitter = [&](base::Duration d) {
    auto span = std::max<std::int64_t>(1, d.count());
    return base::Duration(static_cast<std::int64_t>(host_.random_u64() % static_cast<std::uint64_t>(span)));
  };
  next_update_ = now + config_.update_interval / 2 + jitter(config_.update_interval / 2);
  next_finger_refresh_ = now + config_.finger_refresh_interval / 2 + jitter(config_.finger_refresh_interval / 2);
  next_replication_ = now + config_.replication_interval;
  next_anti_entropy_ = now + config_.replication_interval * anti_entropy_every;
  next_liveness_ = now + config_.liveness_timeout / 4;
  bootstrap(now);
}

void Node::bootstrap(base::TimePoint now) {
  state_ = NodeState::bootstrapping;
  admitting_peer_.reset();
  join_waiting_for_.clear();
  join_sent_ = false;
  bootstrap_link_.reset();
  bootstrap_deadline_ = now + config_.join_retry;
  bootstrap_attempts_.clear();
  bool any = false;
  for (const auto& addr : config_.bootstrap) {
    if (config_.listen && addr == *config_.listen) continue;
    auto attempt = next_attempt_++;
    bootstrap_attempts_[attempt] = true;
    any = true;
    host_.connect(attempt, addr, std::nullopt);
  }
  // A peer already connected (e.g. after losing its successors) can bootstrap through it.
  if (!any && peer_links_.empty()) {
    if (config_.may_be_first) become_first(now);
  } else if (!peer_links_.empty()) {
    begin_join(peer_links_.begin()->second, now);
  }
}

void Node::become_first(base::TimePoint now) {
  host_.log(LogLevel::info, "no bootstrap peer is in an overlay: starting the overlay alone");
  state_ = NodeState::ready;
  ready_since_ = now;
  bootstrap_link_.reset();
  bootstrap_attempts_.clear();
}

std::optional<LinkId> Node::link_to(const NodeId& peer) const {
  auto it = peer_links_.find(peer);
  if (it == peer_links_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<NodeId, LinkId>> Node::connected_peers() const {
  return {peer_links_.begin(), peer_links_.end()};
}

void Node::on_link_up(LinkId link, const NodeId& peer, base::TimePoint now, std::optional<std::uint64_t> attempt) {
  last_event_ = now;
  if (state_ == NodeState::left || peer == self_) {
    host_.close(link);
    return;
  }
  links_[link] = Link{peer, now, false};
  peer_links_.try_emplace(peer, link);
  attaching_.erase(peer);
  attach_answered_.erase(peer);
  bool from_bootstrap = attempt && bootstrap_attempts_.erase(*attempt) > 0;
  if (attempt) connect_attempts_.erase(*attempt);
  // Only a link we opened to a bootstrap peer starts the join: a peer that dials us while we are
  // still bootstrapping is joining too, and cannot admit us.
  if (from_bootstrap) {
    if (state_ == NodeState::bootstrapping && !bootstrap_link_) {
      begin_join(link, now);
    } else if (!in_ring_.contains(peer)) {
      // A second bootstrap peer answered too late to be used: do not keep a link per attempt.
      host_.close(link);
      on_link_down(link, now);
      return;
    }
  }
  if (in_ring_.contains(peer) && state_ == NodeState::ready) {
    if (table_.add(peer)) neighbors_changed(now);
  }
  if (update_on_link_up_.erase(peer) > 0) {
    start_request(msg::Body{msg::MessageCode::update_req, make_update(true, now)}, {msg::Destination{peer}}, now,
                  [](const Outcome&) {});
  } else if (state_ == NodeState::ready && linked_overlay_estimate_ > 0 && small_overlay_estimate()) {
    // A small overlay links every pair of peers, and the one that answered the Attach has no other
    // way to learn that the dialling peer is in the ring (an Attach alone does not say, s6.5.1),
    // so it could not use the link for data requests (data_destination()).
    start_request(
        msg::Body{msg::MessageCode::update_req, make_update(false, now)}, {msg::Destination{peer}}, now,
        [](const Outcome&) {}, std::nullopt, 1);
  }
  if (state_ == NodeState::joining && join_waiting_for_.erase(peer) > 0 && join_waiting_for_.empty()) send_join(now);
}

void Node::on_link_down(LinkId link, base::TimePoint now) {
  last_event_ = now;
  auto it = links_.find(link);
  if (it == links_.end()) return;
  NodeId peer = it->second.peer;
  links_.erase(it);
  auto pl = peer_links_.find(peer);
  if (pl != peer_links_.end() && pl->second == link) {
    peer_links_.erase(pl);
    // Another link to the same peer may remain (both sides attached at once).
    for (const auto& [id, l] : links_)
      if (l.peer == peer) {
        peer_links_[peer] = id;
        break;
      }
  }
  if (bootstrap_link_ == link) bootstrap_link_.reset();
  if (!peer_links_.contains(peer)) peer_failed(peer, now);
}

void Node::on_connect_failed(std::uint64_t attempt, base::TimePoint now) {
  last_event_ = now;
  if (auto it = connect_attempts_.find(attempt); it != connect_attempts_.end()) {
    attaching_.erase(it->second);
    join_waiting_for_.erase(it->second);
    connect_attempts_.erase(it);
  }
  bootstrap_attempts_.erase(attempt);
  // Every bootstrap peer refused the connection: the peer that may start the overlay does so now;
  // the others try again soon.
  if (state_ == NodeState::bootstrapping && bootstrap_attempts_.empty() && !bootstrap_link_) {
    if (config_.may_be_first && peer_links_.empty())
      become_first(now);
    else
      bootstrap_deadline_ = std::min(bootstrap_deadline_, now + config_.bootstrap_retry);
  }
}

void Node::peer_failed(const NodeId& peer, base::TimePoint now) {
  ++stats_.peers_failed;
  in_ring_.erase(peer);
  corrected_.erase(peer);
  bool changed = table_.remove(peer);
  host_.log(LogLevel::info, fmt::format("peer {} gone", peer.to_hex()));
  if (changed) neighbors_changed(now);
  if (state_ == NodeState::leaving) {
    // A neighbour gone while we leave: it will not answer our LeaveReq, nor take our data.
    if (leave_waiting_.erase(peer) > 0 && leave_waiting_.empty() && !handing_over_) start_handover(now);
    retarget_handover(now);
  }
  // s10.7.1: with every successor gone this peer is cut off and joins again. Only when this
  // failure took the last one: the first peer of an overlay has no successor while it is alone, and
  // a link from a peer that never got into the ring (a joining peer dropping its spare bootstrap
  // link) must not send it off to join through that peer.
  if (changed && state_ == NodeState::ready && table_.successors().empty() && !config_.bootstrap.empty() &&
      !peer_links_.empty()) {
    bootstrap(now);
  }
}

void Node::mark_in_ring(const NodeId& peer, base::TimePoint now) {
  if (peer == self_) return;
  in_ring_.insert(peer);
  if (state_ == NodeState::ready && peer_links_.contains(peer) && table_.add(peer)) neighbors_changed(now);
}

void Node::neighbors_changed(base::TimePoint now) {
  neighbors_dirty_ = true;
  schedule_sweep(now);
}

void Node::schedule_sweep(base::TimePoint now) {
  if (!replication_due_ || *replication_due_ > now + config_.replication_delay)
    replication_due_ = now + config_.replication_delay;
}

msg::ChordUpdate Node::make_update(bool full, base::TimePoint now) const {
  msg::ChordUpdate u;
  u.uptime = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now - started_).count());
  if (full) {
    msg::ChordFull f;
    f.predecessors = table_.predecessors();
    f.successors = table_.successors();
    for (const auto& x : table_.fingers())
      if (x && std::find(f.fingers.begin(), f.fingers.end(), *x) == f.fingers.end()) f.fingers.push_back(*x);
    std::sort(f.fingers.begin(), f.fingers.end());
    u.value = f;
  } else {
    u.value = msg::ChordNeighbors{table_.predecessors(), table_.successors()};
  }
  return u;
}

void Node::send_updates(base::TimePoint now) {
  if (state_ != NodeState::ready) return;
  std::set<NodeId> targets(table_.successors().begin(), table_.successors().end());
  targets.insert(table_.predecessors().begin(), table_.predecessors().end());
  for (const auto& peer : targets) {
    if (!peer_links_.contains(peer)) continue;
    start_request(
        msg::Body{msg::MessageCode::update_req, make_update(false, now)}, {msg::Destination{peer}}, now,
        [](const Outcome&) {}, std::nullopt, 1);
  }
}

void Node::check_liveness(base::TimePoint now) {
  // s10.7.1: a peer that stays silent is probed; one that does not answer has failed. Real links
  // also fail fast when TCP does; this covers peers that vanish without a reset.
  for (auto& [id, l] : links_) {
    if (l.probing || now - l.last_heard < config_.liveness_timeout) continue;
    l.probing = true;
    LinkId link_id = id;
    NodeId peer = l.peer;
    start_request(
        msg::Body{msg::MessageCode::ping_req, msg::PingReq{}}, {msg::Destination{peer}}, now,
        [this, link_id](const Outcome& o) {
          auto it = links_.find(link_id);
          if (it == links_.end()) return;
          it->second.probing = false;
          if (o.status == OutcomeStatus::timeout || o.status == OutcomeStatus::no_route) {
            host_.close(link_id);
            on_link_down(link_id, it->second.last_heard);
          }
        },
        link_id, 2);
  }
}

void Node::on_timer(base::TimePoint now) {
  last_event_ = now;
  expire_transactions(now);
  // Answers are cached for one fixed window, so they expire in the order they were made.
  while (!answer_expiry_.empty() && answer_expiry_.front().first <= now) {
    auto it = answered_.find(answer_expiry_.front().second);
    if (it != answered_.end() && it->second.expires <= now) answered_.erase(it);
    answer_expiry_.pop_front();
  }
  if (auto e = store_->next_expiry(); e && *e <= now) store_->expire(now);
  for (auto it = attaching_.begin(); it != attaching_.end();) {
    if (it->second <= now)
      it = attaching_.erase(it);
    else
      ++it;
  }
  std::erase_if(attach_answered_, [&](const auto& a) { return a.second <= now; });

  switch (state_) {
    case NodeState::bootstrapping:
      if (now >= bootstrap_deadline_) {
        if (config_.may_be_first && peer_links_.empty())
          become_first(now);
        else
          bootstrap(now);
      }
      break;
    case NodeState::joining:
      if (!join_sent_ && admitting_peer_ && !join_waiting_for_.empty() && now >= join_deadline_) send_join(now);
      if (now >= join_deadline_ + config_.join_retry) {
        host_.log(LogLevel::warn, "join did not complete; starting over from the bootstrap peers");
        bootstrap(now);
      }
      break;
    case NodeState::ready:
      if (now >= next_update_) {
        next_update_ = now + config_.update_interval;
        send_updates(now);
        verify_successor(now);
      }
      if (now >= next_finger_refresh_) {
        next_finger_refresh_ = now + config_.finger_refresh_interval;
        refresh_fingers(now);
      }
      if (now >= ready_since_ + config_.small_overlay_delay) link_small_overlay(now);
      if (now >= next_liveness_) {
        next_liveness_ = now + config_.liveness_timeout / 4;
        check_liveness(now);
      }
      if ((replication_due_ && now >= *replication_due_) || now >= next_replication_) {
        replication_due_.reset();
        next_replication_ = now + config_.replication_interval;
        if (neighbors_dirty_) {
          neighbors_dirty_ = false;
          send_updates(now);  // chord-reactive (s10.7.4.1)
        }
        replication_sweep(now);
      }
      break;
    case NodeState::leaving:
      if (now >= leave_deadline_)
        finish_leave();
      else if (!handing_over_ && now >= announce_deadline_)
        start_handover(now);
      break;
    default: break;
  }
}

std::optional<base::TimePoint> Node::next_deadline() const {
  std::optional<base::TimePoint> d;
  auto consider = [&](base::TimePoint t) {
    if (!d || t < *d) d = t;
  };
  for (const auto& [id, p] : pending_) consider(p.deadline);
  if (!answer_expiry_.empty()) consider(answer_expiry_.front().first);
  if (auto e = store_->next_expiry()) consider(*e);
  for (const auto& [peer, t] : attaching_) consider(t);
  switch (state_) {
    case NodeState::bootstrapping: consider(bootstrap_deadline_); break;
    case NodeState::joining:
      // Past join_deadline_ without a Join sent, the next thing due is the restart: a deadline
      // already passed would have the host call on_timer in a busy loop.
      consider(!join_sent_ && last_event_ < join_deadline_ ? join_deadline_ : join_deadline_ + config_.join_retry);
      break;
    case NodeState::ready:
      consider(next_update_);
      consider(next_finger_refresh_);
      consider(next_liveness_);
      consider(next_replication_);
      if (linked_overlay_estimate_ == 0 && last_event_ < ready_since_ + config_.small_overlay_delay)
        consider(ready_since_ + config_.small_overlay_delay);
      if (replication_due_) consider(*replication_due_);
      break;
    case NodeState::leaving:
      consider(leave_deadline_);
      if (!handing_over_) consider(announce_deadline_);
      break;
    default: break;
  }
  return d;
}

}  // namespace disco::overlay
