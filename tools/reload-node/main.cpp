// reload-node: make an overlay home, run a RELOAD peer, or ask a running one (man/reload-node.1).
#include <iostream>
#include <variant>

#include "libcommon/cli/home_summary.hpp"
#include "libcommon/cli/reload_node_commands.hpp"
#include "libcommon/cli/reload_node_text.hpp"
#include "libcommon/cli/render.hpp"
#include "libcommon/cli/tool.hpp"
#include "libcommon/control/client.hpp"
#include "libcommon/runtime/reload_node.hpp"

namespace {

using namespace disco;
using nlohmann::ordered_json;
namespace rn = cli::reload_node;

int fail(const std::string& message, int code) {
  std::cerr << "reload-node: " << message << '\n';
  return code;
}

int init(const rn::InitCommand& c, bool json) {
  auto summary = overlay::init_overlay_home(c.home);
  if (!summary) return fail(summary.error(), cli::exit_malformed);
  const auto model = cli::home_summary_json(*summary);
  std::cout << (json ? cli::render_json(model) + "\n" : rn::init_text(model));
  return cli::exit_success;
}

int request(const rn::ControlCommand& c, bool json) {
  auto client = control::ControlClient::connect(c.control_path, c.timeout);
  if (!client) return fail(client.error().message, control::exit_code_for(client.error().code));
  auto answer = client->call(c.op, c.args, c.timeout);
  if (!answer) return fail(answer.error().message, control::exit_code_for(answer.error().code));
  // The client's json keeps no member order; the text renderers choose their own.
  const auto model = ordered_json::parse(answer->dump());
  std::cout << (json ? cli::render_json(model) + "\n" : rn::answer_text(c.op, model));
  return cli::exit_success;
}

int reload_node(int argc, char** argv) {
  CLI::App app{"A RELOAD (RFC 6940) peer: make an overlay home, run a node, or ask a running node", "reload-node"};
  cli::CommonOptions common;
  cli::add_common_options(app, common, "reload-node " DISCO_VERSION);
  rn::Commands commands(app);

  return cli::run(app, common, argc, argv, [&]() -> int {
    cli::init_logging("reload-node", common);
    auto command = commands.command();
    if (!command) return fail(command.error(), cli::exit_usage);
    const bool json = common.json();
    if (const auto* c = std::get_if<rn::InitCommand>(&*command)) return init(*c, json);
    if (const auto* c = std::get_if<rn::RunCommand>(&*command)) return runtime::run_reload_node(c->options);
    return request(std::get<rn::ControlCommand>(*command), json);
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return reload_node(argc, argv);
  } catch (const std::exception& e) {  // building the option table, before cli::run can catch
    std::cerr << "reload-node: internal error: " << e.what() << '\n';
    return disco::cli::exit_internal;
  }
}
