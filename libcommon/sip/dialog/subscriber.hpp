#pragma once
// The subscriber side of one RFC 6665 subscription, sans-I/O: it builds SUBSCRIBE requests (the
// runtime sends them through client transactions), takes their final responses and the NOTIFYs
// that arrive, answers each NOTIFY, and tells the user what happened. Time only comes in as `now`.

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "libcommon/base/clock.hpp"
#include "libcommon/sip/dialog/dialog.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/msg/subscription_state.hpp"

namespace disco::sip {

struct SubscriberConfig {
  std::string resource_uri;  // Request-URI and To of the initial SUBSCRIBE (the conference URI)
  std::string from_uri;      // who subscribes
  std::string contact_uri;   // where NOTIFYs reach us (RFC 6665 s4.1.2.1: Contact is mandatory)
  std::string event = "conference";
  std::string accept = "application/conference-info+xml";
  std::uint32_t expires_s = 600;  // requested; the 2xx grants the real duration (s4.1.2.1)
  // Via sent-by and transport of requests we originate (s8.1.1.7); the runtime knows them.
  std::string via_transport = "UDP";
  std::string via_host = "127.0.0.1";
  std::uint16_t via_port = 5060;
};

enum class SubscriptionPhase { idle, subscribing, active, pending, unsubscribing, terminated };

namespace subscriber_action {
// Send this SUBSCRIBE through a new client transaction.
struct SendRequest {
  Message request;
};
// The subscription is (still) in place; `expires_s` is what the notifier granted.
struct Established {
  std::uint32_t expires_s = 0;
  bool pending = false;
};
// A NOTIFY's body to process (possibly empty); the response has already been produced.
struct Notified {
  std::string content_type;
  std::string body;
  SubscriptionState state;
};
// The subscription is over: refused (code = the final response), terminated by the notifier
// (reason from Subscription-State), expired, or ended by our own unsubscribe.
struct Ended {
  int code = 0;        // SIP status of a refused/failed SUBSCRIBE, 0 otherwise
  std::string reason;  // "noresource", "rejected", "timeout", "unsubscribed", "expired", "408 ..."
  bool by_notifier = false;
};
}  // namespace subscriber_action

using SubscriberAction = std::variant<subscriber_action::SendRequest, subscriber_action::Established,
                                      subscriber_action::Notified, subscriber_action::Ended>;

class Subscriber {
 public:
  Subscriber(SubscriberConfig config, std::mt19937_64& rng);

  // The initial SUBSCRIBE (s4.1.2.1).
  void start(base::TimePoint now);
  // A refresh, e.g. to get full state again after a version gap (RFC 4575 s4.6); no-op unless
  // active or pending.
  void refresh(base::TimePoint now);
  // SUBSCRIBE with Expires: 0 (s4.1.2.3); the final NOTIFY or its absence ends it.
  void unsubscribe(base::TimePoint now);

  // Final response to the last SUBSCRIBE we sent (provisional ones do not matter here).
  void on_response(const Message& response, base::TimePoint now);
  // The transaction of our last SUBSCRIBE timed out or failed at the transport.
  void on_request_failed(base::TimePoint now);
  // A NOTIFY for us; returns the response to send on its server transaction.
  Message on_notify(const Message& notify, base::TimePoint now);
  // Does this request belong to our subscription (Call-ID and our tag)?
  [[nodiscard]] bool matches(const Message& request) const;

  void on_timer(base::TimePoint now);
  [[nodiscard]] std::optional<base::TimePoint> next_deadline() const;
  std::vector<SubscriberAction> take_actions();

  [[nodiscard]] SubscriptionPhase phase() const { return phase_; }
  [[nodiscard]] const std::optional<Dialog>& dialog() const { return dialog_; }

  // How long before expiry we refresh: half the duration for short grants, 30 s before the end for
  // long ones. RFC 6665 s4.1.2.2 leaves the margin to the subscriber.
  static base::Duration refresh_delay(std::uint32_t granted_s);
  // After an unsubscribe, how long we wait for the final NOTIFY before calling it done.
  static constexpr std::chrono::seconds unsubscribe_grace{5};
  // Timer N (RFC 6665 s4.1.2.4): 64*T1 for the first NOTIFY after the initial SUBSCRIBE.
  static constexpr std::chrono::seconds timer_n{32};
  static bool refresh_failure_ends_subscription(int code);

 private:
  Message make_subscribe(std::uint32_t expires_s);
  void send(Message request);
  void end(int code, std::string reason, bool by_notifier);
  void granted(std::uint32_t expires_s, bool pending, base::TimePoint now);

  SubscriberConfig config_;
  std::mt19937_64& rng_;
  SubscriptionPhase phase_ = SubscriptionPhase::idle;
  std::string call_id_;
  std::string local_tag_;
  std::uint32_t initial_cseq_ = 0;
  Message last_request_;  // our last SUBSCRIBE, to build the dialog from a NOTIFY or 2xx
  std::optional<Dialog> dialog_;
  std::optional<base::TimePoint> refresh_at_, expires_at_, give_up_at_, first_notify_by_;
  std::vector<SubscriberAction> actions_;
};

}  // namespace disco::sip
