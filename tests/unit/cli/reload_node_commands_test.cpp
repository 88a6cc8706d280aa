#include "libcommon/cli/reload_node_commands.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "libcommon/cli/completions.hpp"
#include "libcommon/cli/tool.hpp"
#include "libcommon/control/client.hpp"

namespace disco::cli::reload_node {
namespace {

using nlohmann::json;

// reload-node's option table without main(): parse a command line, keep the exit status of
// cli::run (2 for what CLI11 refuses) and what Commands::command() made of it.
struct Line {
  CLI::App app{"reload-node under test", "reload-node"};
  CommonOptions common;
  std::unique_ptr<Commands> commands;
  int status = -1;
  std::optional<base::result<Command, std::string>> command;

  explicit Line(std::vector<const char*> args) {
    add_common_options(app, common, "reload-node 0.0.0");  // first, as the tool does
    commands = std::make_unique<Commands>(app);
    args.insert(args.begin(), "reload-node");
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    status = cli::run(app, common, static_cast<int>(args.size()), args.data(), [this] {
      command = commands->command();
      return 0;
    });
    out = testing::internal::GetCapturedStdout();
    err = testing::internal::GetCapturedStderr();
  }
  [[nodiscard]] bool usage_error() const { return status == exit_usage && !command; }
  [[nodiscard]] std::string command_error() const {
    return command && !*command ? command->error() : std::string("(no command error)");
  }
  const ControlCommand& control() {
    EXPECT_EQ(status, 0) << err;
    EXPECT_TRUE(command && *command) << command_error();
    const auto* c = command && *command ? std::get_if<ControlCommand>(&**command) : nullptr;
    if (c == nullptr) throw std::runtime_error("not a control command");
    return *c;
  }
  std::string out, err;
};

TEST(ReloadNodeCommands, StoreBuildsTheStoreArgsOfTheControlProtocol) {
  Line l({"store", "--resource", "r", "--kind", "DISCO-NOTE", "--key", "k", "--value", "v"});
  const auto& c = l.control();
  EXPECT_EQ(c.op, control::Op::store);
  EXPECT_EQ(c.args, json({{"resource", "r"}, {"kind", "DISCO-NOTE"}, {"key_hex", "6b"}, {"value_hex", "76"}}));
  EXPECT_EQ(c.control_path, control::default_control_path());
  EXPECT_EQ(c.timeout, std::chrono::milliseconds(10000));
}

TEST(ReloadNodeCommands, StoreRemoveByResourceIdWithKindIdAndLifetime) {
  Line l({"store", "--resource-id", "ABCD", "--kind", "42", "--key-hex", "00ff", "--remove", "--lifetime", "60"});
  EXPECT_EQ(l.control().args,
            json({{"resource_id", "abcd"}, {"kind", 42}, {"key_hex", "00ff"}, {"exists", false}, {"lifetime_s", 60}}));
}

TEST(ReloadNodeCommands, StoreArrayIndexAndHexValue) {
  Line l({"store", "--resource", "r", "--kind", "CERTIFICATE_BY_NODE", "--index", "4294967295", "--value-hex", "0102"});
  EXPECT_EQ(l.control().args,
            json({{"resource", "r"}, {"kind", "CERTIFICATE_BY_NODE"}, {"index", 4294967295U}, {"value_hex", "0102"}}));
}

TEST(ReloadNodeCommands, StoreUsageErrors) {
  EXPECT_TRUE(Line({"store", "--resource", "r", "--key", "k", "--value", "v"}).usage_error());  // no --kind
  EXPECT_TRUE(Line({"store", "--resource", "r", "--kind", "K", "--value", "v", "--remove"}).usage_error());
  EXPECT_TRUE(
      Line({"store", "--resource", "r", "--kind", "K", "--key", "k", "--index", "1", "--value", "v"}).usage_error());
  EXPECT_TRUE(Line({"store", "--resource", "r", "--resource-id", "00", "--kind", "K", "--value", "v"}).usage_error());
  EXPECT_TRUE(Line({"store", "--resource", "r", "--kind", "K", "--index", "-1", "--value", "v"}).usage_error());
  EXPECT_TRUE(Line({"store", "--resource", "r", "--kind", "K", "--value", "v", "--lifetime", "0"}).usage_error());

  // What CLI11 cannot see: Commands::command() refuses it, naming the options.
  Line no_value({"store", "--resource", "r", "--kind", "K"});
  EXPECT_NE(no_value.command_error().find("--value"), std::string::npos) << no_value.command_error();
  Line no_resource({"store", "--kind", "K", "--value", "v"});
  EXPECT_NE(no_resource.command_error().find("--resource"), std::string::npos);
  Line bad_hex({"store", "--resource", "r", "--kind", "K", "--value-hex", "zz"});
  EXPECT_NE(bad_hex.command_error().find("--value-hex must be hex digits"), std::string::npos)
      << bad_hex.command_error();
  Line bad_id({"store", "--resource-id", "abc", "--kind", "K", "--value", "v"});
  EXPECT_NE(bad_id.command_error().find("--resource-id"), std::string::npos) << bad_id.command_error();
  Line bad_kind({"store", "--resource", "r", "--kind", "", "--value", "v"});
  EXPECT_NE(bad_kind.command_error().find("--kind"), std::string::npos) << bad_kind.command_error();
}

TEST(ReloadNodeCommands, FetchKeysIndicesAndRanges) {
  Line keys({"fetch", "--resource", "r", "--kind", "DISCO-NOTE", "--key", "a", "--key-hex", "00", "--key", "b"});
  EXPECT_EQ(keys.control().op, control::Op::fetch);
  EXPECT_EQ(keys.control().args,
            json({{"resource", "r"}, {"kind", "DISCO-NOTE"}, {"keys_hex", json::array({"61", "62", "00"})}}));

  Line indices({"stat", "--resource", "r", "--kind", "7", "--index", "1", "--range", "3-5", "--generation", "9"});
  EXPECT_EQ(indices.control().op, control::Op::stat);
  EXPECT_EQ(indices.control().args, json({{"resource", "r"},
                                          {"kind", 7},
                                          {"indices", json::array({json::array({1, 1}), json::array({3, 5})})},
                                          {"generation", 9}}));

  Line all({"fetch", "--resource", "r", "--kind", "SIP-REGISTRATION"});
  EXPECT_EQ(all.control().args, json({{"resource", "r"}, {"kind", "SIP-REGISTRATION"}}));
}

TEST(ReloadNodeCommands, FetchUsageErrors) {
  EXPECT_TRUE(Line({"fetch", "--resource", "r"}).usage_error());  // no --kind
  for (const char* range : {"5-3", "3", "a-b", "-3", "3-", "1-99999999999"}) {
    Line l({"fetch", "--resource", "r", "--kind", "K", "--range", range});
    EXPECT_TRUE(l.status == exit_usage || (l.command && !*l.command)) << range;
  }
  Line both({"fetch", "--resource", "r", "--kind", "K", "--key", "a", "--index", "1"});
  EXPECT_NE(both.command_error().find("not both"), std::string::npos) << both.command_error();
}

TEST(ReloadNodeCommands, FindTakesOneToSixtyThreeKinds) {
  Line l({"find", "--resource", "r", "--kind", "DISCO-NOTE", "--kind", "7"});
  EXPECT_EQ(l.control().args, json({{"resource", "r"}, {"kinds", json::array({"DISCO-NOTE", 7})}}));
  EXPECT_TRUE(Line({"find", "--resource", "r"}).usage_error());
  std::vector<const char*> many{"find", "--resource", "r"};
  for (int i = 0; i < 64; ++i) many.insert(many.end(), {"--kind", "1"});
  Line too_many(many);
  EXPECT_NE(too_many.command_error().find("1 to 63"), std::string::npos) << too_many.command_error();
}

TEST(ReloadNodeCommands, PingAndRouteDestinations) {
  const char* node_id = "00112233445566778899aabbccddeeff";
  Line ping({"ping", node_id});
  EXPECT_EQ(ping.control().op, control::Op::ping);
  EXPECT_EQ(ping.control().args, json({{"node_id", node_id}}));
  Line route({"route", "sip:alice@example.org", "--send-update"});
  EXPECT_EQ(route.control().op, control::Op::route);
  EXPECT_EQ(route.control().args, json({{"resource", "sip:alice@example.org"}, {"send_update", true}}));
  EXPECT_TRUE(Line({"ping"}).usage_error());
  EXPECT_TRUE(Line({"ping", "a", "b"}).usage_error());
}

TEST(ReloadNodeCommands, IntrospectionOpsSendNoArgs) {
  for (auto [name, op] : {std::pair{"status", control::Op::status}, std::pair{"fingers", control::Op::fingers},
                          std::pair{"successors", control::Op::successors}, std::pair{"stored", control::Op::stored},
                          std::pair{"leave", control::Op::leave}}) {
    Line l({name});
    EXPECT_EQ(l.control().op, op) << name;
    EXPECT_EQ(l.control().args, json::object()) << name;
  }
}

TEST(ReloadNodeCommands, WhereTheRequestGoes) {
  Line control({"status", "--control", "/run/x.sock", "--timeout", "0.5"});
  EXPECT_EQ(control.control().control_path, "/run/x.sock");
  EXPECT_EQ(control.control().timeout, std::chrono::milliseconds(500));
  Line home({"fingers", "--home", "/srv/ov", "--node", "2"});
  EXPECT_EQ(home.control().control_path, "/srv/ov/nodes/2/reload-node.sock");
  EXPECT_EQ(home_control_path("/srv/ov/", 3), "/srv/ov/nodes/3/reload-node.sock");

  EXPECT_TRUE(Line({"status", "--home", "/srv/ov"}).usage_error());  // --home needs --node
  EXPECT_TRUE(Line({"status", "--node", "1"}).usage_error());
  EXPECT_TRUE(Line({"status", "--control", "/x", "--home", "/h", "--node", "1"}).usage_error());
  EXPECT_TRUE(Line({"status", "--timeout", "0"}).usage_error());
  EXPECT_TRUE(Line({"status", "--timeout", "soon"}).usage_error());
}

TEST(ReloadNodeCommands, InitFillsHomeOptions) {
  Line l({"init", "--overlay", "ov.example", "--dir", "/tmp/ov", "--nodes", "3", "--key-type", "ec", "--base-port",
          "7000", "--bootstrap-count", "3", "--address", "::1", "--force"});
  ASSERT_TRUE(l.command && *l.command) << l.err << l.command_error();
  const auto* c = std::get_if<InitCommand>(&**l.command);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->home.overlay, "ov.example");
  EXPECT_EQ(c->home.dir, "/tmp/ov");
  EXPECT_EQ(c->home.nodes, 3U);
  EXPECT_EQ(c->home.key_type, security::KeyType::ec);
  EXPECT_EQ(c->home.base_port, 7000);
  EXPECT_EQ(c->home.bootstrap_count, 3U);
  EXPECT_EQ(c->home.address, "::1");
  EXPECT_TRUE(c->home.force);

