#pragma once
// The per-peer latency filter of Ledlie et al. ("Network coordinates in the wild", NSDI 2007, s4.1):
// a moving percentile over the last few RTT samples of one peer. Raw RTTs have a heavy upper tail
// (queueing, a busy host, a retransmission that slipped through); a low percentile of a short
// history follows real path changes within a few samples but ignores a lone spike.

#include <cstddef>
#include <deque>
#include <optional>

namespace disco::coord {

class LatencyFilter {
 public:
  // window >= 1 samples; percentile in [0, 1] (0 = minimum, 0.5 = median).
  LatencyFilter(std::size_t window, double percentile);

  // Adds a sample (ms; non-finite or negative ones are ignored) and returns the filtered RTT.
  std::optional<double> add(double rtt_ms);
  [[nodiscard]] std::optional<double> value() const;
  [[nodiscard]] std::size_t size() const { return history_.size(); }

 private:
  std::size_t window_;
  double percentile_;
  std::deque<double> history_;
};

// The p-quantile (p in [0, 1], nearest rank below) of `values`; nullopt when empty. Sorts a copy.
std::optional<double> percentile_of(std::deque<double> values, double p);

}  // namespace disco::coord
