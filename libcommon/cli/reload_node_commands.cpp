#include "libcommon/cli/reload_node_commands.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "libcommon/control/args.hpp"
#include "libcommon/control/client.hpp"
#include "libcommon/security/private_key.hpp"

namespace disco::cli::reload_node {

namespace {

using control::Op;
using nlohmann::json;

constexpr unsigned max_home_nodes = 1000;  // overlay/home's limit, checked here too for exit status 2

// The node's parsers name JSON members ('key_hex'); the user typed options (--key-hex). Rewrites the
// member names in a parser's message, longest first so 'key_hex' is not caught by 'key'.
std::string in_option_terms(std::string message) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> names{{
      {"'resource_id'", "--resource-id"},
      {"'resource'", "--resource"},
      {"'key_hex'", "--key-hex"},
      {"'keys_hex'", "--key-hex"},
      {"'keys'", "--key"},
      {"'key'", "--key"},
      {"'value_hex'", "--value-hex"},
      {"'value'", "--value"},
      {"'lifetime_s'", "--lifetime"},
      {"'indices'", "--index/--range"},
      {"'index'", "--index"},
      {"'kinds'", "--kind"},
      {"'kind'", "--kind"},
      {"'generation'", "--generation"},
      {"'destination'", "DEST"},
  }};
  for (const auto& [member, option] : names) {
    for (auto at = message.find(member); at != std::string::npos; at = message.find(member, at + option.size())) {
      message.replace(at, member.size(), option);
    }
  }
  return message;
}

// "FIRST-LAST", both decimal uint32.
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_range(const std::string& text) {
  const auto dash = text.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == text.size()) return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<std::uint32_t> {
    std::uint32_t v = 0;
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc{} || p != end) return std::nullopt;
    return v;
  };
  const std::string_view s(text);
  auto first = number(s.substr(0, dash));
  auto last = number(s.substr(dash + 1));
  if (!first || !last) return std::nullopt;
  return std::pair{*first, *last};
}

template <typename T>
base::result<json, std::string> checked(base::result<T, control::ControlError> parsed) {
  if (!parsed) return base::failure{in_option_terms(parsed.error().message)};
  return control::to_args(*parsed);
}

}  // namespace

std::string home_control_path(const std::string& home, unsigned node) {
  std::string path = home;
  if (!path.empty() && path.back() != '/') path += '/';
  return path + "nodes/" + std::to_string(node) + "/reload-node.sock";
}

