#include "libcommon/sip/dialog/subscriber.hpp"

#include <fmt/format.h>

#include "libcommon/sip/msg/event.hpp"
#include "libcommon/sip/msg/ids.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/msg/scalar_headers.hpp"

namespace disco::sip {

Subscriber::Subscriber(SubscriberConfig config, std::mt19937_64& rng) : config_(std::move(config)), rng_(rng) {
  call_id_ = make_call_id(rng_, config_.via_host);
  local_tag_ = make_tag(rng_);
}

base::Duration Subscriber::refresh_delay(std::uint32_t granted_s) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  if (granted_s > 60) return seconds(granted_s - 30);
  return milliseconds(std::uint64_t{granted_s} * 500);
}

bool Subscriber::refresh_failure_ends_subscription(int code) {
  // RFC 6665 s4.1.2.2: these answers to a refresh mean the subscription is gone.
  switch (code) {
    case 404:
    case 405:
    case 410:
    case 416:
    case 480:
    case 481:
    case 482:
    case 483:
    case 484:
    case 485:
    case 489:
    case 501:
    case 604: return true;
    default: return false;
  }
}

Message Subscriber::make_subscribe(std::uint32_t expires_s) {
  Message m;
  if (dialog_) {
    m = dialog_->make_request("SUBSCRIBE");
  } else {
    m.start = RequestLine{"SUBSCRIBE", config_.resource_uri};
    m.add("Max-Forwards", "70");
    m.add("From", fmt::format("<{}>;tag={}", config_.from_uri, local_tag_));
    m.add("To", fmt::format("<{}>", config_.resource_uri));
    m.add("Call-ID", call_id_);
    m.add("CSeq", fmt::format("{} SUBSCRIBE", ++initial_cseq_));
  }
  // Via first, as a UAC's own header (s8.1.1.7); a new branch makes a new transaction.
  m.headers.insert(m.headers.begin(),
                   Header{"Via", fmt::format("SIP/2.0/{} {}:{};branch={}", config_.via_transport, config_.via_host,
                                             config_.via_port, make_branch(rng_))});
  m.add("Contact", fmt::format("<{}>", config_.contact_uri));
  m.add("Event", config_.event);
  m.add("Accept", config_.accept);
  m.add("Expires", std::to_string(expires_s));
  return m;
}

void Subscriber::send(Message request) {
  last_request_ = request;
  actions_.emplace_back(subscriber_action::SendRequest{std::move(request)});
}

void Subscriber::end(int code, std::string reason, bool by_notifier) {
  if (phase_ == SubscriptionPhase::terminated) return;
  phase_ = SubscriptionPhase::terminated;
  refresh_at_.reset();
  expires_at_.reset();
  give_up_at_.reset();
  first_notify_by_.reset();
  actions_.emplace_back(subscriber_action::Ended{code, std::move(reason), by_notifier});
}

void Subscriber::granted(std::uint32_t expires_s, bool pending, base::TimePoint now) {
  if (phase_ == SubscriptionPhase::unsubscribing || phase_ == SubscriptionPhase::terminated) return;
  phase_ = pending ? SubscriptionPhase::pending : SubscriptionPhase::active;
  expires_at_ = now + std::chrono::seconds(expires_s);
  refresh_at_ = now + refresh_delay(expires_s);
  actions_.emplace_back(subscriber_action::Established{expires_s, pending});
}

void Subscriber::start(base::TimePoint now) {
  if (phase_ != SubscriptionPhase::idle) return;
  phase_ = SubscriptionPhase::subscribing;
  send(make_subscribe(config_.expires_s));
  first_notify_by_ = now + timer_n;
}

void Subscriber::refresh(base::TimePoint now) {
  if (phase_ != SubscriptionPhase::active && phase_ != SubscriptionPhase::pending) return;
  refresh_at_.reset();  // re-armed when the refresh is granted
  send(make_subscribe(config_.expires_s));
  (void)now;
}

void Subscriber::unsubscribe(base::TimePoint now) {
  switch (phase_) {
    case SubscriptionPhase::idle:
    case SubscriptionPhase::subscribing:
      // Nothing established to remove (a late 2xx would create a subscription that simply expires).
      end(0, "unsubscribed", false);
      return;
    case SubscriptionPhase::active:
    case SubscriptionPhase::pending:
      phase_ = SubscriptionPhase::unsubscribing;
      refresh_at_.reset();
      give_up_at_ = now + unsubscribe_grace;
      send(make_subscribe(0));
      return;
    case SubscriptionPhase::unsubscribing:
    case SubscriptionPhase::terminated: return;
  }
}

