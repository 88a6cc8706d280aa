#include "tests/support/sim_world.hpp"

#include <algorithm>
#include <cmath>

namespace disco::sim {

using reload::NodeId;
using topology::chord::RingPos;
namespace msg = reload::msg;

struct World::Host final : overlay::NodeHost {
  World* world = nullptr;
  std::size_t index = 0;
  void send(overlay::LinkId link, base::Bytes message) override { world->send(index, link, std::move(message)); }
  void connect(std::uint64_t attempt, const msg::IpAddressPort& address, std::optional<NodeId> expected) override {
    world->connect(index, attempt, address, expected);
  }
  void close(overlay::LinkId link) override { world->close(index, link); }
  std::uint64_t unix_ms() override {
    // 2026-01-01 plus virtual time: storage_time only needs to grow.
    return 1767225600000ULL +
           static_cast<std::uint64_t>(
               std::chrono::duration_cast<std::chrono::milliseconds>(world->now_.time_since_epoch()).count());
  }
  std::uint64_t random_u64() override { return world->rng_(); }
};

struct World::SimNode {
  NodeId id;
  std::size_t host_index = 0;  // row of the RTT matrix
  std::uint32_t address = 0;
  Host host;
  std::unique_ptr<test::FakeSigner> signer;
  std::unique_ptr<overlay::Node> engine;
  bool alive = true;
  bool started = false;
  std::optional<base::TimePoint> wakeup;
};

namespace {
msg::IpAddressPort address_of(std::uint32_t a) {
  msg::IpAddressPort p;
  p.value = msg::Ipv4AddrPort{a, 6084};
  return p;
}
}  // namespace

World::World(WorldOptions options, RttMatrix matrix, const storage::KindRegistry& kinds)
    : options_(std::move(options)), matrix_(std::move(matrix)), kinds_(kinds), rng_(options_.seed) {
  for (std::size_t i = 0; i < options_.nodes; ++i) {
    auto n = std::make_unique<SimNode>();
    base::Bytes idb(16);
    for (auto& b : idb) b = static_cast<std::uint8_t>(rng_());
    n->id = *NodeId::from_bytes(idb);
    n->host_index = static_cast<std::size_t>(rng_() % matrix_.hosts());
    n->address = 0x0a000000U + static_cast<std::uint32_t>(i) + 1;
    n->host.world = this;
    n->host.index = i;
    n->signer = std::make_unique<test::FakeSigner>(user(i), std::vector<NodeId>{n->id});
    by_address_[n->address] = i;
    nodes_.push_back(std::move(n));
  }
  for (std::size_t i = 0; i < options_.nodes; ++i) {
    auto cfg = options_.node;
    cfg.listen = address_of(nodes_[i]->address);
    cfg.bootstrap = {address_of(nodes_[0]->address)};
    cfg.may_be_first = i == 0;
    nodes_[i]->engine = std::make_unique<overlay::Node>(cfg, nodes_[i]->host, *nodes_[i]->signer, verifier_, kinds_);
  }
}

World::~World() = default;

storage::KindRegistry note_kind_registry() {
  storage::KindRegistry k;
  storage::KindDefinition d;
  d.id = note_kind;
  d.name = "DISCO-NOTE";
  d.model = msg::DataModel::dictionary;
  d.policy = storage::AccessPolicy::user_match;
  d.max_count = 1000;
  d.max_size = 4096;
  k.add(d);
  return k;
}

bool World::alive(std::size_t i) const { return nodes_[i]->alive; }
overlay::Node& World::node(std::size_t i) { return *nodes_[i]->engine; }
const NodeId& World::id(std::size_t i) const { return nodes_[i]->id; }

std::string World::user(std::size_t i) const { return "node-" + std::to_string(i) + "@sim"; }

void World::schedule(base::TimePoint at, std::function<void()> fn) { events_.push(Event{at, seq_++, std::move(fn)}); }

void World::wake(std::size_t i) {
  auto& n = *nodes_[i];
  if (!n.alive) return;
  auto d = n.engine->next_deadline();
  if (!d) return;
  auto at = std::max(*d, now_);
  if (n.wakeup && *n.wakeup <= at) return;
  n.wakeup = at;
  schedule(at, [this, i, at] {
    auto& s = *nodes_[i];
    if (s.wakeup != at) return;  // superseded by an earlier one
    s.wakeup.reset();
    if (!s.alive) return;
    s.engine->on_timer(now_);
    wake(i);
  });
}

base::Duration World::one_way(std::size_t a, std::size_t b) const {
  double ms = matrix_.rtt_ms(nodes_[a]->host_index, nodes_[b]->host_index) / 2.0;
  ms = std::max(ms, 0.25);  // same city: a LAN hop
  return std::chrono::duration_cast<base::Duration>(std::chrono::duration<double, std::milli>(ms));
}

void World::start(std::size_t i) {
  nodes_[i]->started = true;
  nodes_[i]->engine->start(now_);
  wake(i);
}

void World::run_until(base::TimePoint until) {
  while (!events_.empty() && events_.top().at <= until) {
    // priority_queue::top is const; the closure is moved out through a copy of the event.
    Event e = events_.top();
    events_.pop();
    now_ = e.at;
    e.fn();
  }
  now_ = until;
}

bool World::run_until_true(const std::function<bool()>& pred, base::Duration step, base::Duration limit) {
  auto end = now_ + limit;
  while (now_ < end) {
    if (pred()) return true;
    run_until(std::min(end, now_ + step));
  }
  return pred();
}

void World::kill(std::size_t i) { nodes_[i]->alive = false; }

void World::send(std::size_t from, overlay::LinkId link, base::Bytes bytes) {
  auto it = links_.find(link);
  if (it == links_.end()) return;
  auto end = it->second;
  auto at = now_ + one_way(from, end.peer_node);
  auto shared = std::make_shared<base::Bytes>(std::move(bytes));
  schedule(at, [this, end, shared] {
    auto& peer = *nodes_[end.peer_node];
    if (!peer.alive || !links_.contains(end.peer_link)) return;
    ++messages_;
    peer.engine->on_message(end.peer_link, *shared, now_);
    wake(end.peer_node);
  });
}

void World::connect(std::size_t from, std::uint64_t attempt, const msg::IpAddressPort& to,
                    std::optional<NodeId> expected) {
  const auto* v4 = std::get_if<msg::Ipv4AddrPort>(&to.value);
  auto target = v4 ? by_address_.find(v4->addr) : by_address_.end();
  if (target == by_address_.end() || !nodes_[target->second]->alive || !nodes_[target->second]->started ||
      (expected && *expected != nodes_[target->second]->id)) {
    schedule(now_ + options_.connect_timeout, [this, from, attempt] {
      if (!nodes_[from]->alive) return;
      nodes_[from]->engine->on_connect_failed(attempt, now_);
      wake(from);
    });
    return;
  }
  std::size_t b = target->second;
  auto rtt = one_way(from, b) * 2;
  auto setup = std::chrono::duration_cast<base::Duration>(rtt * options_.handshake_rtts);
  schedule(now_ + setup, [this, from, b, attempt] {
    if (!nodes_[from]->alive || !nodes_[b]->alive) return;
    overlay::LinkId la = next_link_++;
    overlay::LinkId lb = next_link_++;
    links_[la] = LinkEnd{from, b, lb};
    links_[lb] = LinkEnd{b, from, la};
    nodes_[b]->engine->on_link_up(lb, nodes_[from]->id, now_);
    wake(b);
    nodes_[from]->engine->on_link_up(la, nodes_[b]->id, now_, attempt);
    wake(from);
  });
}

void World::close(std::size_t from, overlay::LinkId link) {
  auto it = links_.find(link);
  if (it == links_.end()) return;
  auto end = it->second;
  links_.erase(it);
  links_.erase(end.peer_link);
  (void)from;
  // The peer sees the FIN one way later.
  schedule(now_ + one_way(end.node, end.peer_node), [this, end] {
    if (!nodes_[end.peer_node]->alive) return;
    nodes_[end.peer_node]->engine->on_link_down(end.peer_link, now_);
    wake(end.peer_node);
  });
}

std::vector<std::size_t> World::ring() const {
  std::vector<std::size_t> r;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i]->alive && nodes_[i]->engine->state() == overlay::NodeState::ready) r.push_back(i);
  std::sort(r.begin(), r.end(), [&](std::size_t a, std::size_t b) { return nodes_[a]->id < nodes_[b]->id; });
  return r;
}

std::size_t World::responsible_for(RingPos k) const {
  std::optional<std::size_t> best;
  topology::chord::Uint128 best_gap = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (!nodes_[i]->alive || nodes_[i]->engine->state() != overlay::NodeState::ready) continue;
    auto gap = RingPos::distance(k, RingPos::of(nodes_[i]->id));
    if (!best || gap < best_gap) {
      best = i;
      best_gap = gap;
    }
  }
  return best.value_or(0);
}

}  // namespace disco::sim
