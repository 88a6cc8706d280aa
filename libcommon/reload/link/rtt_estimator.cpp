#include "libcommon/reload/link/rtt_estimator.hpp"

#include <algorithm>

namespace disco::reload::link {

void RttEstimator::sample(base::Duration r) {
  r = std::max(r, base::Duration::zero());  // a steady clock never goes back; be safe anyway
  last_ = r;
  if (!srtt_) {
    // (2.2) SRTT <- R, RTTVAR <- R/2
    srtt_ = r;
    rttvar_ = r / 2;
  } else {
    // (2.3) RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|, SRTT <- (1 - alpha) * SRTT + alpha * R'
    // with alpha = 1/8 and beta = 1/4; RTTVAR uses the SRTT from before this update.
    const base::Duration diff = *srtt_ > r ? *srtt_ - r : r - *srtt_;
    rttvar_ = (3 * rttvar_ + diff) / 4;
    srtt_ = (7 * *srtt_ + r) / 8;
  }
  // RTO <- SRTT + max(G, K * RTTVAR), K = 4; rounded up to the millisecond (RFC 6940 s6.6.3.1).
  const base::Duration raw = *srtt_ + std::max(config_.granularity, 4 * rttvar_);
  const base::Duration rounded = std::chrono::ceil<std::chrono::milliseconds>(raw);
  rto_ = std::clamp(rounded, config_.min_rto, std::max(config_.min_rto, config_.max_rto));
}

}  // namespace disco::reload::link
