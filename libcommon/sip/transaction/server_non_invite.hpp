#pragma once
// The non-INVITE server transaction (RFC 3261 s17.2.2, Figure 8): Trying, Proceeding, Completed,
// Terminated; Timer J absorbs request retransmissions after the final response.

#include <optional>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/transaction/actions.hpp"
#include "libcommon/sip/transaction/peer.hpp"
#include "libcommon/sip/transaction/timers.hpp"

namespace disco::sip {

class ServerNonInvite {
 public:
  // Enters Trying; the layer passes the request to the TU.
  ServerNonInvite(TransactionId id, Peer from, const TimerConfig& config);

  // A request matched to this transaction by s17.2.3.
  void on_request_retransmission(Actions& out);
  // A response from the TU. False when it is discarded: any response after the final one (s17.2.2).
  bool on_tu_response(Message response, base::TimePoint now, Actions& out);
  void on_timer(base::TimePoint now, Actions& out);
  // s17.2.4: Proceeding and Completed have sent responses (Figure 8); Trying has sent nothing.
  void on_transport_error(Actions& out);

  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;
  [[nodiscard]] TransactionState state() const { return state_; }
  [[nodiscard]] const Peer& peer() const { return peer_; }

 private:
  TransactionId id_;
  Peer peer_;
  TimerConfig config_;
  TransactionState state_ = TransactionState::trying;
  std::optional<Message> last_response_;
  std::optional<base::TimePoint> timer_j_;
};

}  // namespace disco::sip
