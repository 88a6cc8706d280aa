#pragma once
// Time for sans-I/O engines: they are handed `now` and report their next deadline, so tests drive
// them with a ManualClock and never sleep.

#include <chrono>

namespace disco::base {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

// The source of `now` for runtime code; engines themselves take TimePoint arguments.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  [[nodiscard]] virtual TimePoint now() const = 0;
};

class SteadyTimeSource final : public TimeSource {
 public:
  [[nodiscard]] TimePoint now() const override { return Clock::now(); }
};

class ManualClock final : public TimeSource {
 public:
  explicit ManualClock(TimePoint start = TimePoint{}) : now_(start) {}
  [[nodiscard]] TimePoint now() const override { return now_; }
  void advance(Duration d) { now_ += d; }
  void set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

}  // namespace disco::base
