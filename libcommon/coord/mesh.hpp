#pragma once
// Vivaldi over a measured RTT matrix: every node of the matrix runs its own Vivaldi instance and
// observes every other node's current coordinate, round after round, as the nodes of a live system
// would by exchanging coordinates with their samples. coord-probe --mesh uses it when no peer has
// a coordinate yet; tests use it on synthetic topologies.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "libcommon/coord/coordinate.hpp"
#include "libcommon/coord/vivaldi.hpp"

namespace disco::coord {

struct MeshFitConfig {
  VivaldiConfig vivaldi;
  std::size_t rounds = 400;
  // The last quarter of the rounds lowers the timestep constant linearly to this fraction of cc, so
  // that the coordinates settle instead of oscillating around a non-embeddable matrix (a fit, not
  // a live system, may anneal).
  double final_cc_fraction = 0.05;
  std::uint64_t seed = 1;
};

// rtt_ms: n x n row-major ms, NaN = not measured (the diagonal is ignored). Returns the n system
// coordinates; a node without any measured RTT stays at the origin.
std::vector<Coordinate> fit_mesh(const std::vector<double>& rtt_ms, std::size_t n, const MeshFitConfig& config);

}  // namespace disco::coord
