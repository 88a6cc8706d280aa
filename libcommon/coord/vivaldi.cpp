#include "libcommon/coord/vivaldi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace disco::coord {

namespace {

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

// Below this the two points count as one and the direction between them is drawn at random.
constexpr double kCoincident = 1e-6;

}  // namespace

Vivaldi::Vivaldi(VivaldiConfig config, Random random) : config_(config), random_(std::move(random)) {
  config_.dimensions = std::clamp<std::size_t>(config_.dimensions, 1, kMaxDimensions);
  config_.app_window = std::max<std::size_t>(config_.app_window, 1);
  config_.max_peers = std::max<std::size_t>(config_.max_peers, 1);
  if (!random_) {
    // Fixed seed: a node needs no unpredictability here, only some direction.
    random_ = [gen = std::mt19937_64{1}]() mutable { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  }
  system_ = origin();
  app_ = system_;
}

Coordinate Vivaldi::origin() const {
  Coordinate c;
  c.model = Model::vivaldi;
  c.vector.assign(config_.dimensions, 0.0);
  c.error = config_.initial_error;
  c.height = config_.use_height ? config_.min_height_ms : 0.0;
  return c;
}

std::optional<double> Vivaldi::filtered_rtt(std::string_view peer) const {
  const auto it = peers_.find(peer);
  if (it == peers_.end()) return std::nullopt;
  return it->second.filter.value();
}

Vivaldi::PeerState& Vivaldi::peer_state(std::string_view peer) {
  auto it = peers_.find(peer);
  if (it == peers_.end()) {
    if (peers_.size() >= config_.max_peers) {
      auto oldest = std::min_element(peers_.begin(), peers_.end(), [](const auto& a, const auto& b) {
        return a.second.last_heard < b.second.last_heard;
      });
      peers_.erase(oldest);
    }
    it =
        peers_.emplace(std::string(peer), PeerState{LatencyFilter(config_.filter_window, config_.filter_percentile), 0})
            .first;
  }
  it->second.last_heard = ++clock_;
  return it->second;
}

namespace {

bool valid_vivaldi(const Coordinate& c, std::size_t dimensions) {
  if (c.model != Model::vivaldi || c.vector.size() != dimensions) return false;
  for (double x : c.vector)
    if (!std::isfinite(x) || std::fabs(x) > kMaxComponentMs) return false;
  return std::isfinite(c.height) && c.height >= 0 && c.height <= kMaxComponentMs;
}

}  // namespace

bool Vivaldi::restore(const Coordinate& saved) {
  if (!valid_vivaldi(saved, config_.dimensions)) return false;
  system_.vector = saved.vector;
  system_.height = config_.use_height ? std::max(saved.height, config_.min_height_ms) : 0.0;
  system_.error = std::clamp(std::isfinite(saved.error) ? saved.error : config_.initial_error, config_.min_error,
                             config_.max_error);
  system_.samples = saved.samples;
  app_ = system_;
  recent_.clear();
  window_sum_.clear();
  return true;
}

Vivaldi::Outcome Vivaldi::observe(std::string_view peer, const Coordinate& peer_coord, double rtt_ms) {
  if (!std::isfinite(rtt_ms) || rtt_ms <= 0 || rtt_ms > config_.max_rtt_ms) return Outcome::refused_rtt;
  if (!valid_vivaldi(peer_coord, config_.dimensions)) return Outcome::refused_coord;

  const double rtt = *peer_state(peer).filter.add(rtt_ms);
  const std::size_t dims = config_.dimensions;
  const double peer_height = config_.use_height ? peer_coord.height : 0.0;

  // Dabek s5.3: with heights, [x,h] - [y,h'] = [x - y, h + h'] and its length is ||x - y|| + h + h'.
  std::vector<double> diff(dims);
  for (std::size_t k = 0; k < dims; ++k) diff[k] = system_.vector[k] - peer_coord.vector[k];
  const double euclid = norm(diff);
  const double height_sum = system_.height + peer_height;
  const double predicted = euclid + height_sum;

  // Adaptive timestep and error (Dabek s3.4, Algorithm 2): trust a sample in proportion to how
  // much more certain the peer is than we are.
  const double peer_error = std::clamp(std::isfinite(peer_coord.error) ? peer_coord.error : config_.max_error,
                                       config_.min_error, config_.max_error);
  const double own_error = system_.error;
  const double w = own_error / (own_error + peer_error);
  const double sample_error = std::min(std::fabs(predicted - rtt) / rtt, config_.max_error);
  system_.error = std::clamp(sample_error * config_.ce * w + own_error * (1 - config_.ce * w), config_.min_error,
                             config_.max_error);
  const double delta = config_.cc * w;
  const double force = delta * (rtt - predicted);  // > 0: too close, move away

  if (euclid < kCoincident) {
    // Same point: no direction to move along, so take a random one (Dabek s3.3); heights stay.
    std::vector<double> dir(dims);
    double len = 0;
    while (len < 1e-3) {
      for (double& d : dir) d = 2 * random_() - 1;
      len = norm(dir);
    }
    for (std::size_t k = 0; k < dims; ++k) system_.vector[k] += force * dir[k] / len;
  } else {
    // Unit vector of [diff, height_sum]: the Euclidean part and the height share the move in
    // proportion to their share of the predicted RTT.
    for (std::size_t k = 0; k < dims; ++k) system_.vector[k] += force * diff[k] / predicted;
    if (config_.use_height)
      system_.height = std::max(config_.min_height_ms, system_.height + force * height_sum / predicted);
  }

  if (config_.gravity_rho_ms > 0) {
    const double r = norm(system_.vector);
    if (r > 0) {
      const double pull = std::min((r / config_.gravity_rho_ms) * (r / config_.gravity_rho_ms), r);
      for (double& x : system_.vector) x -= pull * x / r;
    }
  }
  for (double& x : system_.vector) x = std::clamp(x, -kMaxComponentMs, kMaxComponentMs);
  system_.height = std::min(system_.height, kMaxComponentMs);
  ++system_.samples;
  update_application();
  return Outcome::updated;
}

void Vivaldi::update_application() {
  // A running sum over the window: this runs on every sample, so no rescans.
  const std::size_t dims = config_.dimensions;
  if (window_sum_.size() != dims + 1) window_sum_.assign(dims + 1, 0.0);
  std::vector<double> entry(system_.vector);
  entry.push_back(system_.height);
  for (std::size_t k = 0; k <= dims; ++k) window_sum_[k] += entry[k];
  recent_.push_back(std::move(entry));
  while (recent_.size() > config_.app_window) {
    for (std::size_t k = 0; k <= dims; ++k) window_sum_[k] -= recent_.front()[k];
    recent_.pop_front();
  }
  const auto n = static_cast<double>(recent_.size());

  // The nearest peer's filtered RTT scales the threshold; peers change slowly, so it is looked up
  // once per window rather than on every sample.
  if (system_.samples % config_.app_window == 1 || config_.app_window == 1 || !std::isfinite(nearest_rtt_)) {
    nearest_rtt_ = std::numeric_limits<double>::infinity();
    for (const auto& [name, state] : peers_)
      if (auto v = state.filter.value(); v && *v > 0) nearest_rtt_ = std::min(nearest_rtt_, *v);
  }
  const double threshold =
      std::isfinite(nearest_rtt_) ? config_.app_threshold * nearest_rtt_ : config_.app_threshold_ms;

  double moved2 = 0;
  for (std::size_t k = 0; k < dims; ++k) {
    const double d = window_sum_[k] / n - app_.vector[k];
    moved2 += d * d;
  }
  const double centroid_height = window_sum_[dims] / n;
  const double distance_moved = std::sqrt(moved2) + std::fabs(centroid_height - app_.height);
  if (distance_moved > threshold || app_updates_ == 0) {
    for (std::size_t k = 0; k < dims; ++k) app_.vector[k] = window_sum_[k] / n;
    app_.height = centroid_height;
    ++app_updates_;
  }
  // Error and sample count are facts about the node now, not about where it is drawn.
  app_.error = system_.error;
  app_.samples = system_.samples;
}

}  // namespace disco::coord
