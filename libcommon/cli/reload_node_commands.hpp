#pragma once
// The command line of `reload-node` (man/reload-node.1): its CLI11 subcommands, and what a parsed
// command line asks for. No I/O here, so every subcommand's parsing is unit-tested; the tool's
// main.cpp connects, runs or initialises.

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/control/protocol.hpp"
#include "libcommon/overlay/home/overlay_home.hpp"
#include "libcommon/runtime/reload_node.hpp"

namespace disco::cli::reload_node {

// `init`: make an overlay home.
struct InitCommand {
  overlay::HomeOptions home;
};

// `run`: be a peer.
struct RunCommand {
  runtime::ReloadNodeOptions options;
};

// An operator subcommand: one control request to a running node.
struct ControlCommand {
  control::Op op = control::Op::status;
  nlohmann::json args = nlohmann::json::object();  // control::to_args() of the checked typed args
  std::string control_path;
  std::chrono::milliseconds timeout{10000};
};

using Command = std::variant<InitCommand, RunCommand, ControlCommand>;

// The control socket a node of an overlay home listens on when started the quickstart's way:
// `reload-node run --home DIR --node I --control DIR/nodes/I/reload-node.sock`.
std::string home_control_path(const std::string& home, unsigned node);

// Default --timeout of the operator subcommands, in seconds.
inline constexpr double default_timeout_s = 10.0;

class Commands {
 public:
  // Adds every subcommand and its options to `app` (which must outlive this object); at most one
  // subcommand parses, and command() refuses none.
  explicit Commands(CLI::App& app);
  Commands(const Commands&) = delete;
  Commands& operator=(const Commands&) = delete;
  Commands(Commands&&) = delete;
  Commands& operator=(Commands&&) = delete;
  ~Commands() = default;

  // After app.parse(): what the command line asks for, or a usage error (exit status 2) for what
  // CLI11 cannot check alone, such as a store without a value, or an index range the wrong way
  // round. The control arguments are checked with the node's own parsers (control/args.hpp).
  [[nodiscard]] base::result<Command, std::string> command() const;

 private:
  struct Target {  // where an operator subcommand sends its request
    std::string control;
    std::string home;
    std::optional<unsigned> node;
    double timeout_s = default_timeout_s;
  };
  struct Resource {
    std::optional<std::string> name;
    std::optional<std::string> id_hex;
  };
  struct Operator {
    CLI::App* app = nullptr;
    control::Op op = control::Op::status;
    Target target;
  };

  Operator& add_operator(CLI::App& app, control::Op op, const std::string& description);
  void add_resource_options(CLI::App& sub, Resource& resource);
  [[nodiscard]] base::result<nlohmann::json, std::string> request_args(const Operator& o) const;
  [[nodiscard]] base::result<ControlCommand, std::string> control_command(const Operator& o) const;

  CLI::App* init_ = nullptr;
  CLI::App* run_ = nullptr;
  std::vector<std::unique_ptr<Operator>> operators_;

  // init
  overlay::HomeOptions home_;
  std::string home_dir_;
  std::string key_type_ = "rsa";
  std::optional<unsigned> bootstrap_count_;

  // run
  runtime::ReloadNodeOptions run_options_;
  std::optional<unsigned> run_node_;
  std::string run_home_, run_node_dir_, run_control_, run_state_dir_, run_keylog_, run_listen_;

  // ping, route
  std::string destination_;
  bool send_update_ = false;

  // store, fetch, stat, find (one set: only one subcommand runs)
  Resource resource_;
  std::string kind_;
  std::vector<std::string> kinds_;
  std::optional<std::string> key_, key_hex_;
  std::optional<std::uint32_t> index_;
  std::optional<std::string> value_, value_hex_;
  bool remove_ = false;
  std::optional<std::uint32_t> lifetime_s_;
  std::vector<std::string> keys_, keys_hex_;
  std::vector<std::uint32_t> indices_;
  std::vector<std::string> ranges_;
  std::optional<std::uint64_t> generation_;
};

}  // namespace disco::cli::reload_node
