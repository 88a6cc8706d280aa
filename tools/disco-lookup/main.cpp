// disco-lookup: the foci registered for a conference URI, authorised by its ACL, nearest first
// (man/disco-lookup.1).
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "libcommon/cli/disco_ops.hpp"
#include "libcommon/cli/reload_node_commands.hpp"
#include "libcommon/cli/render.hpp"
#include "libcommon/cli/tool.hpp"
#include "libcommon/control/client.hpp"

namespace {

using namespace disco;
namespace ops = cli::disco_ops;

int fail(const std::string& message, int code) {
  std::cerr << "disco-lookup: " << message << '\n';
  return code;
}

base::result<coord::Coordinate, std::string> read_coords(const std::string& arg) {
  std::string text = arg;
  if (arg == "-") {
    std::string line, last;
    std::size_t total = 0;
    while (std::getline(std::cin, line)) {
      total += line.size();
      if (total > std::size_t{64} * 1024) return base::failure{std::string("more than 64 KiB on stdin")};
      if (!line.empty()) last = line;
    }
    text = last;
  }
  auto c = coord::parse_coordinate_text(text);
  if (!c) return base::failure{c.error().message};
  return *c;
}

int disco_lookup(int argc, char** argv) {
  CLI::App app{"List the foci of a conference URI that its ACL authorises, nearest first (DisCo)", "disco-lookup"};
  cli::CommonOptions common;
  cli::add_common_options(app, common, "disco-lookup " DISCO_VERSION);
  std::string conference, control_path, home, coords;
  unsigned node = 0;
  unsigned timeout_ms = 10000;
  bool nearest = false;
  app.add_option("CONFERENCE-URI", conference, "The conference URI, e.g. sip:team-conf-node-1@overlay")->required();
  app.add_option("--control", control_path, "The local reload-node's control socket");
  app.add_option("--home", home, "Overlay home (with --node: HOME/nodes/I/reload-node.sock)");
  app.add_option("--node", node, "Node number in --home")->check(CLI::Range(1u, 1000u));
  app.add_option("--coords", coords, "The caller's coordinates as JSON, or - to read coord-probe's JSON from stdin");
  app.add_flag("--nearest", nearest, "Print only the nearest focus");
  app.add_option("--timeout", timeout_ms, "Per-request timeout in milliseconds")->check(CLI::Range(1u, 600000u));

  return cli::run(app, common, argc, argv, [&]() -> int {
    cli::init_logging("disco-lookup", common);
    if (!home.empty() && node == 0) return fail("--home needs --node", cli::exit_usage);
    if (!home.empty() && !control_path.empty()) return fail("give --control or --home, not both", cli::exit_usage);
    if (!home.empty()) control_path = cli::reload_node::home_control_path(home, node);
    if (control_path.empty()) control_path = control::default_control_path();
    std::optional<coord::Coordinate> me;
    if (!coords.empty()) {
      auto c = read_coords(coords);
      if (!c) return fail("--coords: " + c.error(), cli::exit_malformed);
      me = *c;
    }
    auto session = ops::open_session(control_path, std::chrono::milliseconds(timeout_ms));
    if (!session) return fail(session.error().message, control::exit_code_for(session.error().code));
    auto found = ops::lookup(*session, conference, me);
    if (!found) return fail(found.error().message, control::exit_code_for(found.error().code));
    for (const auto& r : found->rejected) spdlog::info("dropped entry {}: {}", r.key_hex, r.why);
    auto foci = std::move(found->foci);
    if (foci.empty()) return fail("no authorised focus registered for " + conference, cli::exit_negative);
    if (nearest) foci.resize(1);
    if (common.json()) {
      for (const auto& f : foci) std::cout << cli::render_json(ops::focus_json(f)) << '\n';
    } else {
      std::cout << ops::lookup_text(foci);
    }
    return cli::exit_success;
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return disco_lookup(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "disco-lookup: internal error: " << e.what() << '\n';
    return disco::cli::exit_internal;
  }
}
