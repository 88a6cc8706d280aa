#include "libcommon/coord/gnp.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "libcommon/coord/simplex.hpp"

namespace disco::coord {

namespace {

base::failure<CoordError> fail(std::string message) { return base::failure{CoordError{std::move(message)}}; }

double dist(const double* a, const double* b, std::size_t d) {
  double s = 0;
  for (std::size_t k = 0; k < d; ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(s);
}

// Relative error's denominator: a 0 ms RTT (same host) would divide by zero; 1 ms is below what the
// control socket can resolve anyway.
double denominator(double rtt) { return std::max(rtt, 1.0); }

// Restarted simplex: a simplex in many dimensions collapses before it reaches the minimum, and a
// fresh one around the best point goes on (Numerical Recipes' advice for amoeba).
SimplexResult restarted(const std::function<double(const std::vector<double>&)>& f, std::vector<double> start,
                        double step, const GnpConfig& config) {
  const std::size_t budget = std::max<std::size_t>(start.size(), 1) * config.evaluations_per_variable;
  SimplexResult best = minimize_simplex(f, std::move(start), step, budget);
  for (std::size_t r = 0; r < config.restarts; ++r) {
    step *= 0.5;
    auto next = minimize_simplex(f, best.x, step, budget);
    const bool improved = next.value < best.value * (1 - 1e-9);
    if (next.value < best.value) best = std::move(next);
    if (!improved) break;
  }
  return best;
}

}  // namespace

base::result<Coordinate, CoordError> landmark_coordinate(const std::vector<std::string>& landmarks,
                                                         const std::vector<double>& rtt_ms, std::uint64_t samples) {
  if (landmarks.empty() || landmarks.size() > kMaxDimensions) return fail("landmark: 1 to 32 landmarks are needed");
  if (landmarks.size() != rtt_ms.size()) return fail("landmark: one RTT per landmark is needed");
  for (double r : rtt_ms)
    if (!std::isfinite(r) || r < 0 || r > kMaxComponentMs) return fail("landmark: every landmark needs an RTT");
  Coordinate c;
  c.model = Model::landmark;
  c.vector = rtt_ms;
  c.error = 0;
  c.samples = samples;
  c.landmarks = landmarks;
  return c;
}

base::result<GnpLandmarks, CoordError> fit_landmarks(const std::vector<std::string>& names,
                                                     const std::vector<double>& rtt_ms, const GnpConfig& config) {
  const std::size_t n = names.size();
  const std::size_t d = config.dimensions;
  if (d == 0 || d > kMaxDimensions) return fail("gnp: 1 to 32 dimensions");
  if (n < d + 1 || n > kMaxDimensions) return fail("gnp: needs more landmarks than dimensions (and at most 32)");
  if (rtt_ms.size() != n * n) return fail("gnp: the landmark RTT matrix must be square");
  struct Pair {
    std::size_t a, b;
    double rtt;
  };
  std::vector<Pair> pairs;
  double largest = 0;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      double sum = 0;
      int count = 0;
      for (double r : {rtt_ms[a * n + b], rtt_ms[b * n + a]})
        if (std::isfinite(r) && r >= 0 && r <= kMaxComponentMs) {
          sum += r;
          ++count;
        }
      if (count == 0) return fail("gnp: the RTT between landmarks " + names[a] + " and " + names[b] + " is missing");
      pairs.push_back({a, b, sum / count});
      largest = std::max(largest, sum / count);
    }
  auto objective = [&](const std::vector<double>& x) {
    double s = 0;
    for (const auto& p : pairs) {
      const double e = (dist(&x[p.a * d], &x[p.b * d], d) - p.rtt) / denominator(p.rtt);
      s += e * e;
    }
    return s;
  };
  // Start from random positions in a cube as wide as the largest RTT; seeded, so reproducible.
  std::mt19937_64 gen(config.seed);
  std::vector<double> start(n * d);
  for (double& x : start) x = (static_cast<double>(gen() >> 11) * 0x1.0p-53 - 0.5) * std::max(largest, 1.0);
  auto best = restarted(objective, std::move(start), std::max(largest, 1.0) * 0.25, config);

  GnpLandmarks out;
  out.names = names;
  for (std::size_t i = 0; i < n; ++i)
    out.positions.emplace_back(best.x.begin() + static_cast<std::ptrdiff_t>(i * d),
                               best.x.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
  double total = 0;
  for (const auto& p : pairs)
    total += std::fabs(dist(out.positions[p.a].data(), out.positions[p.b].data(), d) - p.rtt) / denominator(p.rtt);
  out.error = total / static_cast<double>(pairs.size());
  return out;
}

base::result<Coordinate, CoordError> fit_host(const GnpLandmarks& landmarks, const std::vector<double>& rtt_ms,
                                              std::uint64_t samples, const GnpConfig& config) {
  const std::size_t n = landmarks.positions.size();
  if (n == 0 || rtt_ms.size() != n) return fail("gnp: one RTT per landmark is needed");
  const std::size_t d = landmarks.positions.front().size();
  std::vector<std::size_t> measured;
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(rtt_ms[i]) && rtt_ms[i] >= 0 && rtt_ms[i] <= kMaxComponentMs) measured.push_back(i);
  if (measured.size() < d + 1) return fail("gnp: too few landmarks answered to place this host");
  auto objective = [&](const std::vector<double>& x) {
    double s = 0;
    for (std::size_t i : measured) {
      const double e = (dist(x.data(), landmarks.positions[i].data(), d) - rtt_ms[i]) / denominator(rtt_ms[i]);
      s += e * e;
    }
    return s;
  };
  // Two starts: the nearest landmark (a host is usually near one) and the landmarks' centroid.
  std::size_t nearest = measured.front();
  for (std::size_t i : measured)
    if (rtt_ms[i] < rtt_ms[nearest]) nearest = i;
  std::vector<double> centroid(d, 0.0);
  for (std::size_t i : measured)
    for (std::size_t k = 0; k < d; ++k) centroid[k] += landmarks.positions[i][k] / static_cast<double>(measured.size());
  std::vector<double> near_start = landmarks.positions[nearest];
  for (double& x : near_start) x += 0.5 * rtt_ms[nearest] / std::sqrt(static_cast<double>(d));
  const double step = std::max(rtt_ms[nearest], 1.0);
  auto a = restarted(objective, near_start, step, config);
  auto b = restarted(objective, centroid, step * 4, config);
  const auto& best = a.value <= b.value ? a : b;

  Coordinate c;
  c.model = Model::gnp;
  c.vector = best.x;
  for (double& x : c.vector) x = std::clamp(x, -kMaxComponentMs, kMaxComponentMs);
  double total = 0;
  for (std::size_t i : measured)
    total += std::fabs(dist(c.vector.data(), landmarks.positions[i].data(), d) - rtt_ms[i]) / denominator(rtt_ms[i]);
  c.error = total / static_cast<double>(measured.size());
  c.samples = samples;
  c.landmarks = landmarks.names;
  return c;
}

Coordinate landmark_position(const GnpLandmarks& landmarks, std::size_t index) {
  Coordinate c;
  c.model = Model::gnp;
  c.vector = landmarks.positions.at(index);
  c.error = landmarks.error;
  c.landmarks = landmarks.names;
  return c;
}

}  // namespace disco::coord
