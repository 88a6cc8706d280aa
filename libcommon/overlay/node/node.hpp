#pragma once
// A RELOAD peer as a sans-I/O engine (RFC 6940): symmetric recursive forwarding with via lists
// (s6.1, s6.2), end-to-end transactions with retransmission (s6.2.1), CHORD-RELOAD join, update,
// leave, stabilisation and repair (s10), and storage with replication (s7, s10.4).
//
// Inputs are events with the current time; outputs go through NodeHost (send/connect/close) and
// the handlers of requests started here. Nothing blocks and nothing reads a clock, so the same
// engine runs a real peer (runtime/), thousands of simulated peers (tests/sim/) and unit tests.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/clock.hpp"
#include "libcommon/overlay/node/host.hpp"
#include "libcommon/overlay/node/node_config.hpp"
#include "libcommon/overlay/node/node_stats.hpp"
#include "libcommon/overlay/node/outcome.hpp"
#include "libcommon/reload/msg/body.hpp"
#include "libcommon/reload/msg/message.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/kind_registry.hpp"
#include "libcommon/topology/chord/routing_table.hpp"

namespace disco::overlay {

enum class NodeState : std::uint8_t { idle, bootstrapping, joining, ready, leaving, left };
std::string_view to_string(NodeState s);

// A value to store through store(): the engine signs it as this node's user (s7.1).
struct ValueToStore {
  reload::msg::StoredDataValue value;
  std::uint32_t lifetime_s = 0;  // 0: the configured default
};

class Node {
 public:
  Node(NodeConfig config, NodeHost& host, const security::Signer& signer, const security::Verifier& verifier,
       const storage::KindRegistry& kinds);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Starts bootstrapping (s11.4) or, with no reachable bootstrap peer and may_be_first, the overlay.
  void start(base::TimePoint now);

  // --- events from the host
  // `attempt` is the connect() this link answers, nullopt for a link the peer opened.
  void on_link_up(LinkId link, const reload::NodeId& peer, base::TimePoint now,
                  std::optional<std::uint64_t> attempt = std::nullopt);
  void on_link_down(LinkId link, base::TimePoint now);
  void on_connect_failed(std::uint64_t attempt, base::TimePoint now);
  void on_message(LinkId link, base::BytesView message, base::TimePoint now);
  void on_timer(base::TimePoint now);
  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;

  // --- requests this node originates (the control socket's operations)
  void ping(reload::msg::Destination to, base::TimePoint now, OutcomeHandler done);
  void route_query(reload::msg::Destination to, base::TimePoint now, OutcomeHandler done);
  void probe(reload::msg::Destination to, std::vector<reload::msg::ProbeInformationType> info, base::TimePoint now,
             OutcomeHandler done);
  // Signs each value, then Stores them at `resource` (s7.4.1). generation 0: do not check.
  void store(const reload::ResourceId& resource, reload::msg::KindId kind, std::vector<ValueToStore> values,
             std::uint64_t generation, base::TimePoint now, OutcomeHandler done);
  // The answer's values are verified before `done` sees them (s7.4.2.2); dropped ones are counted.
  void fetch(reload::msg::FetchReq request, base::TimePoint now, OutcomeHandler done);
  void stat(reload::msg::StatReq request, base::TimePoint now, OutcomeHandler done);
  void find(reload::msg::FindReq request, base::TimePoint now, OutcomeHandler done);
  // Graceful leave (s10.9): sends Leave to every neighbour, then hands what it holds as responsible
  // peer or replica to the first successor that is not leaving too, then closes every link. `done`
  // runs when that is finished (or after leave_wait).
  void leave(base::TimePoint now, std::function<void()> done);

