#include "libcommon/coord/latency_filter.hpp"

#include <algorithm>
#include <cmath>

namespace disco::coord {

LatencyFilter::LatencyFilter(std::size_t window, double percentile)
    : window_(std::max<std::size_t>(window, 1)), percentile_(std::clamp(percentile, 0.0, 1.0)) {}

std::optional<double> LatencyFilter::add(double rtt_ms) {
  if (std::isfinite(rtt_ms) && rtt_ms >= 0) {
    history_.push_back(rtt_ms);
    while (history_.size() > window_) history_.pop_front();
  }
  return value();
}

std::optional<double> LatencyFilter::value() const { return percentile_of(history_, percentile_); }

std::optional<double> percentile_of(std::deque<double> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const double rank = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  return values[static_cast<std::size_t>(std::floor(rank))];
}

}  // namespace disco::coord
