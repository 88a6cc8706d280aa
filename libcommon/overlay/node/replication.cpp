// Keeping three copies (RFC 6940 s10.4) through joins, leaves and failures (s10.5 step 6, s10.7).
//
// One sweep decides, for every resource this peer holds, where it should also be:
//  * responsible (rank 0): at our first two successors, the replica set;
//  * replica (rank 1..2): at the responsible peer too. Normally it has it (it sent it to us), but
//    after a join the responsible peer is new and this push is its hand-over;
//  * further away: with the responsible peer, after which we drop our copy (s10.4: a peer no
//    longer in the replica set SHOULD delete).
// pushed_ remembers which peers already have the current data of a resource, so a stable ring
// sends nothing; any accepted change of a resource clears it.

#include <fmt/format.h>

#include "libcommon/overlay/node/node.hpp"

namespace disco::overlay {

using reload::NodeId;
using topology::chord::RingPos;
namespace msg = reload::msg;

namespace {
// Room left in a message for the values of a replica Store after the forwarding header, our
// certificate and signature: the values' own certificates and signatures travel in the chunk.
constexpr std::size_t message_overhead = 2048;
}  // namespace

void Node::push_resource(const reload::ResourceId& resource, const msg::Destination& to, std::uint8_t replica_number,
                         base::TimePoint now, std::function<void(bool)> done) {
  std::size_t budget = config_.codec.limits.max_message_size > message_overhead * 2
                           ? config_.codec.limits.max_message_size - message_overhead
                           : config_.codec.limits.max_message_size / 2;
  auto chunks = store_->export_chunks(resource, replica_number, now, budget);
  if (chunks.empty()) {
    if (done) done(true);
    return;
  }
  struct Progress {
    std::size_t left;
    bool ok = true;
    std::function<void(bool)> done;
  };
  auto progress = std::make_shared<Progress>(Progress{chunks.size(), true, std::move(done)});
  for (auto& chunk : chunks) {
    ++stats_.replica_pushes;
    start_request(
        msg::Body{msg::MessageCode::store_req, std::move(chunk.request)}, {to}, now,
        [progress](const Outcome& o) {
          if (!o.ok()) progress->ok = false;
          if (--progress->left == 0 && progress->done) progress->done(progress->ok);
        },
        std::nullopt, 0, std::move(chunk.certificates));
  }
}

void Node::replicate_after_store(const reload::ResourceId& resource, const msg::StoreReq& original,
                                 const msg::StoreAns& answer, const std::vector<msg::GenericCertificate>& certificates,
                                 base::TimePoint now) {
  // s10.4: the responsible peer sends the same values with the counters it assigned to its first
  // two successors, replica_number 1 and 2.
  auto& pushed = pushed_[resource];
  pushed.clear();
  auto replicas = table_.replica_peers(2);
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    msg::StoreReq r = original;
    r.replica_number = static_cast<std::uint8_t>(i + 1);
    for (auto& kd : r.kind_data)
      for (const auto& kr : answer.kind_responses)
        if (kr.kind == kd.kind) kd.generation_counter = kr.generation_counter;
    NodeId peer = replicas[i];
    ++stats_.replica_pushes;
    start_request(
        msg::Body{msg::MessageCode::store_req, std::move(r)}, {msg::Destination{peer}}, now,
        [this, resource, peer](const Outcome& o) {
          if (o.ok()) pushed_[resource].insert(peer);
        },
        std::nullopt, 0, certificates);
  }
}

void Node::replication_sweep(base::TimePoint now) {
  if (state_ != NodeState::ready) return;
  // Anti-entropy: every ten replication intervals forget who has what, so a copy lost in a way we
  // did not see (a replica that dropped it, a push answered just before its peer failed) is sent
  // again. By time, not by sweep count: under a steady store load a sweep follows every accepted
  // change, and counting sweeps pushed every resource again every few seconds (the stalls the
  // overlay_vs_opendht benchmark showed).
  if (now >= next_anti_entropy_) {
    pushed_.clear();
    next_anti_entropy_ = now + config_.replication_interval * anti_entropy_every;
  }
  auto replicas = table_.replica_peers(2);
  const auto& preds = table_.predecessors();
  for (const auto& r : store_->resources()) {
    auto rank = table_.replica_rank(RingPos::of(r));
    auto& pushed = pushed_[r];
    if (rank && *rank == 0) {
      for (std::size_t i = 0; i < replicas.size(); ++i) {
        NodeId peer = replicas[i];
        if (pushed.contains(peer)) continue;
        pushed.insert(peer);  // optimistic; undone when the push fails
        push_resource(r, msg::Destination{peer}, static_cast<std::uint8_t>(i + 1), now, [this, r, peer](bool ok) {
          if (!ok) pushed_[r].erase(peer);
        });
      }
    } else if (rank && *rank <= 2) {
      NodeId owner = preds[*rank - 1];
      if (pushed.contains(owner)) continue;
      pushed.insert(owner);
      push_resource(r, msg::Destination{owner}, 1, now, [this, r, owner](bool ok) {
        if (!ok) pushed_[r].erase(owner);
      });
    } else {
      // Not ours to keep: make sure the responsible peer has it; drop our copy only when the
      // resource lies beyond our whole predecessor list. Nearer, a predecessor we still list may
      // have failed unnoticed, so that we are in fact a replica: keeping a spare copy until its
      // lifetime ends costs less than losing the third one.
      if (pushed.contains(self_)) continue;  // a hand-off is under way
      pushed.insert(self_);
      msg::Destination to;
      if (rank)
        to.value = preds[*rank - 1];
      else
        to.value = r;
      push_resource(r, to, 1, now, [this, r](bool ok) {
        if (ok) {
          // Only if it is still not ours (the ring may have moved meanwhile).
          auto again = table_.replica_rank(RingPos::of(r));
          if (!again && table_.predecessors().size() >= config_.table.predecessors) {
            store_->erase(r);
            pushed_.erase(r);
            return;
          }
        }
        pushed_[r].erase(self_);
      });
    }
  }
  // Forget resources we no longer hold.
  for (auto it = pushed_.begin(); it != pushed_.end();) {
    if (!store_->contains(it->first))
      it = pushed_.erase(it);
    else
      ++it;
  }
}

}  // namespace disco::overlay