Commands::Commands(CLI::App& app) {
  // At most one; none is refused by command(), so that an unknown word is reported by name ("The
  // following argument was not expected: frobnicate") rather than as a missing subcommand.
  app.require_subcommand(0, 1);
  app.fallthrough();  // the common options (--json, -v, ...) may follow the subcommand

  // init
  init_ = app.add_subcommand("init", "Make an overlay home: a CA, the configuration and N node identities");
  init_->add_option("--overlay", home_.overlay, "The overlay's name (instance-name), a DNS name")->required();
  init_->add_option("--dir", home_dir_, "The directory of the overlay home")->required();
  init_->add_option("--nodes", home_.nodes, "How many node identities to make (1..1000)")
      ->required()
      ->check(CLI::Range(1U, max_home_nodes));
  init_->add_option("--address", home_.address, "The IP address every node listens on (default 127.0.0.1)");
  init_->add_option("--base-port", home_.base_port, "Node I listens on BASE-PORT + I - 1 (default 6084)")
      ->check(CLI::Range(1, 65535));
  init_->add_option("--bootstrap-count", bootstrap_count_, "Nodes 1..B are bootstrap nodes (default min(N, 2))")
      ->check(CLI::Range(1U, max_home_nodes));
  init_->add_option("--key-type", key_type_, "rsa (RSA-2048, the default) or ec (P-256, faster)")
      ->check(CLI::IsMember({"rsa", "ec"}));
  init_->add_flag("--force", home_.force, "Replace an existing overlay home in DIR");

  // run
  run_ = app.add_subcommand("run", "Run one RELOAD peer of an overlay home until SIGINT, SIGTERM or leave");
  auto* home = run_->add_option("--home", run_home_, "The overlay home (reload-node init --dir)");
  auto* node = run_->add_option("--node", run_node_, "The node identity to run: DIR/nodes/I")
                   ->check(CLI::Range(1U, max_home_nodes));
  auto* node_dir = run_->add_option("--node-dir", run_node_dir_, "The node identity's own directory instead");
  home->needs(node);
  node->needs(home);
  node_dir->excludes(home)->excludes(node);
  run_->add_option("--control", run_control_, "The control socket to listen on (default: see FILES)");
  run_->add_option("--state-dir", run_state_dir_, "Keep the stored data in this directory across restarts");
  run_->add_option("--tls-keylog", run_keylog_, "Append TLS secrets to this file (SSLKEYLOGFILE format)");
  run_->add_option("--listen", run_listen_, "HOST:PORT to listen on instead of the identity's node.json");
  run_->add_flag("--first", run_options_.first, "Start the overlay alone when no bootstrap node answers");

  // The operator subcommands, one control request each.
  add_operator(app, Op::status, "Show the local node: Node-ID, state, neighbours, counters");
  add_operator(app, Op::fingers, "Show the local node's finger table");
  add_operator(app, Op::successors, "Show the local node's successors and predecessors");
  for (auto op : {Op::ping, Op::route}) {
    auto& o = add_operator(app, op,
                           op == Op::ping ? "Ping a node or the node responsible for a resource"
                                          : "Ask the overlay for the next hop towards a node or resource");
    o.app->add_option("DEST", destination_, "A Node-ID (32..40 hex digits) or a resource name")->required();
    if (op == Op::route) {
      o.app->add_flag("--send-update", send_update_, "Ask the next peer to send an Update (RouteQuery send_update)");
    }
  }

  auto& store = add_operator(app, Op::store, "Store one value under a resource");
  add_resource_options(*store.app, resource_);
  store.app->add_option("--kind", kind_, "A kind name from the configuration or a Kind-ID")->required();
  auto* key = store.app->add_option("--key", key_, "The dictionary key, as text");
  auto* key_hex = store.app->add_option("--key-hex", key_hex_, "The dictionary key, in hex");
  auto* index = store.app->add_option("--index", index_, "The array index (4294967295 appends)");
  key->excludes(key_hex)->excludes(index);
  key_hex->excludes(index);
  auto* value = store.app->add_option("--value", value_, "The value, as text");
  auto* value_hex = store.app->add_option("--value-hex", value_hex_, "The value, in hex");
  auto* remove = store.app->add_flag("--remove", remove_, "Store a deletion (exists = false) instead of a value");
  value->excludes(value_hex)->excludes(remove);
  value_hex->excludes(remove);
  store.app->add_option("--lifetime", lifetime_s_, "Lifetime in seconds (default: the node's)")
      ->check(CLI::Range(1U, std::numeric_limits<std::uint32_t>::max()));

  for (auto op : {Op::fetch, Op::stat}) {
    auto& o = add_operator(app, op,
                           op == Op::fetch ? "Fetch the values of one kind under a resource"
                                           : "Fetch the metadata (length, hash) of values instead of the values");
    add_resource_options(*o.app, resource_);
    o.app->add_option("--kind", kind_, "A kind name from the configuration or a Kind-ID")->required();
    o.app->add_option("--key", keys_, "A dictionary key, as text (repeatable)");
    o.app->add_option("--key-hex", keys_hex_, "A dictionary key, in hex (repeatable)");
    o.app->add_option("--index", indices_, "An array index (repeatable)");
    o.app->add_option("--range", ranges_, "An array range FIRST-LAST, both included (repeatable)");
    o.app->add_option("--generation", generation_, "Return values only if the kind's generation differs");
  }

  auto& find = add_operator(app, Op::find, "Find the closest resource holding each kind");
  add_resource_options(*find.app, resource_);
  find.app->add_option("--kind", kinds_, "A kind name or Kind-ID (repeatable, up to 63)")->required();

  add_operator(app, Op::stored, "List what the local node stores");
  add_operator(app, Op::leave, "Make the local node leave the overlay and exit");
}

Commands::Operator& Commands::add_operator(CLI::App& app, Op op, const std::string& description) {
  auto o = std::make_unique<Operator>();
  o->op = op;
  o->app = app.add_subcommand(std::string(control::to_string(op)), description);
  auto* control = o->app->add_option("--control", o->target.control, "The node's control socket (default: see FILES)");
  auto* home = o->app->add_option("--home", o->target.home, "With --node: the socket DIR/nodes/I/reload-node.sock");
  auto* node = o->app->add_option("--node", o->target.node, "With --home: the node whose socket to use")
                   ->check(CLI::Range(1U, max_home_nodes));
  home->needs(node);
  node->needs(home);
  control->excludes(home)->excludes(node);
  o->app->add_option("--timeout", o->target.timeout_s, "Seconds to wait for the node's answer (default 10)")
      ->check(CLI::Range(0.001, 86400.0));
  operators_.push_back(std::move(o));
  return *operators_.back();
}

void Commands::add_resource_options(CLI::App& sub, Resource& resource) {
  auto* name = sub.add_option("--resource", resource.name, "The resource name (hashed by the node)");
  auto* id = sub.add_option("--resource-id", resource.id_hex, "The Resource-ID, in hex");
  name->excludes(id);
}

