#include "libcommon/sip/transaction/server_non_invite.hpp"

#include <utility>

namespace disco::sip {

ServerNonInvite::ServerNonInvite(TransactionId id, Peer from, const TimerConfig& config)
    : id_(id), peer_(std::move(from)), config_(config) {}

void ServerNonInvite::on_request_retransmission(Actions& out) {
  // Trying discards it; later states resend the last response, the only way a lost one is
  // recovered, since the server never retransmits on its own (s17.1.2.1).
  if (state_ == TransactionState::proceeding || state_ == TransactionState::completed)
    out.emplace_back(Send{peer_, *last_response_});
}

bool ServerNonInvite::on_tu_response(Message response, base::TimePoint now, Actions& out) {
  if (state_ != TransactionState::trying && state_ != TransactionState::proceeding) return false;
  const int code = response.status_line()->code;
  last_response_ = std::move(response);
  out.emplace_back(Send{peer_, *last_response_});
  if (code < 200) {
    state_ = TransactionState::proceeding;
    return true;
  }
  const base::Duration j = config_.timer_j(peer_.transport);
  if (j == base::Duration{}) {
    state_ = TransactionState::terminated;  // a reliable transport brings no retransmissions to absorb
  } else {
    state_ = TransactionState::completed;
    timer_j_ = now + j;
  }
  return true;
}

void ServerNonInvite::on_timer(base::TimePoint now, Actions& /*out*/) {
  if (state_ == TransactionState::completed && timer_j_ && *timer_j_ <= now) state_ = TransactionState::terminated;
}

void ServerNonInvite::on_transport_error(Actions& out) {
  if (state_ != TransactionState::proceeding && state_ != TransactionState::completed) return;
  out.emplace_back(TransportError{id_});
  state_ = TransactionState::terminated;
}

std::optional<base::TimePoint> ServerNonInvite::next_deadline() const {
  if (state_ == TransactionState::terminated) return std::nullopt;
  return timer_j_;
}

}  // namespace disco::sip
