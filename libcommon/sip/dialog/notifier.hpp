#pragma once
// The notifier side of RFC 6665 for ONE resource (e.g. a conference URI) and ONE event package,
// sans-I/O: it answers SUBSCRIBE requests (the runtime sends the answer on the server transaction),
// keeps one subscription per dialog, and builds the NOTIFY requests (the runtime sends them through
// client transactions and reports their outcome back). Time only comes in as `now`.
//
// Where bodies come from. A NOTIFY that follows a SUBSCRIBE carries FULL state (RFC 6665 s4.2.1.2,
// RFC 4575 s3.2), later ones normally only the change. So the user hands the notifier two things:
//   * a FullState function, given at construction, that the notifier calls synchronously whenever a
//     subscription needs the whole state: after a new or refreshed subscription, after a fetch
//     (Expires: 0 on a new dialog, s4.4.3), and when rate-limited changes are coalesced (below).
//     It takes the key so that per-subscription document versions stay possible (RFC 4575 s5.2
//     scopes versions to a subscription). It must not call back into the Notifier.
//   * the partial state of each change, pushed with notify_all() or send_notify().
// Because the full state is produced inside on_subscribe(), the NOTIFY that must follow the 2xx is
// queued together with it and no change can slip in between.
//
// Rate limit (RFC 4575 s3.9 recommends at most one NOTIFY per 5 s per subscriber): a change that
// comes within `min_notify_interval` of the previous NOTIFY to a subscriber is not sent; when the
// interval is over, that subscriber gets one full-state NOTIFY instead, which covers every change it
// missed. NOTIFYs triggered by a SUBSCRIBE and terminating NOTIFYs are never delayed.
//
// Not done here: authorization (s4.2.1.3: the caller answers 403/603 itself before on_subscribe),
// the "pending" state, dialog sharing (s4.5.2: a new Event id in an existing dialog gets 403), and
// NOTIFY serialisation: NOTIFYs go out as they are made, each with a higher CSeq, so a subscriber
// that sees them reordered answers 500 to the older one and, with RFC 4575, refreshes on the gap.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/dialog/dialog.hpp"
#include "libcommon/sip/msg/media_type.hpp"
#include "libcommon/sip/msg/message.hpp"

namespace disco::sip {

struct NotifierConfig {
  std::string contact_uri;  // our Contact in 2xx and NOTIFYs: the subscribers' remote target (s4.5.1)
  std::string event = "conference";
  std::string content_type = "application/conference-info+xml";  // RFC 4575 s3.4
  // Expires absent from a SUBSCRIBE: the package default, 3600 s for "conference" (RFC 4575 s3.3).
  std::uint32_t default_expires_s = 3600;
  // Requests between 0 and min (exclusive) get 423 with Min-Expires; s4.2.1.1 only allows that
  // below one hour, so a minimum above 3600 acts as 3600.
  std::uint32_t min_expires_s = 60;
  std::uint32_t max_expires_s = 3600;  // longer requests are shortened to this (s4.2.1.1, s4.2.1.4)
  // RFC 4575 s3.9; zero disables the limit.
  base::Duration min_notify_interval = std::chrono::seconds(5);
  // Via sent-by and transport of the NOTIFYs we originate (RFC 3261 s8.1.1.7).
  std::string via_transport = "UDP";
  std::string via_host = "127.0.0.1";
  std::uint16_t via_port = 5060;
};

// A subscription is its dialog: without dialog sharing there is one per dialog (s4.5).
using SubscriptionKey = DialogId;

namespace notifier_action {
// Send this NOTIFY through a new client transaction; report its outcome with on_notify_response()
// or on_notify_failed() under the same key (ignored when the NOTIFY was a terminating one, since the
// subscription is gone by then).
struct SendNotify {
  SubscriptionKey key;
  Message request;
};
// The subscription is gone: "unsubscribed" (Expires: 0), "timeout" (not refreshed, s4.2.1.4), the
// reason given to terminate(), or "notify failed: <code or transport>" (s4.2.2).
struct Ended {
  SubscriptionKey key;
  std::string reason;
};
}  // namespace notifier_action

using NotifierAction = std::variant<notifier_action::SendNotify, notifier_action::Ended>;

struct SubscriptionInfo {
  SubscriptionKey key;
  NameAddr subscriber;  // From of the SUBSCRIBE
  Uri remote_target;    // where its NOTIFYs go (its Contact, updated by refreshes)
  base::TimePoint expires_at;
  std::uint32_t last_cseq = 0;  // CSeq of the last NOTIFY sent to it
};

class Notifier {
 public:
  // Full state for one subscriber, as a body of config.content_type; "" sends no body.
  using FullState = std::function<std::string(const SubscriptionKey&)>;

