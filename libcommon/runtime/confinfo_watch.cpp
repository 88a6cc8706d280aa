#include "libcommon/runtime/confinfo_watch.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <random>

#include "libcommon/conference/coherent_state.hpp"
#include "libcommon/conference/parse.hpp"
#include "libcommon/conference/serialise.hpp"
#include "libcommon/net/deadline_timer.hpp"
#include "libcommon/runtime/conference_json.hpp"
#include "libcommon/runtime/sip_endpoint.hpp"
#include "libcommon/sip/dialog/subscriber.hpp"
#include "libcommon/sip/msg/response.hpp"

namespace disco::runtime {

namespace {

using nlohmann::ordered_json;
namespace act = sip::subscriber_action;

std::string now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                     ms.count());
}

// The address our packets to `focus` leave from: what Via and Contact must name (s18.1.1).
std::string source_address_towards(const std::string& focus_host, std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket probe(io);
  boost::system::error_code ec;
  const boost::asio::ip::udp::endpoint focus{boost::asio::ip::make_address(focus_host, ec), port};
  if (ec) return "127.0.0.1";
  probe.open(focus.protocol(), ec);
  if (!ec) probe.connect(focus, ec);  // UDP connect only picks a route; nothing is sent
  if (ec) return "127.0.0.1";
  return probe.local_endpoint(ec).address().to_string();
}

bool is_conference_info(const std::string& content_type) {
  return content_type.rfind("application/conference-info+xml", 0) == 0;
}

class Watch {
 public:
  Watch(const ConfinfoWatchConfig& config, const EventSink& on_event, const XmlSink& on_xml)
      : config_(config),
        on_event_(on_event),
        on_xml_(on_xml),
        rng_(std::random_device{}()),
        endpoint_(io_, {[this](auto server, const auto& req, const auto& from) { on_request(server, req, from); },
                        [this](auto client, const auto& resp) { on_response(client, resp); },
                        [this](auto client) { on_failure(client); }, [this] { on_closed(); }}),
        timer_(io_,
               [this](base::TimePoint now) {
                 if (subscriber_) subscriber_->on_timer(now);
                 drain();
               }),
        signals_(io_, SIGINT, SIGTERM),
        shutdown_guard_(io_) {}

  WatchResult run() {
    focus_ = sip::Peer{config_.focus_host, config_.focus_port, config_.transport};
    signals_.async_wait([this](const boost::system::error_code& ec, int) { on_signal(ec); });
    if (config_.transport == sip::Transport::udp) {
      endpoint_.open_udp({boost::asio::ip::make_address(config_.local_host), config_.local_port});
      start_subscription();
    } else {
      endpoint_.connect_tcp({boost::asio::ip::make_address(config_.focus_host), config_.focus_port},
                            [this](boost::system::error_code ec) {
                              if (ec) {
                                finish({WatchOutcome::unreachable, 0, "cannot connect: " + ec.message()});
                                return;
                              }
                              start_subscription();
                            });
    }
    io_.run();
    return result_.value_or(WatchResult{WatchOutcome::unreachable, 0, "stopped"});
  }

 private:
  ordered_json event(std::string_view name) {
    ordered_json e;
    e["time"] = now_iso8601();
    e["event"] = name;
    e["conference"] = config_.conference_uri;
    return e;
  }

  void start_subscription() {
    const std::string host = config_.transport == sip::Transport::udp
                                 ? source_address_towards(config_.focus_host, config_.focus_port)
                                 : endpoint_.local_host();
    const auto port = endpoint_.local_port();
    const std::string transport_param = config_.transport == sip::Transport::tcp ? ";transport=tcp" : "";
    sip::SubscriberConfig sc;
    sc.resource_uri = config_.conference_uri;
    sc.from_uri = fmt::format("sip:confinfo-watch@{}", host);
    sc.contact_uri = fmt::format("sip:confinfo-watch@{}:{}{}", host, port, transport_param);
    sc.expires_s = config_.expires_s;
    sc.via_transport = config_.transport == sip::Transport::tcp ? "TCP" : "UDP";
    sc.via_host = host;
    sc.via_port = port;
    state_.reset();
    subscriber_.emplace(sc, rng_);
    subscriber_->start(base::Clock::now());
    drain();
  }

