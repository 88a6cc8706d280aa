#include "libcommon/sip/transaction/server_invite.hpp"

#include <utility>

#include "libcommon/sip/transaction/machine_support.hpp"

namespace disco::sip {

ServerInvite::ServerInvite(TransactionId id, Peer from, const TimerConfig& config)
    : id_(id), peer_(std::move(from)), config_(config) {}

void ServerInvite::on_request_retransmission(Actions& out) {
  // Proceeding resends the latest provisional, Completed the final response (s17.2.1); before the
  // TU's first response there is nothing to resend, and Confirmed has already had its ACK.
  if ((state_ == TransactionState::proceeding || state_ == TransactionState::completed) && last_response_)
    out.emplace_back(Send{peer_, *last_response_});
}

void ServerInvite::on_ack(base::TimePoint now, Actions& /*out*/) {
  // In Confirmed an ACK is a retransmission, absorbed; in Proceeding nothing it could acknowledge
  // has been sent.
  if (state_ != TransactionState::completed) return;
  timer_g_.reset();
  timer_h_.reset();
  const base::Duration i = config_.timer_i(peer_.transport);
  if (i == base::Duration{}) {
    state_ = TransactionState::terminated;
    return;
  }
  state_ = TransactionState::confirmed;
  timer_i_ = now + i;
}

bool ServerInvite::on_tu_response(Message response, base::TimePoint now, Actions& out) {
  if (state_ != TransactionState::proceeding) return false;
  const int code = response.status_line()->code;
  last_response_ = std::move(response);
  out.emplace_back(Send{peer_, *last_response_});
  if (code < 200) return true;
  if (code < 300) {
    // The TU retransmits its 2xx itself (s13.3.1.4), and the ACK for it is a separate exchange, so
    // the transaction ends here (s17.2.1).
    state_ = TransactionState::terminated;
    return true;
  }
  state_ = TransactionState::completed;
  timer_h_ = now + config_.timer_h();
  if (!is_reliable(peer_.transport)) {
    interval_g_ = config_.timer_g();
    timer_g_ = now + interval_g_;
  }
  return true;
}

void ServerInvite::on_timer(base::TimePoint now, Actions& out) {
  while (state_ != TransactionState::terminated) {
    const auto at = next_deadline();
    if (!at || *at > now) return;
    fire(*at, out);
  }
}

void ServerInvite::fire(base::TimePoint at, Actions& out) {
  // H before G: no retransmission goes out at the instant the transaction gives up.
  if (detail::fires_at(timer_h_, at)) {
    out.emplace_back(TransactionTimeout{id_, Timer::h});
    state_ = TransactionState::terminated;
  } else if (detail::fires_at(timer_i_, at)) {
    state_ = TransactionState::terminated;
  } else if (detail::fires_at(timer_g_, at)) {
    out.emplace_back(Send{peer_, *last_response_});
    interval_g_ = doubled_up_to_t2(interval_g_, config_);
    timer_g_ = at + interval_g_;
  }
}

void ServerInvite::on_transport_error(Actions& out) {
  if (state_ != TransactionState::proceeding && state_ != TransactionState::completed) return;
  out.emplace_back(TransportError{id_});
  state_ = TransactionState::terminated;
}

std::optional<base::TimePoint> ServerInvite::next_deadline() const {
  if (state_ == TransactionState::terminated) return std::nullopt;
  return detail::earliest({timer_g_, timer_h_, timer_i_});
}

}  // namespace disco::sip