  // --- introspection
  [[nodiscard]] NodeState state() const { return state_; }
  [[nodiscard]] const reload::NodeId& node_id() const { return self_; }
  [[nodiscard]] const topology::chord::RoutingTable& routing_table() const { return table_; }
  [[nodiscard]] const storage::DataStore& store_data() const { return *store_; }
  [[nodiscard]] storage::DataStore& store_data() { return *store_; }
  [[nodiscard]] const NodeStats& stats() const { return stats_; }
  [[nodiscard]] std::size_t link_count() const { return links_.size(); }
  // Distinct peers we hold a link to, and of those the ones known to be in the ring (the only ones
  // data requests are sent to directly).
  [[nodiscard]] std::size_t linked_peer_count() const { return peer_links_.size(); }
  [[nodiscard]] std::size_t linked_ring_peer_count() const {
    return static_cast<std::size_t>(std::count_if(peer_links_.begin(), peer_links_.end(),
                                                  [&](const auto& p) { return in_ring_.contains(p.first); }));
  }
  [[nodiscard]] std::vector<std::pair<reload::NodeId, LinkId>> connected_peers() const;
  [[nodiscard]] base::Duration uptime(base::TimePoint now) const { return now - started_; }
  [[nodiscard]] const NodeConfig& config() const { return config_; }
  [[nodiscard]] const security::Verifier& verifier() const { return verifier_; }
  [[nodiscard]] const std::string& user() const { return signer_.identity().user; }

 private:
  struct Link {
    reload::NodeId peer;
    base::TimePoint last_heard;
    bool probing = false;  // a liveness Ping is out
  };
  struct Pending {
    reload::msg::MessageCode code;
    base::Bytes message;  // as first sent; retransmissions reuse it (same transaction id)
    std::vector<reload::msg::Destination> destination;
    std::optional<LinkId> first_hop;  // forced first hop (bootstrap, before the ring knows us)
    // False while `message` was built for delivery to ourselves, which needs no signature;
    // transmit() signs it before it ever goes to a peer.
    bool is_signed = true;
    // The Destination List starts with our guess of the responsible peer (data_destination());
    // retransmissions drop it and let the ring route.
    bool guessed = false;
    base::TimePoint started;
    base::TimePoint deadline;
    int transmissions = 0;
    int max_transmissions = 0;
    std::optional<reload::NodeId> last_hop_peer;
    std::function<void(const Outcome&)> done;
  };
  struct CachedAnswer {
    base::Bytes message;
    base::TimePoint expires;
  };
  struct IncomingRequest {
    reload::msg::Message message;
    security::PeerIdentity signer;
    std::optional<LinkId> link;  // nullopt: originated here
    reload::NodeId previous_hop;
  };

  // node.cpp: lifecycle, links, timers
  void become_first(base::TimePoint now);
  void bootstrap(base::TimePoint now);
  void peer_failed(const reload::NodeId& peer, base::TimePoint now);
  void mark_in_ring(const reload::NodeId& peer, base::TimePoint now);
  void neighbors_changed(base::TimePoint now);
  void schedule_sweep(base::TimePoint now);
  void send_updates(base::TimePoint now);
  void check_liveness(base::TimePoint now);
  [[nodiscard]] std::optional<LinkId> link_to(const reload::NodeId& peer) const;
  [[nodiscard]] reload::msg::ChordUpdate make_update(bool full, base::TimePoint now) const;

  // forwarding.cpp: s6.1
  enum class RouteResult : std::uint8_t { delivered, forwarded, no_route, dropped };
  // `from` is the peer the message came from, nullopt when this node originated it.
  RouteResult route(reload::msg::ForwardingHeader header, base::BytesView whole, std::size_t header_size,
                    const std::optional<reload::NodeId>& from, base::TimePoint now);
  RouteResult forward(reload::msg::ForwardingHeader& header, base::BytesView rest,
                      const std::optional<reload::NodeId>& from, const reload::NodeId& next, base::BytesView whole,
                      std::size_t header_size, base::TimePoint now);
  // `own`: the bytes were built by this node (a request or answer to itself), so there is no
  // signature to check: the s6.3.4 check authenticates a sender, and the sender is us.
  void deliver(base::BytesView whole, std::size_t header_size, const reload::NodeId& from, std::optional<LinkId> link,
               bool own, base::TimePoint now);
  // Whether route() would deliver a message with this Destination List here, now.
  [[nodiscard]] bool delivers_here(const std::vector<reload::msg::Destination>& destination) const;
  void resend_answer(const base::Bytes& message, base::TimePoint now);
  [[nodiscard]] std::optional<reload::NodeId> next_hop_for(const reload::msg::Destination& d) const;
  // Where a Store/Fetch/Stat/Find this node originates goes: [resource], or [S, resource] with S a
  // linked peer that is probably responsible (see forwarding.cpp).
  [[nodiscard]] std::vector<reload::msg::Destination> data_destination(const reload::ResourceId& resource) const;
  void start_data_request(const reload::msg::Body& body, const reload::ResourceId& resource, base::TimePoint now,
                          std::function<void(const Outcome&)> done);

