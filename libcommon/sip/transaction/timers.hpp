#pragma once
// The RFC 3261 timer table (Appendix A, Table 4). Every engine takes a TimerConfig by value, so a
// closed network may use another T1 (s17.1.1.2) without any global state.

#include <chrono>
#include <string_view>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/transaction/peer.hpp"

namespace disco::sip {

// The timers of Table 4 that the transaction layer runs (C belongs to proxies, s16.6 bullet 11).
enum class Timer { a, b, d, e, f, g, h, i, j, k };
std::string_view to_string(Timer t);  // "A" .. "K"

struct TimerConfig {
  // RTT estimate (s17.1.1.1, Table 4).
  base::Duration t1 = std::chrono::milliseconds(500);
  // Longest retransmit interval for non-INVITE requests and INVITE responses (s17.1.2.2, Table 4).
  base::Duration t2 = std::chrono::seconds(4);
  // Longest time a message stays in the network (s17.1.2.2, Table 4).
  base::Duration t4 = std::chrono::seconds(5);
  // Timer D on unreliable transports. Not derived from T1 because the client cannot know the
  // server's T1; s17.1.1.2 asks for at least 32 s instead.
  base::Duration timer_d_unreliable = std::chrono::seconds(32);

  // Initial retransmit intervals; A doubles without bound, E and G double up to T2 (s17.1.1.2,
  // s17.1.2.2, s17.2.1). Retransmission happens on unreliable transports only.
  [[nodiscard]] base::Duration timer_a() const { return t1; }
  [[nodiscard]] base::Duration timer_e() const { return t1; }
  [[nodiscard]] base::Duration timer_g() const { return t1; }
  // 64*T1 is the time seven requests take on UDP (s17.1.1.2); B, F and H are equal on purpose
  // (s17.2.1: H "is chosen to equal Timer B").
  [[nodiscard]] base::Duration timer_b() const { return 64 * t1; }
  [[nodiscard]] base::Duration timer_f() const { return 64 * t1; }
  [[nodiscard]] base::Duration timer_h() const { return 64 * t1; }
  // Waits in Completed/Confirmed that only absorb retransmissions: zero on reliable transports,
  // where nothing is retransmitted (Table 4).
  [[nodiscard]] base::Duration timer_d(Transport t) const {
    return is_reliable(t) ? base::Duration{} : timer_d_unreliable;
  }
  [[nodiscard]] base::Duration timer_i(Transport t) const { return is_reliable(t) ? base::Duration{} : t4; }
  [[nodiscard]] base::Duration timer_j(Transport t) const { return is_reliable(t) ? base::Duration{} : 64 * t1; }
  [[nodiscard]] base::Duration timer_k(Transport t) const { return is_reliable(t) ? base::Duration{} : t4; }

  friend bool operator==(const TimerConfig&, const TimerConfig&) = default;
};

// Throws std::invalid_argument unless 0 < T1 <= T2, T4 >= 0 and Timer D >= 0: a zero T1 would make
// the retransmit timers fire forever at one instant.
void check(const TimerConfig& config);

// The interval after `previous` for timers E and G: double, capped at T2 (s17.1.2.2, s17.2.1).
base::Duration doubled_up_to_t2(base::Duration previous, const TimerConfig& config);

}  // namespace disco::sip
