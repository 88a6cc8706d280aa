#include "libcommon/coord/simplex.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace disco::coord {

SimplexResult minimize_simplex(const std::function<double(const std::vector<double>&)>& f, std::vector<double> start,
                               double step, std::size_t max_evaluations, double tolerance) {
  const std::size_t n = start.size();
  SimplexResult out;
  if (n == 0) {
    out.value = f(start);
    out.evaluations = 1;
    out.x = std::move(start);
    return out;
  }
  std::vector<std::vector<double>> p(n + 1, start);
  for (std::size_t i = 0; i < n; ++i) p[i + 1][i] += step;
  std::vector<double> v(n + 1);
  std::size_t evals = 0;
  auto eval = [&](const std::vector<double>& x) {
    ++evals;
    return f(x);
  };
  for (std::size_t i = 0; i <= n; ++i) v[i] = eval(p[i]);

  std::vector<std::size_t> order(n + 1);
  std::vector<double> centroid(n), trial(n), trial2(n);
  auto along = [&](double t, std::vector<double>& into, const std::vector<double>& worst) {
    for (std::size_t k = 0; k < n; ++k) into[k] = centroid[k] + t * (worst[k] - centroid[k]);
  };
  while (evals < max_evaluations) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[n - 1];
    if (std::fabs(v[worst] - v[best]) <= tolerance * (std::fabs(v[worst]) + std::fabs(v[best])) + 1e-300) break;
    std::fill(centroid.begin(), centroid.end(), 0.0);
    for (std::size_t i = 0; i <= n; ++i)
      if (i != worst)
        for (std::size_t k = 0; k < n; ++k) centroid[k] += p[i][k] / static_cast<double>(n);

    along(-1.0, trial, p[worst]);  // reflection
    const double fr = eval(trial);
    if (fr < v[best]) {
      along(-2.0, trial2, p[worst]);  // expansion
      const double fe = eval(trial2);
      if (fe < fr) {
        p[worst] = trial2;
        v[worst] = fe;
      } else {
        p[worst] = trial;
        v[worst] = fr;
      }
    } else if (fr < v[second]) {
      p[worst] = trial;
      v[worst] = fr;
    } else {
      const bool outside = fr < v[worst];
      along(outside ? -0.5 : 0.5, trial2, p[worst]);  // contraction
      const double fc = eval(trial2);
      if (fc < std::min(fr, v[worst])) {
        p[worst] = trial2;
        v[worst] = fc;
      } else {  // shrink towards the best
        for (std::size_t i = 0; i <= n; ++i) {
          if (i == best) continue;
          for (std::size_t k = 0; k < n; ++k) p[i][k] = p[best][k] + 0.5 * (p[i][k] - p[best][k]);
          v[i] = eval(p[i]);
        }
      }
    }
  }
  const auto best = static_cast<std::size_t>(std::min_element(v.begin(), v.end()) - v.begin());
  out.x = p[best];
  out.value = v[best];
  out.evaluations = evals;
  return out;
}

}  // namespace disco::coord