  void on_request(sip::TransactionId server, const sip::Message& request, const sip::Peer& from) {
    const auto& method = request.request_line()->method;
    if (method == "NOTIFY" && subscriber_ && subscriber_->matches(request)) {
      endpoint_.send_response(server, subscriber_->on_notify(request, base::Clock::now()));
      drain();
      return;
    }
    spdlog::info("{} from {} is not for this subscription", method, sip::to_string(from));
    auto response = sip::make_response(request, method == "NOTIFY" ? 481 : 405);
    if (method != "NOTIFY") response.add("Allow", "NOTIFY");
    endpoint_.send_response(server, std::move(response));
  }

  void on_response(sip::TransactionId client, const sip::Message& response) {
    if (!subscriber_ || client != pending_subscribe_) return;
    if (response.status_line()->code >= 200) pending_subscribe_.reset();
    subscriber_->on_response(response, base::Clock::now());
    drain();
  }

  void on_failure(sip::TransactionId client) {
    if (!subscriber_ || client != pending_subscribe_) return;
    pending_subscribe_.reset();
    subscriber_->on_request_failed(base::Clock::now());
    drain();
  }

  void on_closed() {
    if (result_) {
      shutdown_guard_.cancel();  // the last writes went out
      return;
    }
    finish({WatchOutcome::unreachable, 0, "the connection to the focus closed"});
  }

  void on_signal(const boost::system::error_code& ec) {
    if (ec) return;
    if (interrupted_ || !subscriber_) {
      finish({WatchOutcome::stopped, 0, "interrupted"});
      return;
    }
    interrupted_ = true;
    spdlog::info("unsubscribing");
    stop_reason_ = WatchResult{WatchOutcome::stopped, 0, "interrupted"};
    subscriber_->unsubscribe(base::Clock::now());
    drain();
    // Listen for a second signal only while something is left to wait for; a pending wait would
    // keep io_.run() from returning after finish().
    if (!result_) signals_.async_wait([this](const boost::system::error_code& e, int) { on_signal(e); });
  }

  void drain() {
    if (!subscriber_) return;
    for (auto actions = subscriber_->take_actions(); !actions.empty(); actions = subscriber_->take_actions()) {
      for (auto& a : actions) {
        if (auto* send = std::get_if<act::SendRequest>(&a)) {
          pending_subscribe_ = endpoint_.send_request(std::move(send->request), focus_);
        } else if (auto* est = std::get_if<act::Established>(&a)) {
          if (!announced_) {
            announced_ = true;
            auto e = event("subscribed");
            e["focus"] = sip::to_string(focus_);
            e["expires_s"] = est->expires_s;
            e["pending"] = est->pending;
            on_event_(e);
          }
        } else if (auto* n = std::get_if<act::Notified>(&a)) {
          on_notified(*n);
        } else if (auto* end = std::get_if<act::Ended>(&a)) {
          on_ended(*end);
        }
      }
    }
    if (!result_) timer_.arm(subscriber_->next_deadline());
  }

