#include "libcommon/sip/transaction/timers.hpp"

#include <algorithm>
#include <stdexcept>

namespace disco::sip {

std::string_view to_string(Timer t) {
  switch (t) {
    case Timer::a: return "A";
    case Timer::b: return "B";
    case Timer::d: return "D";
    case Timer::e: return "E";
    case Timer::f: return "F";
    case Timer::g: return "G";
    case Timer::h: return "H";
    case Timer::i: return "I";
    case Timer::j: return "J";
    case Timer::k: return "K";
  }
  return "?";
}

void check(const TimerConfig& config) {
  if (config.t1 <= base::Duration{}) throw std::invalid_argument("TimerConfig: T1 must be positive");
  if (config.t2 < config.t1) throw std::invalid_argument("TimerConfig: T2 must be at least T1");
  if (config.t4 < base::Duration{}) throw std::invalid_argument("TimerConfig: T4 must not be negative");
  if (config.timer_d_unreliable < base::Duration{})
    throw std::invalid_argument("TimerConfig: Timer D must not be negative");
}

base::Duration doubled_up_to_t2(base::Duration previous, const TimerConfig& config) {
  return std::min(2 * previous, config.t2);
}

}  // namespace disco::sip
