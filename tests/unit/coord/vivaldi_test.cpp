#include "libcommon/coord/vivaldi.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "libcommon/coord/latency_filter.hpp"
#include "libcommon/coord/mesh.hpp"

namespace disco::coord {
namespace {

Coordinate at(std::vector<double> v, double height = 0.0, double error = 0.01) {
  Coordinate c;
  c.model = Model::vivaldi;
  c.vector = std::move(v);
  c.height = height;
  c.error = error;
  return c;
}

double dist(const Coordinate& a, const Coordinate& b) { return *distance(a, b); }

TEST(LatencyFilter, RejectsALoneSpikeAndFollowsAPathChange) {
  LatencyFilter f(4, 0.25);
  for (double r : {20.0, 21.0, 20.5}) f.add(r);
  EXPECT_DOUBLE_EQ(*f.add(400.0), 20.0);    // a spike among four samples: the low percentile ignores it
  for (int i = 0; i < 4; ++i) f.add(50.0);  // the path really changed: four samples later it shows
  EXPECT_DOUBLE_EQ(*f.value(), 50.0);
  EXPECT_EQ(f.size(), 4U);
  f.add(NAN);
  f.add(-1.0);
  EXPECT_EQ(f.size(), 4U);
  LatencyFilter median(5, 0.5);
  for (double r : {10.0, 30.0, 20.0, 40.0, 1000.0}) median.add(r);
  EXPECT_DOUBLE_EQ(*median.value(), 30.0);
  EXPECT_FALSE(LatencyFilter(3, 0.5).value());
}

TEST(Vivaldi, ConvergesToAFixedPeerAndItsErrorFalls) {
  VivaldiConfig config;
  config.dimensions = 2;
  Vivaldi v(config);
  EXPECT_DOUBLE_EQ(v.error(), 1.0);
  const Coordinate peer = at({30.0, 40.0}, 0.0, 0.01);
  std::vector<double> errors;
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(v.observe("p", peer, 80.0), Vivaldi::Outcome::updated);
    errors.push_back(v.error());
  }
  EXPECT_NEAR(dist(v.coordinate(), peer), 80.0, 0.8);
  EXPECT_LT(errors[20], errors[0]);
  EXPECT_LT(v.error(), 0.05);
  EXPECT_EQ(v.coordinate().samples, 200U);
}

TEST(Vivaldi, CoincidingNodesSeparateInTheInjectedRandomDirection) {
  VivaldiConfig config;
  config.dimensions = 2;
  config.use_height = false;
  int calls = 0;
  // Always 0.75: direction (0.5, 0.5) normalised, so the node moves along the diagonal.
  Vivaldi v(config, [&calls] {
    ++calls;
    return 0.75;
  });
  ASSERT_EQ(v.observe("p", at({0.0, 0.0}), 10.0), Vivaldi::Outcome::updated);
  EXPECT_GT(calls, 0);
  ASSERT_GT(v.coordinate().vector[0], 0.0);
  EXPECT_DOUBLE_EQ(v.coordinate().vector[0], v.coordinate().vector[1]);
  // Deterministic: the same generator gives the same coordinate.
  auto make = [&config](std::uint64_t seed) {
    std::mt19937_64 gen(seed);
    Vivaldi n(config, [gen]() mutable { return static_cast<double>(gen() >> 11) * 0x1.0p-53; });
    n.observe("p", at({0.0, 0.0}), 10.0);
    return n.coordinate();
  };
  EXPECT_EQ(make(3), make(3));
  EXPECT_NE(make(3).vector, make(4).vector);
}

TEST(Vivaldi, RefusesWhatCannotBeAnRttOrACoordinate) {
  Vivaldi v;  // 3-D
  const Coordinate peer = at({1.0, 2.0, 3.0});
  EXPECT_EQ(v.observe("p", peer, 0.0), Vivaldi::Outcome::refused_rtt);
  EXPECT_EQ(v.observe("p", peer, -5.0), Vivaldi::Outcome::refused_rtt);
  EXPECT_EQ(v.observe("p", peer, NAN), Vivaldi::Outcome::refused_rtt);
  EXPECT_EQ(v.observe("p", peer, 1e9), Vivaldi::Outcome::refused_rtt);
  EXPECT_EQ(v.observe("p", at({1.0, 2.0}), 10.0), Vivaldi::Outcome::refused_coord);
  EXPECT_EQ(v.observe("p", at({1.0, 2.0, INFINITY}), 10.0), Vivaldi::Outcome::refused_coord);
  Coordinate landmark = peer;
  landmark.model = Model::landmark;
  EXPECT_EQ(v.observe("p", landmark, 10.0), Vivaldi::Outcome::refused_coord);
  EXPECT_EQ(v.coordinate(), v.origin());  // nothing refused moved it
  EXPECT_FALSE(v.filtered_rtt("p"));
}

TEST(Vivaldi, KeepsAtMostMaxPeersFilters) {
  VivaldiConfig config;
  config.max_peers = 3;
  Vivaldi v(config);
  for (int i = 0; i < 10; ++i) v.observe("p" + std::to_string(i), at({1.0, 0.0, 0.0}), 10.0 + i);
  EXPECT_FALSE(v.filtered_rtt("p0"));
  EXPECT_DOUBLE_EQ(*v.filtered_rtt("p9"), 19.0);
}

// Hosts on a line 10 ms apart: RTT = 10 * |i - j|. A 1-D embedding without heights is exact.
TEST(VivaldiMesh, LineConvergesToTheTrueDistances) {
  constexpr std::size_t n = 6;
  std::vector<double> rtt(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      rtt[i * n + j] = 10.0 * std::fabs(static_cast<double>(i) - static_cast<double>(j));
  MeshFitConfig config;
  config.vivaldi.dimensions = 1;
  config.vivaldi.use_height = false;
  const auto coords = fit_mesh(rtt, n, config);
  ASSERT_EQ(coords.size(), n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      EXPECT_NEAR(dist(coords[i], coords[j]), rtt[i * n + j], 0.02 * rtt[i * n + j]);
  for (const auto& c : coords) EXPECT_LT(c.error, 0.05);
}

// A 4x4 grid of hosts 20 ms apart, each behind an access link (height) of 1 + (i mod 3) ms:
// RTT = Euclidean distance + h_i + h_j, which 2-D + height embeds exactly.
TEST(VivaldiMesh, GridWithAccessLinksIsRecoveredByTheHeightModel) {
  constexpr std::size_t side = 4, n = side * side;
  auto height = [](std::size_t i) { return 1.0 + static_cast<double>(i % 3); };
  std::vector<double> rtt(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double dx = 20.0 * (static_cast<double>(i % side) - static_cast<double>(j % side));
      const double dy = 20.0 * (static_cast<double>(i / side) - static_cast<double>(j / side));
      rtt[i * n + j] = i == j ? 0.0 : std::hypot(dx, dy) + height(i) + height(j);
    }
  MeshFitConfig config;
  config.vivaldi.dimensions = 2;
  config.rounds = 600;
  const auto coords = fit_mesh(rtt, n, config);
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      worst = std::max(worst, std::fabs(dist(coords[i], coords[j]) - rtt[i * n + j]) / rtt[i * n + j]);
  EXPECT_LT(worst, 0.05);
  // Without the height, the access links are not embeddable: the fit is worse.
  config.vivaldi.use_height = false;
  const auto flat = fit_mesh(rtt, n, config);
  double flat_worst = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      flat_worst = std::max(flat_worst, std::fabs(dist(flat[i], flat[j]) - rtt[i * n + j]) / rtt[i * n + j]);
  EXPECT_GT(flat_worst, worst);
}

// Two nodes that only see each other and start far from the origin (a drifted system): gravity
// brings them back without changing their distance; without it nothing pulls them back.
TEST(Vivaldi, GravityBoundsDrift) {
  auto run = [](double rho) {
    VivaldiConfig config;
    config.dimensions = 2;
    config.use_height = false;
    config.gravity_rho_ms = rho;
    Vivaldi a(config), b(config);
    a.restore(at({5000.0, 0.0}, 0.0, 0.1));
    b.restore(at({5000.0, 60.0}, 0.0, 0.1));
    for (int i = 0; i < 3000; ++i) {
      a.observe("b", b.coordinate(), 60.0);
      b.observe("a", a.coordinate(), 60.0);
    }
    return std::make_pair(a.coordinate(), b.coordinate());
  };
  const auto [ga, gb] = run(2048.0);
  EXPECT_LT(std::hypot(ga.vector[0], ga.vector[1]), 1500.0);
  EXPECT_NEAR(dist(ga, gb), 60.0, 3.0);
  const auto [fa, fb] = run(0.0);
  EXPECT_GT(std::hypot(fa.vector[0], fa.vector[1]), 4900.0);
  EXPECT_NEAR(dist(fa, fb), 60.0, 1.0);
}

// The update filter: under RTT noise the system coordinate moves with every sample, the
// application coordinate only now and then, and stays close to it.
TEST(Vivaldi, ApplicationCoordinateChangesRarely) {
  VivaldiConfig config;
  config.dimensions = 2;
  Vivaldi v(config);
  std::mt19937_64 gen(11);
  const std::vector<Coordinate> peers{at({0.0, 0.0}, 1.0), at({100.0, 0.0}, 1.0), at({0.0, 100.0}, 1.0)};
  const std::vector<double> rtt{72.0, 72.0, 72.0};
  for (int i = 0; i < 2000; ++i) {
    const std::size_t k = gen() % 3;
    const double noise = 1 + 0.2 * (static_cast<double>(gen() >> 11) * 0x1.0p-53);
    v.observe("p" + std::to_string(k), peers[k], rtt[k] * noise);
  }
  EXPECT_LT(v.application_updates(), 100U);
  EXPECT_LT(dist(v.application_coordinate(), v.coordinate()), 0.2 * 72.0 + 2 * v.coordinate().height);
  for (const auto& p : peers) EXPECT_NEAR(dist(v.application_coordinate(), p), 72.0, 10.0);
  EXPECT_EQ(v.application_coordinate().samples, 2000U);
}

TEST(Vivaldi, RestoreRefusesAForeignCoordinate) {
  Vivaldi v;
  EXPECT_FALSE(v.restore(at({1.0, 2.0})));
  Coordinate c = at({1.0, 2.0, 3.0}, 4.0, 0.3);
  c.samples = 9;
  ASSERT_TRUE(v.restore(c));
  EXPECT_EQ(v.coordinate(), c);
  EXPECT_EQ(v.application_coordinate(), c);
}

}  // namespace
}  // namespace disco::coord
