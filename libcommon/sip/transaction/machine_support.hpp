#pragma once
// Small pieces the four state machines share; internal to the layer.

#include <initializer_list>
#include <optional>

#include "libcommon/base/clock.hpp"

namespace disco::sip::detail {

inline std::optional<base::TimePoint> earliest(std::initializer_list<std::optional<base::TimePoint>> timers) {
  std::optional<base::TimePoint> best;
  for (const auto& t : timers)
    if (t && (!best || *t < *best)) best = t;
  return best;
}

// Whether `timer` is set and fires at `at`. The machines fire one instant at a time, earliest first,
// so a late on_timer() call replays every expiry in order and each timer is rescheduled from the
// instant it was due, not from the late call.
inline bool fires_at(const std::optional<base::TimePoint>& timer, base::TimePoint at) { return timer && *timer == at; }

}  // namespace disco::sip::detail