  Notifier(NotifierConfig config, std::mt19937_64& rng, FullState full_state);

  // A SUBSCRIBE for our resource; returns the final response for its server transaction and queues
  // the NOTIFY that must follow a 2xx (s4.2.1.2).
  Message on_subscribe(const Message& subscribe, base::TimePoint now);

  // A change of state: `partial` goes to every subscriber (subject to the rate limit).
  void notify_all(const std::string& partial, base::TimePoint now);
  // The same for one subscriber; false when there is no such subscription.
  bool send_notify(const SubscriptionKey& key, const std::string& body, base::TimePoint now);
  // Ends subscriptions with a terminated NOTIFY (s4.1.3 reasons: "noresource" when the conference
  // is over, "rejected", "deactivated" to migrate, ...). `body` is optional final state.
  bool terminate(const SubscriptionKey& key, const std::string& reason, base::TimePoint now,
                 const std::string& body = {});
  void terminate_all(const std::string& reason, base::TimePoint now, const std::string& body = {});

  // The final response to a NOTIFY we sent (provisional ones do not matter).
  void on_notify_response(const SubscriptionKey& key, const Message& response, base::TimePoint now);
  // The NOTIFY transaction timed out (Timer F) or failed at the transport.
  void on_notify_failed(const SubscriptionKey& key, base::TimePoint now);

  void on_timer(base::TimePoint now);
  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;
  std::vector<NotifierAction> take_actions();

  [[nodiscard]] std::size_t size() const { return subs_.size(); }
  [[nodiscard]] bool contains(const SubscriptionKey& key) const { return subs_.contains(key); }
  [[nodiscard]] std::vector<SubscriptionKey> keys() const;
  [[nodiscard]] std::vector<SubscriptionInfo> subscriptions() const;

  // s4.2.2: these responses to a NOTIFY end the subscription.
  static bool removes_subscription(int code);

 private:
  struct Subscription {
    Dialog dialog;
    std::optional<std::string> event_id;  // Event ;id= echoed in every NOTIFY (s8.2.1)
    base::TimePoint expires_at;
    std::optional<base::TimePoint> last_notify_at;
    bool missed_change = false;  // a change was held back by the rate limit
  };

  Message on_new(const Message& subscribe, std::optional<std::string> event_id, std::uint32_t expires_s,
                 base::TimePoint now);
  Message on_refresh(const Message& subscribe, Subscription& sub, std::uint32_t expires_s, base::TimePoint now);
  [[nodiscard]] Message ok(const Message& subscribe, std::uint32_t expires_s, std::string_view to_tag = {}) const;
  Message make_notify(Dialog& dialog, const std::optional<std::string>& event_id, const std::string& state,
                      const std::string& body);
  // Sends `body` with "active;expires=<remaining>" now, whatever the rate limit says.
  void notify_active(const SubscriptionKey& key, Subscription& sub, const std::string& body, base::TimePoint now);
  // A change for one subscriber, held back by the rate limit when needed.
  void push(const SubscriptionKey& key, Subscription& sub, const std::string& partial, base::TimePoint now);
  // Terminating NOTIFY with `wire_reason`, removal, and Ended{`reason`}.
  void end(std::map<SubscriptionKey, Subscription>::iterator it, const std::string& wire_reason, std::string reason,
           const std::string& body);
  // Removal without a NOTIFY, after the subscriber failed one.
  void remove(const SubscriptionKey& key, std::string reason);
  void expire_due(base::TimePoint now);
  [[nodiscard]] std::optional<base::TimePoint> resend_at(const Subscription& sub) const;

  NotifierConfig config_;
  MediaType content_type_;
  std::mt19937_64& rng_;
  FullState full_state_;
  std::map<SubscriptionKey, Subscription> subs_;
  std::vector<NotifierAction> actions_;
};

}  // namespace disco::sip
