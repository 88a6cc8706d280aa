// confinfo-watch: subscribe to a conference's RFC 4575 event package and print each change.
#include <iostream>

#include "libcommon/cli/render.hpp"
#include "libcommon/cli/tool.hpp"
#include "libcommon/runtime/confinfo_watch.hpp"
#include "libcommon/runtime/resolve.hpp"
#include "libcommon/sip/msg/uri.hpp"

namespace {

using namespace disco;

int exit_code(const runtime::WatchResult& r) {
  switch (r.outcome) {
    case runtime::WatchOutcome::ended:
    case runtime::WatchOutcome::stopped: return cli::exit_success;
    case runtime::WatchOutcome::refused:
      return (r.sip_code == 401 || r.sip_code == 403 || r.sip_code == 407) ? cli::exit_permission : cli::exit_negative;
    case runtime::WatchOutcome::unreachable: return cli::exit_unreachable;
  }
  return cli::exit_internal;
}

int confinfo_watch(int argc, char** argv) {
  CLI::App app{"Subscribe to a conference's event package (RFC 4575) and print every change", "confinfo-watch"};
  cli::CommonOptions common;
  cli::add_common_options(app, common, "confinfo-watch " DISCO_VERSION);
  runtime::ConfinfoWatchConfig config;
  std::string focus, transport = "udp";
  app.add_option("CONFERENCE-URI", config.conference_uri, "The conference URI (sip: or sips:)")->required();
  app.add_option("--focus", focus, "HOST[:PORT] to send the SUBSCRIBE to (default: the URI's host and port)");
  app.add_option("--transport", transport, "udp or tcp")->check(CLI::IsMember({"udp", "tcp"}));
  app.add_option("--expires", config.expires_s, "Requested subscription duration in seconds")
      ->check(CLI::Range(1u, 86400u));
  app.add_option("--local", config.local_host, "Local address to bind (UDP)");
  app.add_option("--local-port", config.local_port, "Local port to bind (UDP; 0 picks one)");
  app.add_flag("--once", config.once, "Unsubscribe and exit after the first full state");
  app.add_flag("--state", config.print_state, "Print the merged state after each notification");
  app.add_flag("--xml", config.print_xml, "Print the merged conference-info document after each notification");

  return cli::run(app, common, argc, argv, [&]() -> int {
    cli::init_logging("confinfo-watch", common);
    auto uri = sip::parse_uri(config.conference_uri);
    if (!uri || !uri->is_sip()) {
      std::cerr << "confinfo-watch: not a SIP URI: " << config.conference_uri << '\n';
      return cli::exit_usage;
    }
    std::string host = uri->host;
    std::uint16_t port = uri->port.value_or(5060);
    if (!focus.empty()) {
      auto parsed = sip::parse_uri("sip:" + focus);
      if (!parsed) {
        std::cerr << "confinfo-watch: --focus wants HOST[:PORT], got " << focus << '\n';
        return cli::exit_usage;
      }
      host = parsed->host;
      port = parsed->port.value_or(5060);
    }
    auto address = runtime::resolve_host(host);
    if (!address) {
      std::cerr << "confinfo-watch: cannot resolve " << host << '\n';
      return cli::exit_unreachable;
    }
    config.focus_host = *address;
    config.focus_port = port;
    config.transport = transport == "tcp" ? sip::Transport::tcp : sip::Transport::udp;
    const bool json = common.json();
    auto result = runtime::run_confinfo_watch(
        config,
        [json](const nlohmann::ordered_json& e) {
          std::cout << (json ? cli::render_json(e) : cli::render_text(e)) << std::endl;  // flush per event
        },
        [](const std::string& xml) { std::cout << xml << std::endl; });
    return exit_code(result);
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return confinfo_watch(argc, argv);
  } catch (const std::exception& e) {  // building the option table, before cli::run can catch
    std::cerr << "confinfo-watch: internal error: " << e.what() << '\n';
    return disco::cli::exit_internal;
  }
}