  void on_notified(const act::Notified& n) {
    if (n.body.empty()) return;  // a neutral NOTIFY, e.g. the final one after an unsubscribe
    if (!is_conference_info(n.content_type)) {
      spdlog::warn("ignoring a NOTIFY body of type '{}'", n.content_type);
      return;
    }
    auto doc = conference::parse(n.body);
    if (!doc) {
      spdlog::warn("malformed conference-info document: {}", doc.error().message());
      return;
    }
    const auto previous = state_.version();
    auto merged = state_.apply(*doc);
    switch (merged.outcome) {
      case conference::MergeOutcome::stale:
        spdlog::info("discarding version {} (have {})", doc->version.value_or(0), previous.value_or(0));
        return;
      case conference::MergeOutcome::unversioned:
        spdlog::warn("discarding a document without a version (RFC 4575 s4.3)");
        return;
      case conference::MergeOutcome::gap: {
        auto e = event("resubscribe");
        e["reason"] = "version_gap";
        if (previous) e["local_version"] = *previous;
        if (doc->version) e["received_version"] = *doc->version;
        on_event_(e);
        subscriber_->refresh(base::Clock::now());  // RFC 4575 s4.6: refresh to get full state
        return;
      }
      case conference::MergeOutcome::applied:
      case conference::MergeOutcome::ended: break;
    }
    for (const auto& change : merged.changes) {
      auto e = event(conference::to_string(change.kind));
      e["version"] = state_.version().value_or(doc->version.value_or(0));
      add_change(e, change);
      on_event_(e);
    }
    if (merged.outcome == conference::MergeOutcome::ended) {
      stop_reason_ = WatchResult{WatchOutcome::ended, 0, "conference ended"};
      subscriber_->unsubscribe(base::Clock::now());  // s4.6: SHOULD terminate the subscription
      return;
    }
    if (state_.state()) {
      if (config_.print_state) {
        auto e = event("state");
        e["version"] = *state_.version();
        e["state"] = to_json(*state_.state());
        on_event_(e);
      }
      if (config_.print_xml) {
        if (auto xml = conference::serialise(*state_.state())) on_xml_(*xml);
      }
      if (config_.once && !stop_reason_) {
        stop_reason_ = WatchResult{WatchOutcome::stopped, 0, "once"};
        subscriber_->unsubscribe(base::Clock::now());
      }
    }
  }

  void on_ended(const act::Ended& end) {
    WatchResult r;
    if (stop_reason_) {
      r = *stop_reason_;
    } else if (end.by_notifier) {
      // RFC 6665 s4.1.3: deactivated and timeout invite an immediate new subscription.
      if ((end.reason == "deactivated" || end.reason == "timeout") && resubscribes_ < 3) {
        ++resubscribes_;
        auto e = event("resubscribe");
        e["reason"] = end.reason;
        on_event_(e);
        announced_ = false;
        start_subscription();
        return;
      }
      r = end.reason == "noresource" ? WatchResult{WatchOutcome::ended, 0, end.reason}
          : end.reason == "rejected" ? WatchResult{WatchOutcome::refused, 0, end.reason}
                                     : WatchResult{WatchOutcome::ended, 0, end.reason};
    } else if (end.code == 408 || end.code == 503 || end.reason == "expired") {
      r = {WatchOutcome::unreachable, end.code, end.reason};
    } else if (end.code >= 300) {
      r = {WatchOutcome::refused, end.code, end.reason};
    } else {
      r = {WatchOutcome::stopped, 0, end.reason};
    }
    finish(r);
  }

  void finish(WatchResult r) {
    if (result_) return;
    auto e = event("ended");
    e["reason"] = r.reason;
    if (r.sip_code != 0) e["sip_code"] = r.sip_code;
    on_event_(e);
    result_ = std::move(r);
    timer_.cancel();
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    // Close after the current handler returns: the response to the NOTIFY that ended us may still
    // be queued in the endpoint. run() returns once the transport has flushed and closed; the
    // guard bounds that wait.
    boost::asio::post(io_, [this] {
      endpoint_.close();
      // UDP, or a TCP connection that never was: closed at once.
      if (config_.transport == sip::Transport::udp || !endpoint_.connected()) shutdown_guard_.cancel();
    });
    shutdown_guard_.expires_after(std::chrono::seconds(2));
    shutdown_guard_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) io_.stop();
    });
  }

  ConfinfoWatchConfig config_;
  const EventSink& on_event_;
  const XmlSink& on_xml_;
  boost::asio::io_context io_;
  std::mt19937_64 rng_;
  SipEndpoint endpoint_;
  net::DeadlineTimer timer_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_guard_;
  sip::Peer focus_;
  std::optional<sip::Subscriber> subscriber_;
  std::optional<sip::TransactionId> pending_subscribe_;
  conference::CoherentState state_;
  std::optional<WatchResult> stop_reason_, result_;
  bool announced_ = false, interrupted_ = false;
  int resubscribes_ = 0;
};

}  // namespace

WatchResult run_confinfo_watch(const ConfinfoWatchConfig& config, const EventSink& on_event, const XmlSink& on_xml) {
  Watch watch(config, on_event, on_xml);
  return watch.run();
}

}  // namespace disco::runtime
