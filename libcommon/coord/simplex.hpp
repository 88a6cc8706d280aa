#pragma once
// Downhill simplex minimisation (Nelder and Mead, 1965), the method GNP uses to fit positions
// (Ng and Zhang 2002, s3.2): no gradients needed, robust on the small, bumpy objectives that
// relative-error fits are.

#include <cstddef>
#include <functional>
#include <vector>

namespace disco::coord {

struct SimplexResult {
  std::vector<double> x;
  double value = 0;
  std::size_t evaluations = 0;
};

// Minimises f from `start`, the initial simplex spanning `step` along each axis. Stops after
// `max_evaluations` calls of f or when the simplex's values differ by less than `tolerance`
// (relative). f must return a finite number for every point it is given.
SimplexResult minimize_simplex(const std::function<double(const std::vector<double>&)>& f, std::vector<double> start,
                               double step, std::size_t max_evaluations, double tolerance = 1e-10);

}  // namespace disco::coord
