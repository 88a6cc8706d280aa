#pragma once
// The non-INVITE client transaction (RFC 3261 s17.1.2.2, Figure 6): Trying, Proceeding, Completed,
// Terminated; timers E (retransmit, unreliable transports only), F (timeout) and K (absorb).

#include <optional>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/transaction/actions.hpp"
#include "libcommon/sip/transaction/peer.hpp"
#include "libcommon/sip/transaction/timers.hpp"

namespace disco::sip {

class ClientNonInvite {
 public:
  // Enters Trying and sends the request (s17.1.2.2).
  ClientNonInvite(TransactionId id, Message request, Peer to, const TimerConfig& config, base::TimePoint now,
                  Actions& out);

  // A response matched to this transaction by s17.1.3.
  void on_response(Message response, base::TimePoint now, Actions& out);
  // Fires every timer due at or before `now`, in order.
  void on_timer(base::TimePoint now, Actions& out);
  // s17.1.4: only Trying and Proceeding send anything, so only they can fail (Figure 6).
  void on_transport_error(Actions& out);

  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;
  [[nodiscard]] TransactionState state() const { return state_; }
  [[nodiscard]] const Peer& peer() const { return peer_; }

 private:
  void fire(base::TimePoint at, Actions& out);

  TransactionId id_;
  Message request_;
  Peer peer_;
  TimerConfig config_;
  TransactionState state_ = TransactionState::trying;
  std::optional<base::TimePoint> timer_e_;
  base::Duration interval_e_{};
  std::optional<base::TimePoint> timer_f_;
  std::optional<base::TimePoint> timer_k_;
};

}  // namespace disco::sip