  Line defaults({"init", "--overlay", "ov.example", "--dir", "d", "--nodes", "1"});
  ASSERT_TRUE(defaults.command && *defaults.command);
  const auto& d = std::get<InitCommand>(**defaults.command).home;
  EXPECT_EQ(d.key_type, security::KeyType::rsa);
  EXPECT_EQ(d.base_port, overlay::default_port);
  EXPECT_FALSE(d.bootstrap_count);
  EXPECT_FALSE(d.force);
}

TEST(ReloadNodeCommands, InitUsageErrors) {
  EXPECT_TRUE(Line({"init", "--dir", "d", "--nodes", "3"}).usage_error());  // no --overlay
  EXPECT_TRUE(Line({"init", "--overlay", "o", "--dir", "d", "--nodes", "0"}).usage_error());
  EXPECT_TRUE(Line({"init", "--overlay", "o", "--dir", "d", "--nodes", "1001"}).usage_error());
  EXPECT_TRUE(Line({"init", "--overlay", "o", "--dir", "d", "--nodes", "2", "--key-type", "dsa"}).usage_error());
  EXPECT_TRUE(Line({"init", "--overlay", "o", "--dir", "d", "--nodes", "2", "--base-port", "0"}).usage_error());
  Line too_many_bootstrap({"init", "--overlay", "o", "--dir", "d", "--nodes", "2", "--bootstrap-count", "3"});
  EXPECT_NE(too_many_bootstrap.command_error().find("--bootstrap-count"), std::string::npos);
  Line ports({"init", "--overlay", "o", "--dir", "d", "--nodes", "2", "--base-port", "65535"});
  EXPECT_NE(ports.command_error().find("65536"), std::string::npos);
}

TEST(ReloadNodeCommands, RunFillsReloadNodeOptions) {
  Line l({"run", "--home", "/h", "--node", "2", "--control", "/c.sock", "--state-dir", "/s", "--tls-keylog", "/k",
          "--listen", "127.0.0.1:7001", "--first"});
  ASSERT_TRUE(l.command && *l.command) << l.err << l.command_error();
  const auto& o = std::get<RunCommand>(**l.command).options;
  EXPECT_EQ(o.home, "/h");
  EXPECT_EQ(o.node, 2U);
  EXPECT_FALSE(o.node_dir);
  EXPECT_EQ(o.control, "/c.sock");
  EXPECT_EQ(o.state_dir, "/s");
  EXPECT_EQ(o.tls_keylog, "/k");
  EXPECT_EQ(o.listen, "127.0.0.1:7001");
  EXPECT_TRUE(o.first);

  Line dir({"run", "--node-dir", "/h/nodes/1"});
  ASSERT_TRUE(dir.command && *dir.command);
  const auto& d = std::get<RunCommand>(**dir.command).options;
  EXPECT_EQ(d.node_dir, "/h/nodes/1");
  EXPECT_EQ(d.node, 0U);
  EXPECT_FALSE(d.control);
  EXPECT_FALSE(d.first);

  EXPECT_NE(Line({"run"}).command_error().find("--node-dir"), std::string::npos);
  EXPECT_TRUE(Line({"run", "--node-dir", "/d", "--home", "/h", "--node", "1"}).usage_error());
  EXPECT_TRUE(Line({"run", "--home", "/h"}).usage_error());
}

TEST(ReloadNodeCommands, SubcommandIsRequiredAndCommonOptionsFollowIt) {
  EXPECT_NE(Line(std::vector<const char*>{}).command_error().find("give a subcommand"), std::string::npos);
  Line unknown({"frobnicate"});
  EXPECT_TRUE(unknown.usage_error());
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos) << unknown.err;
  EXPECT_TRUE(Line({"status", "fingers"}).usage_error());
  EXPECT_TRUE(Line({"status", "--no-such-option"}).usage_error());
  Line json_after({"status", "--json"});
  EXPECT_EQ(json_after.status, 0);
  EXPECT_TRUE(json_after.common.json());
  Line text_before({"--text", "status"});
  EXPECT_FALSE(text_before.common.json());
  Line help({"--help"});
  EXPECT_EQ(help.status, 0);
  for (const char* sub : {"init", "run", "status", "fingers", "successors", "ping", "route", "store", "fetch", "stat",
                          "find", "stored", "leave"}) {
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
    Line sub_help({sub, "--help"});
    EXPECT_EQ(sub_help.status, 0) << sub;
  }
}