void Subscriber::on_response(const Message& response, base::TimePoint now) {
  const auto* status = response.status_line();
  if (status == nullptr || status->code < 200) return;
  const int code = status->code;
  if (phase_ == SubscriptionPhase::unsubscribing) {
    // 2xx: the final NOTIFY follows (s4.1.2.3); anything else: there is nothing left to end.
    if (code >= 300) end(0, "unsubscribed", false);
    return;
  }
  if (phase_ == SubscriptionPhase::terminated) return;
  if (code >= 300) {
    if (phase_ == SubscriptionPhase::subscribing || refresh_failure_ends_subscription(code)) {
      end(code, fmt::format("{} {}", code, status->reason), false);
    }
    // A failed refresh other than 481 leaves the subscription valid until it expires (s4.1.2.2).
    return;
  }
  if (!dialog_) {
    auto d = dialog_from_response(last_request_, response);
    if (!d) {
      end(code, fmt::format("unusable {} to SUBSCRIBE: {}", code, d.error().message()), false);
      return;
    }
    dialog_ = std::move(*d);
  }
  std::uint32_t expires = config_.expires_s;
  if (const auto* e = response.find("Expires")) {
    if (auto v = parse_delta_seconds(*e)) expires = *v;
  }
  // The 2xx only says "accepted"; Subscription-State in the NOTIFY says active or pending.
  granted(expires, phase_ == SubscriptionPhase::pending, now);
}

void Subscriber::on_request_failed(base::TimePoint now) {
  (void)now;
  if (phase_ == SubscriptionPhase::subscribing) end(408, "408 Request Timeout (no answer from the notifier)", false);
  if (phase_ == SubscriptionPhase::unsubscribing) end(0, "unsubscribed", false);
}

bool Subscriber::matches(const Message& request) const {
  const auto* call_id = request.find("Call-ID");
  if (call_id == nullptr || *call_id != call_id_) return false;
  auto to = parse_to(request);
  return to && to->tag() && *to->tag() == local_tag_;
}

Message Subscriber::on_notify(const Message& notify, base::TimePoint now) {
  const auto* event = notify.find("Event");
  auto parsed_event =
      event != nullptr
          ? parse_event(*event)
          : base::result<Event, std::error_code>(base::failure{std::make_error_code(std::errc::invalid_argument)});
  if (!parsed_event || parsed_event->type != config_.event) return make_response(notify, 489);  // s8.3.2
  const auto* sub_state = notify.find("Subscription-State");
  auto state = sub_state != nullptr ? parse_subscription_state(*sub_state)
                                    : base::result<SubscriptionState, std::error_code>(
                                          base::failure{std::make_error_code(std::errc::invalid_argument)});
  if (!state) return make_response(notify, 400, "Missing or bad Subscription-State");
  if (!matches(notify) || phase_ == SubscriptionPhase::terminated) return make_response(notify, 481);

  if (!dialog_) {
    auto d = dialog_from_notify(last_request_, notify);
    if (!d) return make_response(notify, 400, d.error().message());
    dialog_ = std::move(*d);
  } else {
    auto from = parse_from(notify);
    // A NOTIFY from another fork of the SUBSCRIBE: we keep the first dialog only (s4.5.3).
    if (!from || !from->tag() || *from->tag() != dialog_->id.remote_tag) return make_response(notify, 481);
  }
  auto accepted = dialog_->accept_request(notify, true);
  if (!accepted) return make_response(notify, 400, accepted.error().message());
  if (!*accepted) return make_response(notify, 500, "CSeq out of order");

  first_notify_by_.reset();
  const auto* content_type = notify.find("Content-Type");
  actions_.emplace_back(
      subscriber_action::Notified{content_type != nullptr ? *content_type : std::string{}, notify.body, *state});

  switch (state->state()) {
    case SubState::active:
    case SubState::pending: {
      const bool pending = state->state() == SubState::pending;
      if (phase_ == SubscriptionPhase::subscribing || phase_ == SubscriptionPhase::active ||
          phase_ == SubscriptionPhase::pending) {
        const auto expires = state->expires().value_or(config_.expires_s);
        const bool changed = phase_ != (pending ? SubscriptionPhase::pending : SubscriptionPhase::active);
        if (changed || !expires_at_) {
          granted(expires, pending, now);
        } else {
          // The notifier may shorten the subscription (s4.1.3): the refresh moves with the expiry.
          expires_at_ = now + std::chrono::seconds(expires);
          if (refresh_at_) refresh_at_ = now + refresh_delay(expires);
        }
      }
      break;
    }
    case SubState::terminated:
      if (phase_ == SubscriptionPhase::unsubscribing) {
        end(0, "unsubscribed", false);
      } else {
        end(0, std::string(state->reason().value_or("terminated")), true);
      }
      break;
    case SubState::extension: break;  // unknown states are treated as pending would be: keep waiting
  }
  return make_response(notify, 200);
}

void Subscriber::on_timer(base::TimePoint now) {
  if (give_up_at_ && now >= *give_up_at_) {
    end(0, "unsubscribed", false);
    return;
  }
  if (first_notify_by_ && now >= *first_notify_by_) {
    end(408, "no NOTIFY after the SUBSCRIBE (Timer N)", false);
    return;
  }
  if (expires_at_ && now >= *expires_at_) {
    end(0, "expired", false);
    return;
  }
  if (refresh_at_ && now >= *refresh_at_) refresh(now);
}

std::optional<base::TimePoint> Subscriber::next_deadline() const {
  std::optional<base::TimePoint> next;
  for (const auto& t : {refresh_at_, expires_at_, give_up_at_, first_notify_by_}) {
    if (t && (!next || *t < *next)) next = t;
  }
  return next;
}

std::vector<SubscriberAction> Subscriber::take_actions() { return std::exchange(actions_, {}); }

}  // namespace disco::sip