  // transactions.cpp: s6.2
  std::uint64_t start_request(const reload::msg::Body& body, std::vector<reload::msg::Destination> destination,
                              base::TimePoint now, std::function<void(const Outcome&)> done,
                              std::optional<LinkId> first_hop = std::nullopt, int max_transmissions = 0,
                              std::vector<reload::msg::GenericCertificate> certificates = {});
  void transmit(std::uint64_t transaction_id, Pending& p, base::TimePoint now);
  void on_answer(const reload::msg::Message& m, const security::PeerIdentity& signer, base::TimePoint now);
  void expire_transactions(base::TimePoint now);
  // `sign` false: for delivery to ourselves only (an empty signature value under our identity).
  base::result<base::Bytes, std::string> build_message(reload::msg::ForwardingHeader header,
                                                       const reload::msg::Body& body,
                                                       std::vector<reload::msg::GenericCertificate> extra_certs,
                                                       bool sign = true);
  // Signs a message build_message() left unsigned.
  [[nodiscard]] bool sign_message(base::Bytes& message) const;
  void answer(const IncomingRequest& req, const reload::msg::Body& body,
              std::vector<reload::msg::GenericCertificate> extra_certs, base::TimePoint now);
  void answer_error(const IncomingRequest& req, reload::msg::ErrorCode code, std::string_view info,
                    base::TimePoint now);
  void answer_error_raw(const reload::msg::ForwardingHeader& request_header, const reload::NodeId& from,
                        reload::msg::ErrorCode code, std::string_view info, base::TimePoint now);

  // requests.cpp: what this node answers
  void handle_request(const IncomingRequest& req, base::TimePoint now);
  void handle_attach(const IncomingRequest& req, const reload::msg::AttachReqAns& body, base::TimePoint now);
  void handle_join(const IncomingRequest& req, const reload::msg::JoinReq& body, base::TimePoint now);
  void handle_update(const IncomingRequest& req, const reload::msg::ChordUpdate& body, base::TimePoint now);
  void verify_successor(base::TimePoint now);
  void correct_sender(const reload::NodeId& from, const std::vector<reload::NodeId>& its_neighbors,
                      base::TimePoint now);
  void handle_leave(const IncomingRequest& req, const reload::msg::LeaveReq& body, base::TimePoint now);
  void handle_store(const IncomingRequest& req, const reload::msg::StoreReq& body, base::TimePoint now);

  // join.cpp: s10.5 and attaching to peers we learn about
  // `send_update`: the peer sends us its table once the link is up (s6.5.1), which small overlays
  // use to find the peers their lookups missed (link_small_overlay()).
  void attach_to(const reload::NodeId& peer, const std::optional<reload::NodeId>& via, base::TimePoint now,
                 bool send_update = false);
  void on_attach_answer(const reload::NodeId& responder, const reload::msg::AttachReqAns& ans, base::TimePoint now);
  void join_on_update(const reload::NodeId& from, const reload::msg::ChordUpdate& update, base::TimePoint now);
  void send_join(base::TimePoint now);
  void refresh_fingers(base::TimePoint now);
  // A peer an answer showed to be in the ring: into the table when linked, else attached to.
  void link_in_ring_peer(const reload::NodeId& peer, base::TimePoint now, bool send_update = false);
  // Pings the peer responsible for `position` and attaches to it when not linked yet.
  void link_responsible_for(topology::chord::RingPos position, base::TimePoint now, bool send_update = false);
  void link_small_overlay(base::TimePoint now);
  // The overlay's size estimated from the spacing of our successors and predecessors, when it is
  // at most twice small_overlay_peers (then link_small_overlay() links every peer).
  [[nodiscard]] std::optional<std::size_t> small_overlay_estimate() const;
  void begin_join(LinkId link, base::TimePoint now);
  [[nodiscard]] reload::msg::AttachReqAns attach_body(std::string_view role, bool send_update) const;
  void send_leaves(base::TimePoint now);
  void start_handover(base::TimePoint now);
  // Pushes a resource to our first successor (again, when one is under way to another peer).
  void hand_over(const reload::ResourceId& resource, base::TimePoint now);
  void retarget_handover(base::TimePoint now);
  void maybe_finish_leave();
  void finish_leave();

