#include "libcommon/sip/dialog/notifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "libcommon/sip/msg/event.hpp"
#include "libcommon/sip/msg/grammar.hpp"
#include "libcommon/sip/msg/ids.hpp"
#include "libcommon/sip/msg/list.hpp"
#include "libcommon/sip/msg/media_type.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/msg/scalar_headers.hpp"
#include "libcommon/sip/msg/subscription_state.hpp"

namespace disco::sip {

namespace {

namespace act = notifier_action;

// s4.2.1.1: 423 is only allowed for intervals under an hour.
constexpr std::uint32_t max_min_expires_s = 3600;

bool matches(std::string_view pattern, std::string_view value) {
  return pattern == "*" || grammar::iequals(pattern, value);
}

// RFC 3261 s20.1: no Accept means the package's default type is fine; an empty Accept accepts no
// body at all, and a NOTIFY of this package always may carry one.
bool accepts(const Message& m, const MediaType& ours) {
  if (!m.has("Accept")) return true;
  for (std::string_view field : m.find_all("Accept")) {
    auto items = split_list(field);
    if (!items) continue;
    for (std::string_view item : *items) {
      auto range = parse_media_type(item);
      if (range && matches(range->type, ours.type) && matches(range->subtype, ours.subtype)) return true;
    }
  }
  return false;
}

}  // namespace

Notifier::Notifier(NotifierConfig config, std::mt19937_64& rng, FullState full_state)
    : config_(std::move(config)), rng_(rng), full_state_(std::move(full_state)) {
  auto type = parse_media_type(config_.content_type);
  if (!type) throw std::invalid_argument("notifier content type is not a media type: " + config_.content_type);
  content_type_ = std::move(*type);
  if (!full_state_) throw std::invalid_argument("notifier needs a full-state function");
}

bool Notifier::removes_subscription(int code) {
  switch (code) {
    case 404:
    case 405:
    case 410:
    case 416:
    case 489:
    case 501:
    case 604: return true;
    default: return code >= 480 && code <= 485;
  }
}

Message Notifier::ok(const Message& subscribe, std::uint32_t expires_s, std::string_view to_tag) const {
  Message r = make_response(subscribe, 200, {}, to_tag);
  // RFC 3261 s12.1.1: a dialog-creating (and target refresh) 2xx carries our Contact.
  r.add("Contact", fmt::format("<{}>", config_.contact_uri));
  // s4.2.1.1: the granted duration, never longer than asked.
  r.add("Expires", std::to_string(expires_s));
  return r;
}

Message Notifier::make_notify(Dialog& dialog, const std::optional<std::string>& event_id, const std::string& state,
                              const std::string& body) {
  Message m = dialog.make_request("NOTIFY");
  // Via first, as a UAC's own header (RFC 3261 s8.1.1.7); a new branch makes a new transaction.
  m.headers.insert(m.headers.begin(),
                   Header{"Via", fmt::format("SIP/2.0/{} {}:{};branch={}", config_.via_transport, config_.via_host,
                                             config_.via_port, make_branch(rng_))});
  // NOTIFY is a target refresh request (s3.2), so it carries our Contact.
  m.add("Contact", fmt::format("<{}>", config_.contact_uri));
  Event event{config_.event, {}};
  if (event_id) set_param(event.params, "id", *event_id);  // s8.2.1: the SUBSCRIBE's id, echoed
  m.add("Event", to_string(event));
  m.add("Subscription-State", state);
  if (!body.empty()) {
    m.add("Content-Type", config_.content_type);
    m.body = body;
  }
  return m;
}

void Notifier::notify_active(const SubscriptionKey& key, Subscription& sub, const std::string& body,
                             base::TimePoint now) {
  // s4.2.2: "active" MUST carry the time remaining; rounding down never lengthens it.
  const auto remaining = std::chrono::duration_cast<std::chrono::seconds>(sub.expires_at - now).count();
  SubscriptionState state;
  set_param(state.params, "expires", std::to_string(std::max<std::int64_t>(remaining, 0)));
  actions_.emplace_back(act::SendNotify{key, make_notify(sub.dialog, sub.event_id, to_string(state), body)});
  sub.last_notify_at = now;
  sub.missed_change = false;
}

void Notifier::end(std::map<SubscriptionKey, Subscription>::iterator it, const std::string& wire_reason,
                   std::string reason, const std::string& body) {
  SubscriptionState state{"terminated", {}};
  set_param(state.params, "reason", wire_reason);
  SubscriptionKey key = it->first;
  actions_.emplace_back(
      act::SendNotify{key, make_notify(it->second.dialog, it->second.event_id, to_string(state), body)});
  subs_.erase(it);
  actions_.emplace_back(act::Ended{std::move(key), std::move(reason)});
}

void Notifier::remove(const SubscriptionKey& key, std::string reason) {
  if (subs_.erase(key) == 0) return;
  actions_.emplace_back(act::Ended{key, std::move(reason)});
}

void Notifier::expire_due(base::TimePoint now) {
  for (auto it = subs_.begin(); it != subs_.end();) {
    auto next = std::next(it);
    // s4.2.1.4: not refreshed in time; the NOTIFY lets the subscriber end its dialog usage.
    if (now >= it->second.expires_at) end(it, "timeout", "timeout", {});
    it = next;
  }
}

Message Notifier::on_subscribe(const Message& subscribe, base::TimePoint now) {
  const auto* line = subscribe.request_line();
  if (line == nullptr || line->method != "SUBSCRIBE") {
    Message r = make_response(subscribe, 405);
    r.add("Allow", "SUBSCRIBE");
    return r;
  }
  expire_due(now);

  // s4.2.1.1: the package is checked first; 489 says which ones we serve (s4.4.4).
  const auto* event_field = subscribe.find("Event");
  auto event =
      event_field != nullptr
          ? parse_event(*event_field)
          : base::result<Event, std::error_code>(base::failure{std::make_error_code(std::errc::invalid_argument)});
  if (!event || event->type != config_.event) {
    Message r = make_response(subscribe, 489);
    r.add("Allow-Events", config_.event);
    return r;
  }
  std::optional<std::string> event_id;
  if (auto id = event->id()) event_id = std::string(*id);

  std::uint32_t requested = config_.default_expires_s;
  if (const auto* e = subscribe.find("Expires")) {
    auto v = parse_delta_seconds(*e);
    if (!v) return make_response(subscribe, 400, "Bad Expires");
    requested = *v;
  }

  auto to = parse_to(subscribe);
  if (!to) return make_response(subscribe, 400, to.error().message());
  Subscription* existing = nullptr;
  if (to->tag()) {
    auto id = dialog_id_of(subscribe);
    auto it = id ? subs_.find(*id) : subs_.end();
    if (it == subs_.end()) return make_response(subscribe, 481);  // s4.1.2.2 / RFC 3261 s12.2.2
    if (it->second.event_id != event_id) {
      // s4.5.2: a different Event id asks for a second subscription in this dialog.
      return make_response(subscribe, 403, "Dialog sharing not supported");
    }
    // RFC 3261 s12.2.2: CSeq order is checked (and recorded) before anything else is refused; the
    // target is only refreshed once the request is accepted (on_refresh).
    auto in_order = it->second.dialog.accept_request(subscribe, false);
    if (!in_order) return make_response(subscribe, 400, in_order.error().message());
    if (!*in_order) return make_response(subscribe, 500, "CSeq out of order");
    existing = &it->second;
  }

  if (!accepts(subscribe, content_type_)) {
    Message r = make_response(subscribe, 406);
    r.add("Accept", config_.content_type);
    return r;
  }
  // s4.2.1.1, s4.2.1.4: 423 only when 0 < requested < min and under an hour.
  const std::uint32_t min_expires = std::min(config_.min_expires_s, max_min_expires_s);
  if (requested > 0 && requested < min_expires) {
    Message r = make_response(subscribe, 423);
    r.add("Min-Expires", std::to_string(min_expires));
    return r;
  }
  const std::uint32_t granted = std::min(requested, config_.max_expires_s);
  return existing != nullptr ? on_refresh(subscribe, *existing, granted, now)
                             : on_new(subscribe, std::move(event_id), granted, now);
}

Message Notifier::on_new(const Message& subscribe, std::optional<std::string> event_id, std::uint32_t expires_s,
                         base::TimePoint now) {
  std::string tag = make_tag(rng_);
  auto dialog = dialog_from_request(subscribe, tag);
  if (!dialog) return make_response(subscribe, 400, dialog.error().message());
  Message response = ok(subscribe, expires_s, tag);
  const SubscriptionKey key = dialog->id;
  if (expires_s == 0) {
    // s4.4.3: a fetch. The state goes out once in a terminating NOTIFY; nothing stays behind.
    SubscriptionState state{"terminated", {}};
    set_param(state.params, "reason", "timeout");
    actions_.emplace_back(act::SendNotify{key, make_notify(*dialog, event_id, to_string(state), full_state_(key))});
    return response;
  }
  Subscription sub{std::move(*dialog), std::move(event_id), now + std::chrono::seconds(expires_s), std::nullopt, false};
  auto [it, inserted] = subs_.emplace(key, std::move(sub));
  // Our To tag is fresh and random, so an existing entry means the tag generator repeated itself.
  if (!inserted) return make_response(subscribe, 500, "Dialog identifier clash");
  // s4.2.1.2: the NOTIFY follows the 2xx at once, with full state (RFC 4575 s3.2).
  notify_active(key, it->second, full_state_(key), now);
  return response;
}

Message Notifier::on_refresh(const Message& subscribe, Subscription& sub, std::uint32_t expires_s,
                             base::TimePoint now) {
  Message response = ok(subscribe, expires_s);
  const SubscriptionKey key = sub.dialog.id;
  if (expires_s == 0) {
    // s4.2.1.4: an unsubscribe is treated as an expiry, hence reason=timeout on the wire. State in
    // that NOTIFY is optional and of no use to a subscriber that is leaving.
    end(subs_.find(key), "timeout", "unsubscribed", {});
    return response;
  }
  // SUBSCRIBE is a target refresh request (s3.1, RFC 3261 s12.2.2): NOTIFYs follow the Contact.
  if (auto contacts = parse_contacts(subscribe); contacts && !contacts->wildcard && contacts->addresses.size() == 1) {
    sub.dialog.remote_target = contacts->addresses.front().uri;
  }
  sub.expires_at = now + std::chrono::seconds(expires_s);
  // s4.2.1.2 applies to refreshes too; RFC 4575 s4.6 subscribers refresh precisely to get full state.
  notify_active(key, sub, full_state_(key), now);
  return response;
}

void Notifier::push(const SubscriptionKey& key, Subscription& sub, const std::string& partial, base::TimePoint now) {
  if (config_.min_notify_interval > base::Duration::zero() && sub.last_notify_at &&
      now < *sub.last_notify_at + config_.min_notify_interval) {
    sub.missed_change = true;  // on_timer() sends full state when the interval is over
    return;
  }
  // A change missed earlier and not yet made up for (on_timer() not run yet) is only covered by
  // full state; the partial alone would leave a gap.
  notify_active(key, sub, sub.missed_change ? full_state_(key) : partial, now);
}

void Notifier::notify_all(const std::string& partial, base::TimePoint now) {
  expire_due(now);
  for (auto& [key, sub] : subs_) push(key, sub, partial, now);
}

bool Notifier::send_notify(const SubscriptionKey& key, const std::string& body, base::TimePoint now) {
  expire_due(now);
  auto it = subs_.find(key);
  if (it == subs_.end()) return false;
  push(key, it->second, body, now);
  return true;
}

bool Notifier::terminate(const SubscriptionKey& key, const std::string& reason, base::TimePoint now,
                         const std::string& body) {
  expire_due(now);
  auto it = subs_.find(key);
  if (it == subs_.end()) return false;
  end(it, reason, reason, body);
  return true;
}

void Notifier::terminate_all(const std::string& reason, base::TimePoint now, const std::string& body) {
  expire_due(now);
  while (!subs_.empty()) end(subs_.begin(), reason, reason, body);
}

void Notifier::on_notify_response(const SubscriptionKey& key, const Message& response, base::TimePoint now) {
  (void)now;
  const auto* status = response.status_line();
  if (status == nullptr || status->code < 300) return;
  // s4.2.2: these codes mean the subscriber (or the way to it) has lost the subscription; no
  // terminating NOTIFY, since the failed NOTIFY is what ended it. Other failures (500 for a NOTIFY
  // that overtook another, 503...) leave it in place.
  if (removes_subscription(status->code)) {
    remove(key, fmt::format("notify failed: {} {}", status->code, status->reason));
  }
}

void Notifier::on_notify_failed(const SubscriptionKey& key, base::TimePoint now) {
  (void)now;
  // s4.2.2: Timer F fired; a subscriber that is gone will subscribe again when it is back.
  remove(key, "notify failed: no response");
}

std::optional<base::TimePoint> Notifier::resend_at(const Subscription& sub) const {
  if (!sub.missed_change || !sub.last_notify_at) return std::nullopt;
  return *sub.last_notify_at + config_.min_notify_interval;
}

void Notifier::on_timer(base::TimePoint now) {
  expire_due(now);
  for (auto& [key, sub] : subs_) {
    if (auto at = resend_at(sub); at && now >= *at) notify_active(key, sub, full_state_(key), now);
  }
}

std::optional<base::TimePoint> Notifier::next_deadline() const {
  std::optional<base::TimePoint> next;
  for (const auto& [key, sub] : subs_) {
    for (const auto& t : {std::optional<base::TimePoint>(sub.expires_at), resend_at(sub)}) {
      if (t && (!next || *t < *next)) next = t;
    }
  }
  return next;
}

std::vector<NotifierAction> Notifier::take_actions() { return std::exchange(actions_, {}); }

std::vector<SubscriptionKey> Notifier::keys() const {
  std::vector<SubscriptionKey> out;
  out.reserve(subs_.size());
  for (const auto& [key, sub] : subs_) out.push_back(key);
  return out;
}

std::vector<SubscriptionInfo> Notifier::subscriptions() const {
  std::vector<SubscriptionInfo> out;
  out.reserve(subs_.size());
  for (const auto& [key, sub] : subs_) {
    out.push_back({key, sub.dialog.remote, sub.dialog.remote_target, sub.expires_at, sub.dialog.local_seq});
  }
  return out;
}

}  // namespace disco::sip
