// disco-register: register this node as a focus of a conference in the overlay, refresh or withdraw
// it, grant or revoke other foci (man/disco-register.1).
#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <iterator>

#include "libcommon/cli/disco_ops.hpp"
#include "libcommon/cli/reload_node_commands.hpp"
#include "libcommon/cli/render.hpp"
#include "libcommon/cli/tool.hpp"
#include "libcommon/control/client.hpp"

namespace {

using namespace disco;
namespace ops = cli::disco_ops;
using nlohmann::ordered_json;

int fail(const std::string& message, int code) {
  std::cerr << "disco-register: " << message << '\n';
  return code;
}

int fail(const control::ControlError& e) { return fail(e.message, control::exit_code_for(e.code)); }

void print(const nlohmann::json& answer, bool json, const std::string& text) {
  if (json) {
    std::cout << cli::render_json(ordered_json::parse(answer.dump())) << '\n';
  } else {
    std::cout << text << '\n';
  }
  std::cout.flush();
}

// `--coords -`: one coordinate JSON text from stdin (coord-probe's output; its last line counts).
base::result<coord::Coordinate, std::string> read_coords(const std::string& arg) {
  std::string text = arg;
  if (arg == "-") {
    constexpr std::size_t max_input = std::size_t{64} * 1024;
    std::string all;
    char buf[4096];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      all.append(buf, static_cast<std::size_t>(std::cin.gcount()));
      if (all.size() > max_input) return base::failure{std::string("more than 64 KiB on stdin")};
    }
    while (!all.empty() && (all.back() == '\n' || all.back() == '\r' || all.back() == ' ')) all.pop_back();
    const auto nl = all.rfind('\n');
    text = nl == std::string::npos ? all : all.substr(nl + 1);
  }
  auto c = coord::parse_coordinate_text(text);
  if (!c) return base::failure{c.error().message};
  return *c;
}

// --keep: refresh at 2/3 of the lifetime; SIGINT/SIGTERM withdraw and end (exit 0).
int keep(ops::Session& s, const ops::RegisterRequest& r, bool json) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  const auto interval_s = std::max<std::uint32_t>(1, r.lifetime_s * 2 / 3);
  for (;;) {
    auto done = ops::register_focus(s, r);
    if (!done) return fail(done.error());
    print(
        *done, json,
        fmt::format("registered {} as a focus of {} (lifetime {} s)", s.node_id.to_hex(), r.conference, r.lifetime_s));
    timespec wait{static_cast<time_t>(interval_s), 0};
    const int sig = sigtimedwait(&set, nullptr, &wait);
    if (sig == SIGINT || sig == SIGTERM) {
      auto w = ops::withdraw(s, r.conference, r.lifetime_s);
      if (!w) return fail(w.error());
      print(*w, json, fmt::format("withdrew {} from {}", s.node_id.to_hex(), r.conference));
      return cli::exit_success;
    }
  }
}

