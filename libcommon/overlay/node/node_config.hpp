#pragma once
// Plain values a Node engine runs with: the overlay's parameters (from the configuration document,
// RFC 6940 s11.1) and this peer's own (listen address, whether it may start an overlay alone).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/base/clock.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/common.hpp"
#include "libcommon/topology/chord/routing_table.hpp"

namespace disco::overlay {

using namespace std::chrono_literals;

struct NodeConfig {
  std::string overlay_name;
  std::uint32_t overlay_hash = 0;     // low 32 bits of SHA-1(overlay name), s6.3.2
  std::uint16_t config_sequence = 0;  // s6.3.2.1
  reload::msg::CodecContext codec;    // node-id-length, max-message-size, kinds
  std::uint8_t initial_ttl = 100;     // initial-ttl, s6.3.2

  // s6.2.1: overlay-reliability-timer (default 3000 ms) between end-to-end transmissions of a
  // request; 4 retransmissions, so 5 transmissions in all.
  base::Duration reliability_timer = 3000ms;
  int max_transmissions = 5;
  // s6.2.1: answers to duplicates must be equivalent within the maximum request lifetime (15 s).
  base::Duration duplicate_window = 15s;

  // chord-update-interval (s10.7.4.2, default 600 s): the periodic Update to every neighbour.
  base::Duration update_interval = 600s;
  // A link that has been silent this long is probed with a Ping; no answer within
  // reliability_timer means the peer failed (s10.7.1). Our choice: 2.5 update intervals.
  base::Duration liveness_timeout = 1500s;
  // chord-ping-interval (s10.7.4.3, default 3600 s): how often fingers are looked up again.
  base::Duration finger_refresh_interval = 3600s;
  // How often the replication sweep runs without a topology change (s10.4 keeps three copies);
  // changes trigger it after replication_delay.
  base::Duration replication_interval = 60s;
  base::Duration replication_delay = 1s;
  // Join: how long to wait for Attach answers from would-be neighbours before sending Join, and
  // before starting over from the bootstrap nodes (s10.5).
  base::Duration join_attach_wait = 5s;
  base::Duration join_retry = 10s;
  // After every bootstrap peer refused us (not reachable, or not in an overlay yet).
  base::Duration bootstrap_retry = 2s;
  // Graceful leave: how long to wait for hand-over Stores and LeaveAns (s10.9).
  base::Duration leave_wait = 5s;

  topology::chord::TableSizes table;
  // In overlays of up to this many peers, every peer links to all others (link_small_overlay();
  // a peer decides from an estimate, up to twice this). 64: even where the estimate errs, the
  // links stay within the 128 finger entries s10.7.4.3 asks implementations to support.
  std::size_t small_overlay_peers = 64;
  // How long a peer is in the ring before it links to every peer of a small overlay: the
  // handshakes would otherwise slow down peers still joining (50 peers started at once were all
  // usable after 2.9 s instead of ~1.6 s).
  base::Duration small_overlay_delay = 2s;
  // The host candidate sent in Attach (No-ICE, s6.5.1.11); our TLS listener.
  std::optional<reload::msg::IpAddressPort> listen;
  std::vector<reload::msg::IpAddressPort> bootstrap;
  // s6.4.2.2: "a way to decide a node may be the first node": when no bootstrap peer answers,
  // this peer starts the overlay alone.
  bool may_be_first = false;
  // Lifetime given to values stored through this node when the request names none (s7).
  std::uint32_t default_lifetime_s = 3600;
};

}  // namespace disco::overlay