base::result<nlohmann::json, std::string> Commands::request_args(const Operator& o) const {
  json j = json::object();
  const std::string op(control::to_string(o.op));
  if (o.op == Op::store || o.op == Op::fetch || o.op == Op::stat || o.op == Op::find) {
    if (!resource_.name && !resource_.id_hex) return base::failure{op + ": give --resource NAME or --resource-id HEX"};
    if (resource_.name) j["resource"] = *resource_.name;
    if (resource_.id_hex) j["resource_id"] = *resource_.id_hex;
  }
  switch (o.op) {
    case Op::status:
    case Op::fingers:
    case Op::successors:
    case Op::stored:
      if (auto none = control::parse_no_args(o.op, j); !none) return base::failure{none.error().message};
      return j;
    case Op::leave: return checked(control::parse_leave_args(j));
    case Op::ping: j["destination"] = destination_; return checked(control::parse_ping_args(j));
    case Op::route:
      j["destination"] = destination_;
      if (send_update_) j["send_update"] = true;
      return checked(control::parse_route_args(j));
    case Op::store:
      j["kind"] = kind_;
      if (key_) j["key"] = *key_;
      if (key_hex_) j["key_hex"] = *key_hex_;
      if (index_) j["index"] = *index_;
      if (value_) j["value"] = *value_;
      if (value_hex_) j["value_hex"] = *value_hex_;
      if (remove_) j["exists"] = false;
      if (lifetime_s_) j["lifetime_s"] = *lifetime_s_;
      if (!value_ && !value_hex_ && !remove_)
        return base::failure{"store: give --value TEXT, --value-hex HEX or --remove"};
      return checked(control::parse_store_args(j));
    case Op::fetch:
    case Op::stat: {
      j["kind"] = kind_;
      if (!keys_.empty()) j["keys"] = keys_;
      if (!keys_hex_.empty()) j["keys_hex"] = keys_hex_;
      json indices = json::array();
      for (auto i : indices_) indices.push_back(i);
      for (const auto& r : ranges_) {
        auto range = parse_range(r);
        if (!range) return base::failure{fmt::format("{}: --range wants FIRST-LAST (two indices), got {}", op, r)};
        indices.push_back(json::array({range->first, range->second}));
      }
      if (!indices.empty()) j["indices"] = std::move(indices);
      if (generation_) j["generation"] = *generation_;
      return o.op == Op::fetch ? checked(control::parse_fetch_args(j)) : checked(control::parse_stat_args(j));
    }
    case Op::find: j["kinds"] = kinds_; return checked(control::parse_find_args(j));
  }
  return base::failure{op + ": not an operator subcommand"};
}

base::result<ControlCommand, std::string> Commands::control_command(const Operator& o) const {
  auto args = request_args(o);
  if (!args) return base::failure{args.error()};
  ControlCommand c;
  c.op = o.op;
  c.args = std::move(*args);
  if (!o.target.control.empty()) {
    c.control_path = o.target.control;
  } else if (o.target.node) {
    c.control_path = home_control_path(o.target.home, *o.target.node);
  } else {
    c.control_path = control::default_control_path();
  }
  c.timeout = std::chrono::milliseconds(std::llround(o.target.timeout_s * 1000.0));
  return c;
}

base::result<Command, std::string> Commands::command() const {
  if (init_->parsed()) {
    InitCommand c{home_};
    c.home.dir = home_dir_;
    c.home.bootstrap_count = bootstrap_count_;
    c.home.key_type = security::key_type_from(key_type_).value_or(security::KeyType::rsa);
    if (bootstrap_count_ && *bootstrap_count_ > home_.nodes) {
      return base::failure{"init: --bootstrap-count " + std::to_string(*bootstrap_count_) + " is more than --nodes " +
                           std::to_string(home_.nodes)};
    }
    if (std::uint32_t{home_.base_port} + home_.nodes - 1 > 65535) {
      return base::failure{"init: ports " + std::to_string(home_.base_port) + ".." +
                           std::to_string(std::uint32_t{home_.base_port} + home_.nodes - 1) +
                           " do not fit below 65536"};
    }
    return Command{std::move(c)};
  }
  if (run_->parsed()) {
    RunCommand c{run_options_};
    if (!run_node_dir_.empty()) {
      c.options.node_dir = run_node_dir_;
    } else if (run_node_) {
      c.options.home = run_home_;
      c.options.node = *run_node_;
    } else {
      return base::failure{"run: give --home DIR --node I, or --node-dir DIR"};
    }
    auto set = [](std::optional<std::string>& to, const std::string& from) {
      if (!from.empty()) to = from;
    };
    set(c.options.control, run_control_);
    set(c.options.state_dir, run_state_dir_);
    set(c.options.tls_keylog, run_keylog_);
    set(c.options.listen, run_listen_);
    return Command{std::move(c)};
  }
  for (const auto& o : operators_) {
    if (!o->app->parsed()) continue;
    auto c = control_command(*o);
    if (!c) return base::failure{c.error()};
    return Command{std::move(*c)};
  }
  return base::failure{std::string("give a subcommand; reload-node --help lists them")};
}

}  // namespace disco::cli::reload_node
