#include "libcommon/coord/gnp.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "libcommon/coord/simplex.hpp"

namespace disco::coord {
namespace {

TEST(Simplex, FindsTheMinimumOfRosenbrock) {
  auto rosenbrock = [](const std::vector<double>& x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  auto r = minimize_simplex(rosenbrock, {-1.2, 1.0}, 0.5, 20000, 1e-14);
  EXPECT_NEAR(r.x[0], 1.0, 1e-3);
  EXPECT_NEAR(r.x[1], 1.0, 1e-3);
  EXPECT_LT(r.value, 1e-6);
  EXPECT_LE(r.evaluations, 20002U);
}

// Landmarks at known points of a plane, RTT = Euclidean distance: GNP in 2-D recovers every
// landmark-landmark and host-landmark distance, and predicts host-host RTTs it never measured.
TEST(Gnp, RecoversAPlanarConfiguration) {
  const std::vector<std::pair<double, double>> pts{{0, 0}, {100, 0}, {0, 80}, {120, 90}, {50, 160}, {-60, 40}};
  const std::vector<std::string> names{"a", "b", "c", "d", "e", "f"};
  const std::size_t n = pts.size();
  std::vector<double> rtt(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      rtt[i * n + j] = std::hypot(pts[i].first - pts[j].first, pts[i].second - pts[j].second);
  GnpConfig config;
  config.dimensions = 2;
  auto lm = fit_landmarks(names, rtt, config);
  ASSERT_TRUE(lm) << lm.error().message;
  EXPECT_LT(lm->error, 0.01);
  auto host = [&](double x, double y) {
    std::vector<double> r;
    for (const auto& p : pts) r.push_back(std::hypot(x - p.first, y - p.second));
    auto c = fit_host(*lm, r, 6, config);
    EXPECT_TRUE(c);
    return *c;
  };
  const Coordinate h1 = host(40, 40), h2 = host(90, 130);
  EXPECT_EQ(h1.model, Model::gnp);
  EXPECT_EQ(h1.landmarks, names);
  EXPECT_LT(h1.error, 0.01);
  EXPECT_NEAR(*distance(h1, h2), std::hypot(50.0, 90.0), 0.02 * std::hypot(50.0, 90.0));
  EXPECT_NEAR(*distance(h1, landmark_position(*lm, 1)), std::hypot(60.0, 40.0), 1.0);
}

TEST(Gnp, RefusesTooFewLandmarksOrMissingRtts) {
  GnpConfig config;
  config.dimensions = 3;
  EXPECT_FALSE(fit_landmarks({"a", "b", "c"}, std::vector<double>(9, 10.0), config));
  EXPECT_FALSE(fit_landmarks({"a", "b", "c", "d"}, std::vector<double>(9, 10.0), config));
  std::vector<double> rtt(16, 10.0);
  rtt[1] = rtt[4] = NAN;  // a-b never measured in either direction
  EXPECT_FALSE(fit_landmarks({"a", "b", "c", "d"}, rtt, config));
  rtt[4] = 12.0;  // one direction is enough
  auto lm = fit_landmarks({"a", "b", "c", "d"}, rtt, config);
  ASSERT_TRUE(lm);
  EXPECT_FALSE(fit_host(*lm, {10.0, NAN, NAN, 10.0}, 1, config));  // 2 of the needed 4
  EXPECT_FALSE(fit_host(*lm, {10.0, 10.0}, 1, config));
}

TEST(Landmark, VectorCoordinateAndItsRefusals) {
  auto c = landmark_coordinate({"l1", "l2"}, {12.0, 80.5}, 10);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->model, Model::landmark);
  EXPECT_EQ(c->vector, (std::vector<double>{12.0, 80.5}));
  EXPECT_EQ(c->samples, 10U);
  EXPECT_FALSE(landmark_coordinate({}, {}, 0));
  EXPECT_FALSE(landmark_coordinate({"l1"}, {1.0, 2.0}, 0));
  EXPECT_FALSE(landmark_coordinate({"l1"}, {-1.0}, 0));
  EXPECT_FALSE(landmark_coordinate({"l1"}, {NAN}, 0));
}

}  // namespace
}  // namespace disco::coord
