#pragma once
// Many overlay::Node engines in one process on a virtual clock, linked by a simulated network whose
// one-way delays are half the RTTs of a real matrix. The engines are the production ones; only the
// links (TLS in a real peer) and the public-key work (a cheap keyed hash) are stand-ins.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <vector>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/storage/kind_registry.hpp"
#include "tests/support/fake_security.hpp"
#include "tests/support/rtt_matrix.hpp"

namespace disco::sim {

// The kind most simulations store: DISCO-NOTE, a dictionary with USER-MATCH (each peer writes
// under its own user name), as `reload-node init` declares it.
inline constexpr reload::msg::KindId note_kind = 0xF0000001;
storage::KindRegistry note_kind_registry();

struct WorldOptions {
  std::size_t nodes = 100;
  std::uint64_t seed = 1;
  overlay::NodeConfig node;  // template; listen, bootstrap and may_be_first are set per node
  // TCP + TLS 1.3 set-up before a link is usable, in RTTs of the pair.
  double handshake_rtts = 2.0;
  // How long a connect to a dead host takes to fail (no SYN-ACK).
  base::Duration connect_timeout = std::chrono::seconds(3);
};

class World {
 public:
  World(WorldOptions options, RttMatrix matrix, const storage::KindRegistry& kinds);
  ~World();

  // Starts node i now (node 0 may start the overlay alone; the others bootstrap through node 0).
  void start(std::size_t i);
  // Runs events until `until` (virtual time).
  void run_until(base::TimePoint until);
  void run_for(base::Duration d) { run_until(now_ + d); }
  // Runs until pred() holds, checking every `step`, at most until `limit`. True if it held.
  bool run_until_true(const std::function<bool()>& pred, base::Duration step, base::Duration limit);

  // Fails a node without warning: it stops answering; its links are not closed.
  void kill(std::size_t i);
  [[nodiscard]] bool alive(std::size_t i) const;

  [[nodiscard]] base::TimePoint now() const { return now_; }
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }
  [[nodiscard]] overlay::Node& node(std::size_t i);
  [[nodiscard]] const reload::NodeId& id(std::size_t i) const;
  [[nodiscard]] std::string user(std::size_t i) const;
  [[nodiscard]] std::uint64_t messages_delivered() const { return messages_; }
  // Signature checks made by all nodes (one verifier serves them all).
  [[nodiscard]] std::size_t verifications() const { return verifier_.verifications(); }

  // The live node responsible for a ring position, computed from global knowledge.
  [[nodiscard]] std::size_t responsible_for(topology::chord::RingPos k) const;
  // Live, ready node indexes sorted by Node-ID.
  [[nodiscard]] std::vector<std::size_t> ring() const;

 private:
  struct SimNode;
  struct Host;
  struct Event {
    base::TimePoint at;
    std::uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  struct LinkEnd {
    std::size_t node;
    std::size_t peer_node;
    overlay::LinkId peer_link;
  };

  void schedule(base::TimePoint at, std::function<void()> fn);
  void wake(std::size_t i);
  base::Duration one_way(std::size_t a, std::size_t b) const;
  void send(std::size_t from, overlay::LinkId link, base::Bytes bytes);
  void connect(std::size_t from, std::uint64_t attempt, const reload::msg::IpAddressPort& to,
               std::optional<reload::NodeId> expected);
  void close(std::size_t from, overlay::LinkId link);

  WorldOptions options_;
  RttMatrix matrix_;
  const storage::KindRegistry& kinds_;
  test::FakeVerifier verifier_;
  std::vector<std::unique_ptr<SimNode>> nodes_;
  std::map<std::uint32_t, std::size_t> by_address_;
  std::map<overlay::LinkId, LinkEnd> links_;
  overlay::LinkId next_link_ = 1;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t seq_ = 0;
  base::TimePoint now_{};
  std::mt19937_64 rng_;
  std::uint64_t messages_ = 0;
};

}  // namespace disco::sim
