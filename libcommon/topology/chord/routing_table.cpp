#include "libcommon/topology/chord/routing_table.hpp"

#include <algorithm>

namespace disco::topology::chord {

namespace {

// Inserts `peer` into `list`, ordered by `key` ascending, keeping at most `limit` entries.
template <class Key>
bool insert_ordered(std::vector<reload::NodeId>& list, const reload::NodeId& peer, std::size_t limit, Key key) {
  if (std::find(list.begin(), list.end(), peer) != list.end()) return false;
  auto k = key(peer);
  auto pos = std::find_if(list.begin(), list.end(), [&](const reload::NodeId& n) { return key(n) > k; });
  if (pos == list.end() && list.size() >= limit) return false;
  list.insert(pos, peer);
  if (list.size() > limit) list.pop_back();
  return true;
}

template <class Key>
bool would_insert(const std::vector<reload::NodeId>& list, const reload::NodeId& peer, std::size_t limit, Key key) {
  if (std::find(list.begin(), list.end(), peer) != list.end()) return false;
  if (list.size() < limit) return true;
  return key(peer) < key(list.back());
}

}  // namespace

RoutingTable::RoutingTable(reload::NodeId self, TableSizes sizes)
    : self_(self), self_pos_(RingPos::of(self)), sizes_(sizes), fingers_(sizes.fingers) {}

bool RoutingTable::add(const reload::NodeId& peer) {
  if (peer == self_) return false;
  auto succ_key = [&](const reload::NodeId& n) { return RingPos::distance(self_pos_, RingPos::of(n)); };
  auto pred_key = [&](const reload::NodeId& n) { return RingPos::distance(RingPos::of(n), self_pos_); };
  connected_.insert(peer);
  bool changed = insert_ordered(successors_, peer, sizes_.successors, succ_key);
  changed = insert_ordered(predecessors_, peer, sizes_.predecessors, pred_key) || changed;
  place_finger(peer);
  return changed;
}

void RoutingTable::place_finger(const reload::NodeId& peer) {
  // Finger i holds the first peer at or after finger_start(i), as long as it lies in the range
  // [start(i), start(i-1)); the nearest to the range start is the most useful (s10.3).
  RingPos p = RingPos::of(peer);
  for (std::size_t i = 1; i <= fingers_.size(); ++i) {
    RingPos start = finger_start(i);
    Uint128 width = static_cast<Uint128>(1) << (128U - i);
    Uint128 d = RingPos::distance(start, p);
    if (d >= width && i > 1) continue;
    if (i == 1 && d >= width) continue;
    auto& slot = fingers_[i - 1];
    if (!slot || RingPos::distance(start, RingPos::of(*slot)) > d) slot = peer;
  }
}

bool RoutingTable::remove(const reload::NodeId& peer) {
  connected_.erase(peer);
  bool changed = false;
  for (auto* list : {&successors_, &predecessors_}) {
    auto it = std::find(list->begin(), list->end(), peer);
    if (it != list->end()) {
      list->erase(it);
      changed = true;
    }
  }
  for (auto& f : fingers_)
    if (f == peer) f.reset();
  if (changed) {
    // The lists may now have room for peers that were only fingers.
    for (const auto& f : fingers_)
      if (f) {
        auto succ_key = [&](const reload::NodeId& n) { return RingPos::distance(self_pos_, RingPos::of(n)); };
        auto pred_key = [&](const reload::NodeId& n) { return RingPos::distance(RingPos::of(n), self_pos_); };
        insert_ordered(successors_, *f, sizes_.successors, succ_key);
        insert_ordered(predecessors_, *f, sizes_.predecessors, pred_key);
      }
  }
  return changed;
}

bool RoutingTable::improves_neighbors(const reload::NodeId& peer) const {
  if (peer == self_) return false;
  auto succ_key = [&](const reload::NodeId& n) { return RingPos::distance(self_pos_, RingPos::of(n)); };
  auto pred_key = [&](const reload::NodeId& n) { return RingPos::distance(RingPos::of(n), self_pos_); };
  return would_insert(successors_, peer, sizes_.successors, succ_key) ||
         would_insert(predecessors_, peer, sizes_.predecessors, pred_key);
}

bool RoutingTable::contains(const reload::NodeId& peer) const {
  auto in = [&](const std::vector<reload::NodeId>& l) { return std::find(l.begin(), l.end(), peer) != l.end(); };
  if (in(successors_) || in(predecessors_)) return true;
  return std::any_of(fingers_.begin(), fingers_.end(), [&](const auto& f) { return f == peer; });
}

bool RoutingTable::responsible_for(RingPos k) const {
  if (predecessors_.empty()) return successors_.empty();
  return RingPos::in_arc(RingPos::of(predecessors_.front()), self_pos_, k);
}

std::optional<reload::NodeId> RoutingTable::next_hop(RingPos k) const {
  // Inside our neighbour lists the responsible peer is known: the first successor at or after k,
  // or on the other side the predecessor at or after k. Sending straight to it saves the hop
  // through the peer before k, and during joins it avoids a loop: that peer may not know the new
  // peer between it and k yet and would send the message back to us (s10.3 allows any rule that
  // makes progress; this one uses the lists s10.7 keeps consistent).
  RingPos prev = self_pos_;
  for (const auto& n : successors_) {
    RingPos p = RingPos::of(n);
    if (RingPos::in_arc(prev, p, k)) return n;
    prev = p;
  }
  for (std::size_t i = 0; i + 1 < predecessors_.size(); ++i) {
    if (RingPos::in_arc(RingPos::of(predecessors_[i + 1]), RingPos::of(predecessors_[i]), k)) return predecessors_[i];
  }
  std::optional<reload::NodeId> best_before;  // largest id in (self, k]
  Uint128 best_before_gap = 0;
  std::optional<reload::NodeId> best_after;  // smallest id after k
  Uint128 best_after_gap = 0;
  auto consider = [&](const reload::NodeId& n) {
    RingPos p = RingPos::of(n);
    if (RingPos::in_arc(self_pos_, k, p) && self_pos_ != k) {
      Uint128 gap = RingPos::distance(p, k);
      if (!best_before || gap < best_before_gap) {
        best_before = n;
        best_before_gap = gap;
      }
    } else {
      Uint128 gap = RingPos::distance(k, p);
      if (!best_after || gap < best_after_gap) {
        best_after = n;
        best_after_gap = gap;
      }
    }
  };
  for (const auto& n : successors_) consider(n);
  for (const auto& n : predecessors_) consider(n);
  for (const auto& f : fingers_)
    if (f) consider(*f);
  for (const auto& c : connected_) consider(c);
  return best_before ? best_before : best_after;
}

std::vector<reload::NodeId> RoutingTable::peers() const {
  std::vector<reload::NodeId> out;
  auto push = [&](const reload::NodeId& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  for (const auto& n : successors_) push(n);
  for (const auto& n : predecessors_) push(n);
  for (const auto& f : fingers_)
    if (f) push(*f);
  return out;
}

std::vector<reload::NodeId> RoutingTable::replica_peers(std::size_t count) const {
  std::vector<reload::NodeId> out(
      successors_.begin(), successors_.begin() + static_cast<std::ptrdiff_t>(std::min(count, successors_.size())));
  return out;
}

std::optional<std::size_t> RoutingTable::replica_rank(RingPos k) const {
  RingPos upper = self_pos_;
  for (std::size_t i = 0; i < predecessors_.size(); ++i) {
    RingPos lower = RingPos::of(predecessors_[i]);
    if (RingPos::in_arc(lower, upper, k)) return i;
    upper = lower;
  }
  if (predecessors_.empty() && successors_.empty()) return 0;
  return std::nullopt;
}

std::uint32_t RoutingTable::responsible_ppb() const {
  if (predecessors_.empty()) return successors_.empty() ? 1000000000U : 0U;
  Uint128 span = RingPos::distance(RingPos::of(predecessors_.front()), self_pos_);
  // span / 2^128 * 1e9, computed on the top 64 bits to stay within 128-bit arithmetic.
  auto top = static_cast<std::uint64_t>(span >> 64U);
  return static_cast<std::uint32_t>((static_cast<Uint128>(top) * 1000000000U) >> 64U);
}

}  // namespace disco::topology::chord
