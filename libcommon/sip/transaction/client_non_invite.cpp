#include "libcommon/sip/transaction/client_non_invite.hpp"

#include <utility>

#include "libcommon/sip/transaction/machine_support.hpp"

namespace disco::sip {

ClientNonInvite::ClientNonInvite(TransactionId id, Message request, Peer to, const TimerConfig& config,
                                 base::TimePoint now, Actions& out)
    : id_(id), request_(std::move(request)), peer_(std::move(to)), config_(config) {
  out.emplace_back(Send{peer_, request_});
  timer_f_ = now + config_.timer_f();
  if (!is_reliable(peer_.transport)) {
    interval_e_ = config_.timer_e();
    timer_e_ = now + interval_e_;
  }
}

void ClientNonInvite::on_response(Message response, base::TimePoint now, Actions& out) {
  if (state_ != TransactionState::trying && state_ != TransactionState::proceeding) return;  // absorbed
  const int code = response.status_line()->code;
  out.emplace_back(ResponseReceived{id_, std::move(response)});
  if (code < 200) {
    // Timer E keeps running: the server only resends its last response when the request comes
    // again, so retransmissions continue at T2 until the final response (s17.1.2.1).
    state_ = TransactionState::proceeding;
    return;
  }
  timer_e_.reset();
  timer_f_.reset();
  const base::Duration k = config_.timer_k(peer_.transport);
  if (k == base::Duration{}) {
    state_ = TransactionState::terminated;  // nothing to absorb on a reliable transport
    return;
  }
  state_ = TransactionState::completed;
  timer_k_ = now + k;
}

void ClientNonInvite::on_timer(base::TimePoint now, Actions& out) {
  while (state_ != TransactionState::terminated) {
    const auto at = next_deadline();
    if (!at || *at > now) return;
    fire(*at, out);
  }
}

void ClientNonInvite::fire(base::TimePoint at, Actions& out) {
  // F before E: no retransmission goes out at the instant the transaction gives up.
  if (detail::fires_at(timer_f_, at)) {
    out.emplace_back(TransactionTimeout{id_, Timer::f});
    state_ = TransactionState::terminated;
  } else if (detail::fires_at(timer_k_, at)) {
    state_ = TransactionState::terminated;
  } else if (detail::fires_at(timer_e_, at)) {
    out.emplace_back(Send{peer_, request_});
    interval_e_ = state_ == TransactionState::proceeding ? config_.t2 : doubled_up_to_t2(interval_e_, config_);
    timer_e_ = at + interval_e_;
  }
}

void ClientNonInvite::on_transport_error(Actions& out) {
  if (state_ != TransactionState::trying && state_ != TransactionState::proceeding) return;
  out.emplace_back(TransportError{id_});
  state_ = TransactionState::terminated;
}

std::optional<base::TimePoint> ClientNonInvite::next_deadline() const {
  if (state_ == TransactionState::terminated) return std::nullopt;
  return detail::earliest({timer_e_, timer_f_, timer_k_});
}

}  // namespace disco::sip