int disco_register(int argc, char** argv) {
  CLI::App app{"Register this node as a focus of a conference URI in the overlay (DisCo), or manage who may",
               "disco-register"};
  cli::CommonOptions common;
  cli::add_common_options(app, common, "disco-register " DISCO_VERSION);
  ops::RegisterRequest r;
  std::string control_path, home, coords, grant_user, revoke_user;
  unsigned node = 0;
  unsigned timeout_ms = 10000;
  bool withdraw = false, delegate = false, keep_running = false, no_root = false;
  app.add_option("CONFERENCE-URI", r.conference, "The conference URI, e.g. sip:team-conf-node-1@overlay")->required();
  app.add_option("--control", control_path, "The local reload-node's control socket");
  app.add_option("--home", home, "Overlay home (with --node: HOME/nodes/I/reload-node.sock)");
  app.add_option("--node", node, "Node number in --home")->check(CLI::Range(1u, 1000u));
  app.add_option("--contact", r.contact, "The focus's SIP contact URI (default: this node's Node-ID)");
  app.add_option("--coords", coords, "Network coordinates as JSON, or - to read coord-probe's JSON from stdin");
  app.add_option("--lifetime", r.lifetime_s, "Registration lifetime in seconds")->check(CLI::Range(1u, 86400u));
  app.add_option("--acl-lifetime", r.acl_lifetime_s, "Lifetime of ACL items stored, in seconds")
      ->check(CLI::Range(1u, 31536000u));
  app.add_flag("--no-root", no_root, "Do not create the ACL root item even when this node owns the name");
  app.add_flag("--withdraw", withdraw, "Remove this node's registration");
  app.add_option("--grant", grant_user, "Allow USER (user name, e.g. node-3@overlay) to register as a focus");
  app.add_flag("--delegate", delegate, "With --grant: USER may grant further foci");
  app.add_option("--revoke", revoke_user, "Revoke USER and every focus USER granted");
  app.add_flag("--keep", keep_running, "Stay running, refresh before the lifetime ends, withdraw on SIGINT/SIGTERM");
  app.add_option("--timeout", timeout_ms, "Per-request timeout in milliseconds")->check(CLI::Range(1u, 600000u));

  return cli::run(app, common, argc, argv, [&]() -> int {
    cli::init_logging("disco-register", common);
    const int actions = (withdraw ? 1 : 0) + (grant_user.empty() ? 0 : 1) + (revoke_user.empty() ? 0 : 1);
    if (actions > 1) return fail("--withdraw, --grant and --revoke exclude each other", cli::exit_usage);
    if (delegate && grant_user.empty()) return fail("--delegate goes with --grant", cli::exit_usage);
    if (keep_running && actions > 0) return fail("--keep goes with registering only", cli::exit_usage);
    if (!home.empty() && node == 0) return fail("--home needs --node", cli::exit_usage);
    if (!home.empty() && !control_path.empty()) return fail("give --control or --home, not both", cli::exit_usage);
    if (!home.empty()) control_path = cli::reload_node::home_control_path(home, node);
    if (control_path.empty()) control_path = control::default_control_path();
    r.create_root = !no_root;
    if (!coords.empty()) {
      auto c = read_coords(coords);
      if (!c) return fail("--coords: " + c.error(), cli::exit_malformed);
      r.coords = *c;
    }
    const bool json = common.json();
    auto session = ops::open_session(control_path, std::chrono::milliseconds(timeout_ms));
    if (!session) return fail(session.error());
    if (withdraw) {
      auto w = ops::withdraw(*session, r.conference, r.lifetime_s);
      if (!w) return fail(w.error());
      print(*w, json, fmt::format("withdrew {} from {}", session->node_id.to_hex(), r.conference));
      return cli::exit_success;
    }
    if (!grant_user.empty()) {
      auto g = ops::grant(*session, r.conference, grant_user, delegate, r.acl_lifetime_s);
      if (!g) return fail(g.error());
      print(*g, json, fmt::format("granted {} on {}{}", grant_user, r.conference, delegate ? " (may delegate)" : ""));
      return cli::exit_success;
    }
    if (!revoke_user.empty()) {
      auto v = ops::revoke(*session, r.conference, revoke_user, r.acl_lifetime_s);
      if (!v) return fail(v.error());
      print(*v, json, fmt::format("revoked {} on {}", revoke_user, r.conference));
      return cli::exit_success;
    }
    if (keep_running) return keep(*session, r, json);
    auto done = ops::register_focus(*session, r);
    if (!done) return fail(done.error());
    print(*done, json,
          fmt::format("registered {} as a focus of {} (lifetime {} s)", session->node_id.to_hex(), r.conference,
                      r.lifetime_s));
    return cli::exit_success;
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return disco_register(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "disco-register: internal error: " << e.what() << '\n';
    return disco::cli::exit_internal;
  }
}
