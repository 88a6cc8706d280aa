#pragma once
// Landmark-based coordinates. Landmark vectors (the original DisCo design): a host's coordinate is
// its RTTs to fixed landmarks. GNP (Ng and Zhang, "Predicting Internet network distance with
// coordinates-based approaches", INFOCOM 2002): the landmarks are first embedded in a
// low-dimensional Euclidean space from their RTTs among each other, then each host from its RTTs
// to the landmarks, both by minimising the sum of squared relative errors with a downhill simplex.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/coord/coordinate.hpp"

namespace disco::coord {

// The landmark model's coordinate: one RTT per landmark, names in the same order. Refuses an empty
// list, a count mismatch, negative or non-finite RTTs, more than kMaxDimensions landmarks.
base::result<Coordinate, CoordError> landmark_coordinate(const std::vector<std::string>& landmarks,
                                                         const std::vector<double>& rtt_ms, std::uint64_t samples);

struct GnpConfig {
  std::size_t dimensions = 5;  // must be below the number of landmarks
  std::uint64_t seed = 1;      // start positions of the landmark fit
  std::size_t restarts = 6;    // simplex restarts from the best point so far (escapes collapsed simplices)
  std::size_t evaluations_per_variable = 2000;
};

struct GnpLandmarks {
  std::vector<std::string> names;
  std::vector<std::vector<double>> positions;  // one per landmark, `dimensions` each
  double error = 0;                            // mean relative error over the fitted pairs
};

// rtt_ms: count x count, row-major, ms; a NaN entry is "not measured". Each pair uses the mean of
// its two directions. Refuses fewer than dimensions + 1 landmarks and pairs never measured.
base::result<GnpLandmarks, CoordError> fit_landmarks(const std::vector<std::string>& names,
                                                     const std::vector<double>& rtt_ms, const GnpConfig& config);

// A host's position from its RTTs to the landmarks (same order as landmarks.names; NaN = not
// measured, at least dimensions + 1 measured). The coordinate is model gnp, error = the mean
// relative error of the fit, landmarks = the names.
base::result<Coordinate, CoordError> fit_host(const GnpLandmarks& landmarks, const std::vector<double>& rtt_ms,
                                              std::uint64_t samples, const GnpConfig& config);

// A landmark's own position as a gnp coordinate (for printing and for --peer-coords).
Coordinate landmark_position(const GnpLandmarks& landmarks, std::size_t index);

}  // namespace disco::coord
