#include "libcommon/net/deadline_timer.hpp"

namespace disco::net {

DeadlineTimer::DeadlineTimer(boost::asio::io_context& io, std::function<void(base::TimePoint)> on_due)
    : timer_(io), on_due_(std::move(on_due)) {}

void DeadlineTimer::arm(std::optional<base::TimePoint> deadline) {
  if (deadline == armed_) return;
  armed_ = deadline;
  timer_.cancel();
  if (!deadline) return;
  timer_.expires_at(*deadline);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled or re-armed
    armed_.reset();
    on_due_(base::Clock::now());
  });
}

}  // namespace disco::net
