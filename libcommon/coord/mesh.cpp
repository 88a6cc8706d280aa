#include "libcommon/coord/mesh.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

namespace disco::coord {

std::vector<Coordinate> fit_mesh(const std::vector<double>& rtt_ms, std::size_t n, const MeshFitConfig& config) {
  if (n == 0 || rtt_ms.size() != n * n) return {};
  std::mt19937_64 gen(config.seed);
  auto uniform = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  std::vector<Vivaldi> nodes;
  nodes.reserve(n);
  for (std::size_t i = 0; i < n; ++i) nodes.emplace_back(config.vivaldi, Vivaldi::Random{uniform});
  std::vector<std::string> names(n);
  for (std::size_t i = 0; i < n; ++i) names[i] = std::to_string(i);

  std::vector<std::size_t> order(n), peers(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::iota(peers.begin(), peers.end(), std::size_t{0});
  const std::size_t anneal_from = config.rounds - config.rounds / 4;
  for (std::size_t round = 0; round < config.rounds; ++round) {
    if (round >= anneal_from) {
      const double t = static_cast<double>(round - anneal_from + 1) / static_cast<double>(config.rounds - anneal_from);
      const double cc = config.vivaldi.cc * (1 - t * (1 - config.final_cc_fraction));
      for (auto& node : nodes) node.set_timestep_constant(cc);
    }
    std::shuffle(order.begin(), order.end(), gen);
    for (std::size_t i : order) {
      std::shuffle(peers.begin(), peers.end(), gen);
      for (std::size_t j : peers) {
        const double r = rtt_ms[i * n + j];
        if (i == j || !std::isfinite(r) || r <= 0) continue;
        const Coordinate peer = nodes[j].coordinate();
        nodes[i].observe(names[j], peer, r);
      }
    }
  }
  std::vector<Coordinate> out;
  out.reserve(n);
  for (const auto& node : nodes) out.push_back(node.coordinate());
  return out;
}

}  // namespace disco::coord
