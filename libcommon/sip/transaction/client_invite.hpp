#pragma once
// The INVITE client transaction (RFC 3261 s17.1.1.2, Figure 5): Calling, Proceeding, Completed,
// Terminated; timers A (retransmit, unreliable transports only), B (timeout) and D (absorb).
// It acknowledges 300-699 responses itself (s17.1.1.3); a 2xx ends it and its ACK is the TU's.

#include <optional>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/transaction/actions.hpp"
#include "libcommon/sip/transaction/peer.hpp"
#include "libcommon/sip/transaction/timers.hpp"

namespace disco::sip {

// The ACK for a 300-699 response (s17.1.1.3): Request-URI, Call-ID, From and Route fields of the
// INVITE; To of the response (with its tag); one Via, the INVITE's top Via, so the branch is the
// same; CSeq with the INVITE's number and method ACK; the INVITE's Max-Forwards (70 without one,
// s8.1.1.6); no body. `invite` must have passed TransactionLayer::send_request's checks.
Message make_ack_for_non_2xx(const Message& invite, const Message& response);

class ClientInvite {
 public:
  // Enters Calling and sends the INVITE (s17.1.1.2).
  ClientInvite(TransactionId id, Message invite, Peer to, const TimerConfig& config, base::TimePoint now, Actions& out);

  // A response matched to this transaction by s17.1.3.
  void on_response(Message response, base::TimePoint now, Actions& out);
  // Fires every timer due at or before `now`, in order.
  void on_timer(base::TimePoint now, Actions& out);
  // s17.1.4: Calling (the INVITE) and Completed (the ACK) send; Proceeding sends nothing (Figure 5).
  void on_transport_error(Actions& out);

  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;
  [[nodiscard]] TransactionState state() const { return state_; }
  [[nodiscard]] const Peer& peer() const { return peer_; }

 private:
  void fire(base::TimePoint at, Actions& out);

  TransactionId id_;
  Message invite_;
  Peer peer_;
  TimerConfig config_;
  TransactionState state_ = TransactionState::calling;
  std::optional<Message> ack_;  // built once, on the first 300-699, and resent for each retransmission
  std::optional<base::TimePoint> timer_a_;
  base::Duration interval_a_{};
  std::optional<base::TimePoint> timer_b_;
  std::optional<base::TimePoint> timer_d_;
};

}  // namespace disco::sip
