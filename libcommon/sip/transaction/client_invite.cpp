#include "libcommon/sip/transaction/client_invite.hpp"

#include <string>
#include <utility>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/via.hpp"
#include "libcommon/sip/transaction/machine_support.hpp"

namespace disco::sip {

Message make_ack_for_non_2xx(const Message& invite, const Message& response) {
  Message ack;
  ack.start = RequestLine{"ACK", invite.request_line()->uri, std::string(sip_version)};
  const auto vias = parse_vias(invite);
  ack.add("Via", to_string(vias->front()));
  const std::string* max_forwards = invite.find("Max-Forwards");
  ack.add("Max-Forwards", max_forwards != nullptr ? *max_forwards : "70");
  // Route fields keep the ACK on the INVITE's path through stateless proxies (s17.1.1.3).
  for (const std::string_view route : invite.find_all("Route")) ack.add("Route", std::string(route));
  ack.add("From", *invite.find("From"));
  ack.add("To", *response.find("To"));
  ack.add("Call-ID", *invite.find("Call-ID"));
  auto cseq = parse_cseq(*invite.find("CSeq"));
  cseq->method = "ACK";
  ack.add("CSeq", to_string(*cseq));
  return ack;
}

ClientInvite::ClientInvite(TransactionId id, Message invite, Peer to, const TimerConfig& config, base::TimePoint now,
                           Actions& out)
    : id_(id), invite_(std::move(invite)), peer_(std::move(to)), config_(config) {
  out.emplace_back(Send{peer_, invite_});
  timer_b_ = now + config_.timer_b();
  if (!is_reliable(peer_.transport)) {
    interval_a_ = config_.timer_a();
    timer_a_ = now + interval_a_;
  }
}

void ClientInvite::on_response(Message response, base::TimePoint now, Actions& out) {
  const int code = response.status_line()->code;
  if (state_ == TransactionState::completed) {
    if (code >= 300) {
      // A retransmitted final response: the server missed our ACK (s17.1.1.2).
      out.emplace_back(Send{peer_, *ack_});
    } else if (code >= 200) {
      // A 2xx after a 300-699 (a forking proxy gone wrong): only the UAC core can acknowledge it and
      // set up the dialog (s13.2.2.4), so it goes up; the transaction's own ACK would be wrong.
      out.emplace_back(ResponseReceived{id_, std::move(response)});
    }
    return;
  }
  if (state_ != TransactionState::calling && state_ != TransactionState::proceeding) return;
  if (code < 200) {
    // Timer B guards Calling only: once the server answers, the wait is the TU's (Timer C, s16.6).
    timer_a_.reset();
    timer_b_.reset();
    state_ = TransactionState::proceeding;
    out.emplace_back(ResponseReceived{id_, std::move(response)});
    return;
  }
  timer_a_.reset();
  timer_b_.reset();
  if (code < 300) {
    // Destroyed at once so that every further 2xx reaches the core as a stray (s17.1.1.2).
    state_ = TransactionState::terminated;
    out.emplace_back(ResponseReceived{id_, std::move(response)});
    return;
  }
  ack_ = make_ack_for_non_2xx(invite_, response);
  out.emplace_back(ResponseReceived{id_, std::move(response)});
  // The ACK is due even on reliable transports (s17.1.1.2), to the INVITE's destination.
  out.emplace_back(Send{peer_, *ack_});
  const base::Duration d = config_.timer_d(peer_.transport);
  if (d == base::Duration{}) {
    state_ = TransactionState::terminated;
    return;
  }
  state_ = TransactionState::completed;
  timer_d_ = now + d;
}

void ClientInvite::on_timer(base::TimePoint now, Actions& out) {
  while (state_ != TransactionState::terminated) {
    const auto at = next_deadline();
    if (!at || *at > now) return;
    fire(*at, out);
  }
}

void ClientInvite::fire(base::TimePoint at, Actions& out) {
  // B before A: no retransmission goes out at the instant the transaction gives up.
  if (detail::fires_at(timer_b_, at)) {
    // No ACK: there is no response to acknowledge (s17.1.1.2).
    out.emplace_back(TransactionTimeout{id_, Timer::b});
    state_ = TransactionState::terminated;
  } else if (detail::fires_at(timer_d_, at)) {
    state_ = TransactionState::terminated;
  } else if (detail::fires_at(timer_a_, at)) {
    out.emplace_back(Send{peer_, invite_});
    interval_a_ *= 2;  // uncapped, unlike E and G: seven sends fit in Timer B (s17.1.1.2)
    timer_a_ = at + interval_a_;
  }
}

void ClientInvite::on_transport_error(Actions& out) {
  if (state_ != TransactionState::calling && state_ != TransactionState::completed) return;
  out.emplace_back(TransportError{id_});
  state_ = TransactionState::terminated;
}

std::optional<base::TimePoint> ClientInvite::next_deadline() const {
  if (state_ == TransactionState::terminated) return std::nullopt;
  return detail::earliest({timer_a_, timer_b_, timer_d_});
}

}  // namespace disco::sip