TEST(ReloadNodeCommands, GenerateNeedsNoSubcommand) {
  Line l({"--generate", "options"});
  EXPECT_EQ(l.status, 0) << l.err;
  EXPECT_NE(l.out.find("subcommand store\n"), std::string::npos);
  EXPECT_NE(l.out.find("--value-hex\n"), std::string::npos);
  Line bash({"--generate", "bash"});
  EXPECT_EQ(bash.status, 0) << bash.err;
}

TEST(ReloadNodeCompletions, SubcommandsAndTheirOptionsComplete) {
  CLI::App app{"reload-node under test", "reload-node"};
  CommonOptions common;
  add_common_options(app, common, "reload-node 0.0.0");
  Commands commands(app);
  const auto bash = bash_completion(app);
  EXPECT_NE(bash.find("subcommands=\"init run status"), std::string::npos) << bash;
  const auto store = bash.find("      store) opts=\"");
  ASSERT_NE(store, std::string::npos) << bash;
  const auto store_line = bash.substr(store, bash.find('\n', store) - store);
  for (const char* word : {"--resource ", "--kind ", "--value-hex ", "--remove ", "--control ", "--json "}) {
    EXPECT_NE(store_line.find(word), std::string::npos) << word << " in " << store_line;
  }
  EXPECT_EQ(store_line.find("--range"), std::string::npos);  // fetch's, not store's
  EXPECT_NE(bash.find("--kind|"), std::string::npos);        // a value follows: file names, not options
  const auto zsh = zsh_completion(app);
  EXPECT_NE(zsh.find("'store:Store one value under a resource'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("      fetch)\n        _arguments \\\n"), std::string::npos) << zsh;
  const auto fish = fish_completion(app);
  EXPECT_NE(fish.find("-n '__fish_seen_subcommand_from find' -l kind -r"), std::string::npos) << fish;
}

}  // namespace
}  // namespace disco::cli::reload_node
