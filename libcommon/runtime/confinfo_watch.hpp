#pragma once
// Composition root of confinfo-watch: a SipEndpoint, an RFC 6665 Subscriber for the "conference"
// package and an RFC 4575 CoherentState, wired to one io_context, signals and a printer. Each
// notification becomes one event object per change (the model both renderers print from).

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "libcommon/sip/transaction/peer.hpp"

namespace disco::runtime {

struct ConfinfoWatchConfig {
  std::string conference_uri;
  std::string focus_host;  // an IP address (the tool resolves names first)
  std::uint16_t focus_port = 5060;
  sip::Transport transport = sip::Transport::udp;
  std::uint32_t expires_s = 600;
  bool once = false;                   // stop after the first full state
  bool print_state = false;            // an event with the merged state after each notification
  bool print_xml = false;              // the merged document after each notification
  std::string local_host = "0.0.0.0";  // UDP bind address; the Via/Contact use the address the focus sees
  std::uint16_t local_port = 0;
};

enum class WatchOutcome {
  ended,        // the conference ended (state deleted, or terminated;reason=noresource)
  stopped,      // we unsubscribed: a signal, or --once after the first full state
  refused,      // the focus refused the subscription (sip_code), or terminated it with reason=rejected
  unreachable,  // no answer, connection failure, or the subscription expired without a refresh
};

struct WatchResult {
  WatchOutcome outcome = WatchOutcome::stopped;
  int sip_code = 0;
  std::string reason;
};

using EventSink = std::function<void(const nlohmann::ordered_json& event)>;
using XmlSink = std::function<void(const std::string& document)>;

// Runs until the subscription ends; SIGINT/SIGTERM unsubscribe (a second signal stops at once).
WatchResult run_confinfo_watch(const ConfinfoWatchConfig& config, const EventSink& on_event, const XmlSink& on_xml);

}  // namespace disco::runtime