  // replication.cpp: s10.4, s10.5 steps 6, s10.7
  void replication_sweep(base::TimePoint now);
  void push_resource(const reload::ResourceId& resource, const reload::msg::Destination& to,
                     std::uint8_t replica_number, base::TimePoint now, std::function<void(bool)> done = {});
  void replicate_after_store(const reload::ResourceId& resource, const reload::msg::StoreReq& original,
                             const reload::msg::StoreAns& answer,
                             const std::vector<reload::msg::GenericCertificate>& certificates, base::TimePoint now);

  NodeConfig config_;
  NodeHost& host_;
  const security::Signer& signer_;
  const security::Verifier& verifier_;
  const storage::KindRegistry& kinds_;
  reload::NodeId self_;
  reload::msg::SignerIdentity my_identity_;  // ours, part of every signature input
  topology::chord::RoutingTable table_;
  std::unique_ptr<storage::DataStore> store_;
  NodeStats stats_;

  NodeState state_ = NodeState::idle;
  // The time of the event being handled, for completion handlers that run inside it.
  base::TimePoint last_event_{};
  base::TimePoint started_{};
  std::map<LinkId, Link> links_;
  std::map<reload::NodeId, LinkId> peer_links_;
  std::set<reload::NodeId> in_ring_;
  std::size_t linked_overlay_estimate_ = 0;  // link_small_overlay(): the size it last ran for
  base::TimePoint ready_since_{};

  std::map<std::uint64_t, Pending> pending_;
  std::optional<reload::NodeId> last_next_hop_;  // set by forward(), read by transmit()
  std::map<std::uint64_t, CachedAnswer> answered_;
  std::deque<std::pair<base::TimePoint, std::uint64_t>> answer_expiry_;  // oldest first

  // attaching
  std::map<reload::NodeId, base::TimePoint> attaching_;        // Attach out, until
  std::map<reload::NodeId, std::uint64_t> attach_requests_;    // our AttachReq not answered yet
  std::map<reload::NodeId, base::TimePoint> attach_answered_;  // we answered its Attach: it dials us, until
  std::map<std::uint64_t, reload::NodeId> connect_attempts_;   // attempt -> expected peer
  std::map<std::uint64_t, bool> bootstrap_attempts_;
  std::uint64_t next_attempt_ = 1;
  std::set<reload::NodeId> update_on_link_up_;           // Attach with send_update (s6.5.1)
  std::map<reload::NodeId, base::TimePoint> corrected_;  // last corrective Update per peer

  // joining
  std::optional<LinkId> bootstrap_link_;
  std::optional<reload::NodeId> admitting_peer_;
  std::set<reload::NodeId> join_waiting_for_;
  base::TimePoint join_deadline_{};
  bool join_sent_ = false;
  base::TimePoint bootstrap_deadline_{};

  // timers
  base::TimePoint next_update_{};
  base::TimePoint next_finger_refresh_{};
  std::optional<base::TimePoint> replication_due_;
  base::TimePoint next_replication_{};
  base::TimePoint next_liveness_{};
  bool neighbors_dirty_ = false;

  // replication: which peers already have the current data of a resource
  std::map<reload::ResourceId, std::set<reload::NodeId>> pushed_;
  // Anti-entropy (replication.cpp) forgets who holds what every this many replication intervals.
  static constexpr int anti_entropy_every = 10;
  base::TimePoint next_anti_entropy_{};

  // leaving: first the LeaveReqs (announce), then the hand-over (join.cpp)
  struct Handover {
    reload::NodeId target;
    std::uint64_t attempt = 0;  // a later attempt supersedes the answer to an earlier one
  };
  std::function<void()> leave_done_;
  base::TimePoint leave_deadline_{};        // leave_wait after leave(): links close then at the latest
  base::TimePoint announce_deadline_{};     // the hand-over starts then even without every LeaveAns
  std::set<reload::NodeId> leave_waiting_;  // LeaveAns not in yet
  bool handing_over_ = false;
  bool handover_ready_ = false;                      // start_handover() has started every push
  std::map<reload::ResourceId, Handover> handover_;  // not acknowledged yet
  std::uint64_t handover_attempts_ = 0;
};

}  // namespace disco::overlay
