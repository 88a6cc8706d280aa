#pragma once
// Vivaldi network coordinates with height vectors (Dabek, Cox, Kaashoek, Morris, "Vivaldi: a
// decentralized network coordinate system", SIGCOMM 2004, s3-s5) and the changes Ledlie, Gardner
// and Seltzer found necessary outside a simulator ("Network coordinates in the wild", NSDI 2007):
// a per-peer latency filter, an application-level coordinate behind an update filter, and gravity
// towards the origin. Sans-I/O: the owner feeds it RTT samples with the peer's coordinate; it never
// measures anything itself. README.md says which constants were chosen and why.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/coord/coordinate.hpp"
#include "libcommon/coord/latency_filter.hpp"

namespace disco::coord {

struct VivaldiConfig {
  std::size_t dimensions = 3;  // Euclidean part; the height comes on top
  bool use_height = true;
  // Floor (and start) of the height: a height of exactly 0 on both sides would never grow, since
  // each side's share of a move is its part of the predicted RTT.
  double min_height_ms = 0.01;
  double cc = 0.25;            // timestep constant: delta = cc * e_i / (e_i + e_j) (Dabek s3.4)
  double ce = 0.25;            // weight of one sample in the error's moving average (Dabek s3.4)
  double initial_error = 1.0;  // a fresh node knows nothing: relative error 1
  double min_error = 0.01;     // floor, so that a node never trusts itself absolutely
  double max_error = 1.5;      // ceiling on e_i and on one sample's relative error
  // Gravity (Ledlie s5.2): a pull of (||x|| / rho)^2 ms towards the origin per update keeps the
  // whole system from drifting away; 0 switches it off.
  double gravity_rho_ms = 2048.0;
  // Latency filter (Ledlie s4.1): percentile of the last `filter_window` samples of each peer.
  std::size_t filter_window = 4;
  double filter_percentile = 0.25;
  std::size_t max_peers = 1024;  // filters kept; the least recently heard-from peer is forgotten
  // Update filter (Ledlie s6): the application coordinate moves to the centroid of the last
  // `app_window` system coordinates once that centroid is more than `app_threshold` times the
  // RTT to the nearest peer away from it, or `app_threshold_ms` when no peer is known.
  std::size_t app_window = 16;
  double app_threshold = 0.1;
  double app_threshold_ms = 5.0;
  double max_rtt_ms = 60000.0;  // samples above this (or <= 0) are refused, not believed
};

class Vivaldi {
 public:
  // Uniform in [0, 1): the direction two coinciding nodes are pushed apart in. Injected so that
  // tests and simulations are deterministic; the default is a fixed-seed generator.
  using Random = std::function<double()>;

  explicit Vivaldi(VivaldiConfig config = {}, Random random = {});

  enum class Outcome : std::uint8_t {
    updated,        // the system coordinate moved (and maybe the application one)
    refused_rtt,    // the RTT is not a number in (0, max_rtt_ms]
    refused_coord,  // the peer's coordinate is not vivaldi, or of another dimension
  };

  // Starts from a coordinate saved earlier (a restarting peer): refuses (false) one of another
  // model or dimension or with out-of-range numbers. Per-peer filters start empty.
  bool restore(const Coordinate& saved);

  // One RTT sample to `peer` whose (system) coordinate is `peer_coord`.
  Outcome observe(std::string_view peer, const Coordinate& peer_coord, double rtt_ms);

  // The coordinate that follows every sample; what peers exchange with each other.
  [[nodiscard]] const Coordinate& coordinate() const { return system_; }
  // The update-filtered one; what applications (disco-register) publish. It changes rarely.
  [[nodiscard]] const Coordinate& application_coordinate() const { return app_; }
  [[nodiscard]] double error() const { return system_.error; }
  [[nodiscard]] std::size_t application_updates() const { return app_updates_; }
  // The filtered RTT of `peer`, when it has samples.
  [[nodiscard]] std::optional<double> filtered_rtt(std::string_view peer) const;
  [[nodiscard]] const VivaldiConfig& config() const { return config_; }
  // Lowers (or raises) cc from now on; a batch fit anneals with it (mesh.hpp).
  void set_timestep_constant(double cc) { config_.cc = cc; }

  // A fresh coordinate of this configuration: the origin, height 0, the initial error.
  [[nodiscard]] Coordinate origin() const;

 private:
  struct PeerState {
    LatencyFilter filter;
    std::uint64_t last_heard = 0;
  };
  PeerState& peer_state(std::string_view peer);
  void update_application();

  VivaldiConfig config_;
  Random random_;
  Coordinate system_;
  Coordinate app_;
  std::size_t app_updates_ = 0;
  std::deque<std::vector<double>> recent_;  // the last app_window system coordinates (vector, height)
  std::vector<double> window_sum_;          // their sum, component by component
  double nearest_rtt_ = std::numeric_limits<double>::infinity();
  std::map<std::string, PeerState, std::less<>> peers_;
  std::uint64_t clock_ = 0;  // counts samples, for forgetting the least recent peer
};

}  // namespace disco::coord
