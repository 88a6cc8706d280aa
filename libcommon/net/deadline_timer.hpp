#pragma once
// One timer armed at the earliest deadline of the sans-I/O engines it drives (DESIGN.md): the
// runtime re-arms it after every event with the engines' next_deadline().

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <optional>

#include "libcommon/base/clock.hpp"

namespace disco::net {

class DeadlineTimer {
 public:
  DeadlineTimer(boost::asio::io_context& io, std::function<void(base::TimePoint now)> on_due);
  // nullopt disarms.
  void arm(std::optional<base::TimePoint> deadline);
  void cancel() { arm(std::nullopt); }

 private:
  boost::asio::steady_timer timer_;
  std::function<void(base::TimePoint)> on_due_;
  std::optional<base::TimePoint> armed_;
};

}  // namespace disco::net
