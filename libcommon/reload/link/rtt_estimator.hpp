#pragma once
// RFC 6298 s2 round-trip estimate as RFC 6940 adapts it (s6.6.3.1, used by s6.6.5 for TLS/TCP):
// RTO starts at the static default of 500 ms and is rounded up to the millisecond, not to a second.

#include <chrono>
#include <optional>

#include "libcommon/base/clock.hpp"

namespace disco::reload::link {

struct RttConfig {
  // s6.6.3.1: "the default value for RTO is 500 ms"; it stands until the first measurement.
  base::Duration initial_rto = std::chrono::milliseconds(500);
  // RFC 6298 s2: clock granularity G; our timestamps are finer, but RTO is kept in whole ms.
  base::Duration granularity = std::chrono::milliseconds(1);
  // RFC 6298 (2.4) rounds RTO up to 1 s; RFC 6940 s6.6.3.1 says not to, so no floor by default.
  base::Duration min_rto = base::Duration::zero();
  // RFC 6298 (2.5): a maximum may be placed on RTO provided it is at least 60 seconds.
  base::Duration max_rto = std::chrono::seconds(60);
};

class RttEstimator {
 public:
  explicit RttEstimator(RttConfig config = {}) : config_(config), rto_(config.initial_rto) {}

  // One RTT measurement R (formula 2.2 for the first, 2.3 afterwards).
  void sample(base::Duration r);

  [[nodiscard]] base::Duration rto() const { return rto_; }
  [[nodiscard]] std::optional<base::Duration> srtt() const { return srtt_; }
  [[nodiscard]] base::Duration rttvar() const { return rttvar_; }
  // The most recent measurement.
  [[nodiscard]] std::optional<base::Duration> last_sample() const { return last_; }

 private:
  RttConfig config_;
  base::Duration rto_;
  std::optional<base::Duration> srtt_;
  base::Duration rttvar_ = base::Duration::zero();
  std::optional<base::Duration> last_;
};

}  // namespace disco::reload::link
