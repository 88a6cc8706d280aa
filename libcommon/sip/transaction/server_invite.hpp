#pragma once
// The INVITE server transaction (RFC 3261 s17.2.1, Figure 7): Proceeding, Completed, Confirmed,
// Terminated; timers G (retransmit a 300-699, unreliable transports only), H (wait for the ACK)
// and I (absorb ACK retransmissions).
//
// It sends no 100 (Trying) of its own: s17.2.1 lets the TU decide, since only the TU knows whether
// it answers within 200 ms. A TU that may take longer sends the 100 through send_response() as soon
// as it gets the request.

#include <optional>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/transaction/actions.hpp"
#include "libcommon/sip/transaction/peer.hpp"
#include "libcommon/sip/transaction/timers.hpp"

namespace disco::sip {

class ServerInvite {
 public:
  // Enters Proceeding; the layer passes the INVITE to the TU.
  ServerInvite(TransactionId id, Peer from, const TimerConfig& config);

  // An INVITE matched to this transaction by s17.2.3.
  void on_request_retransmission(Actions& out);
  // An ACK matched to this transaction: the ACK for our 300-699 (s17.2.1).
  void on_ack(base::TimePoint now, Actions& out);
  // A response from the TU. False when it is discarded: anything after the final response.
  bool on_tu_response(Message response, base::TimePoint now, Actions& out);
  void on_timer(base::TimePoint now, Actions& out);
  // s17.2.4: Proceeding and Completed send responses (Figure 7); Confirmed sends nothing.
  void on_transport_error(Actions& out);

  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;
  [[nodiscard]] TransactionState state() const { return state_; }
  [[nodiscard]] const Peer& peer() const { return peer_; }

 private:
  void fire(base::TimePoint at, Actions& out);

  TransactionId id_;
  Peer peer_;
  TimerConfig config_;
  TransactionState state_ = TransactionState::proceeding;
  std::optional<Message> last_response_;
  std::optional<base::TimePoint> timer_g_;
  base::Duration interval_g_{};
  std::optional<base::TimePoint> timer_h_;
  std::optional<base::TimePoint> timer_i_;
};

}  // namespace disco::sip
