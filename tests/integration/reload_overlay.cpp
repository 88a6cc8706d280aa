#include "tests/integration/reload_overlay.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "libcommon/control/client.hpp"
#include "tests/support/run_command.hpp"

namespace disco::test {

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

bool tcp_port_free(std::uint16_t port) {
  const int t = ::socket(AF_INET, SOCK_STREAM, 0);
  if (t < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const int ok = ::bind(t, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::close(t);
  return ok == 0;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

std::uint16_t free_port_range(unsigned count) {
  // Below the kernel's ephemeral range: while an overlay starts, its peers' own outgoing
  // connections take local ports from that range, and one took a port a later peer was about to
  // listen on (100 peers linking to most others: "bind: Address already in use").
  unsigned ephemeral_low = 32768;
  {
    std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
    unsigned low = 0;
    if (in >> low && low > 2048) ephemeral_low = low;
  }
  const unsigned first = 10000;
  if (ephemeral_low < first + count + 1) throw std::runtime_error("no port range below the ephemeral ports");
  std::random_device rd;
  std::mt19937 rng(rd());
  std::uniform_int_distribution<unsigned> pick(first, ephemeral_low - count - 1);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto p = pick(rng);
    bool ok = true;
    for (unsigned i = 0; i < count && ok; ++i) ok = tcp_port_free(static_cast<std::uint16_t>(p + i));
    if (ok) return static_cast<std::uint16_t>(p);
  }
  throw std::runtime_error("no range of free ports");
}

ReloadOverlay::ReloadOverlay(ReloadOverlayOptions options) : options_(std::move(options)) {}

ReloadOverlay::~ReloadOverlay() = default;  // each Process kills its group

std::unique_ptr<ReloadOverlay> ReloadOverlay::start(const ReloadOverlayOptions& options, std::string& error) {
  std::unique_ptr<ReloadOverlay> o(new ReloadOverlay(options));
  std::filesystem::create_directories(options.dir);
  o->home_ = options.dir / "home";
  o->base_port_ = options.base_port != 0 ? options.base_port : free_port_range(options.home_nodes);
  const auto init = run_command(
      quoted(options.reload_node) + " init --overlay " + options.overlay + " --dir " + quoted(o->home_.string()) +
      " --nodes " + std::to_string(options.home_nodes) + " --key-type ec --base-port " + std::to_string(o->base_port_) +
      (options.address.empty() ? std::string() : " --address " + quoted(options.address)) +
      (options.bootstrap_count ? " --bootstrap-count " + std::to_string(*options.bootstrap_count) : std::string()) +
      " 2>&1");
  if (init.exit_code != 0) {
    error = "reload-node init failed (" + std::to_string(init.exit_code) + "): " + init.out;
    return nullptr;
  }
  for (unsigned i = 1; i <= options.home_nodes; ++i) {
    auto j = json::parse(read_file(o->home_ / "nodes" / std::to_string(i) / "node.json"), nullptr, false);
    if (j.is_discarded() || !j.contains("node_id")) {
      error = "no node_id in node.json of node " + std::to_string(i);
      return nullptr;
    }
    o->node_ids_.push_back(j["node_id"].get<std::string>());
  }
  for (unsigned i = 1; i <= options.run_nodes; ++i)
    if (!o->start_node(i, error)) return nullptr;
  if (!o->wait_for_ring(error)) return nullptr;
  return o;
}

std::string ReloadOverlay::control_path(unsigned i) const {
  if (options_.control_in_home) return (home_ / "nodes" / std::to_string(i) / "reload-node.sock").string();
  return (options_.dir / ("ctl-" + std::to_string(i) + ".sock")).string();
}

std::filesystem::path ReloadOverlay::stderr_path(unsigned i) const {
  return options_.dir / ("node-" + std::to_string(i) + ".stderr");
}

std::filesystem::path ReloadOverlay::keylog_path(unsigned i) const {
  return options_.dir / ("keylog-" + std::to_string(i) + ".txt");
}

bool ReloadOverlay::start_node(unsigned i, std::string& error) {
  std::vector<std::string> argv{options_.reload_node, "run",       "--home",       home_.string(), "--node",
                                std::to_string(i),    "--control", control_path(i)};
  if (options_.tls_keylog) {
    argv.emplace_back("--tls-keylog");
    argv.push_back(keylog_path(i).string());
  }
  if (options_.wrap_run) argv = options_.wrap_run(i, std::move(argv));
  nodes_.push_back(std::make_unique<Process>(argv, stderr_path(i).string()));
  auto& p = *nodes_.back();
  // {"event":"listening",...} then {"event":"joined",...}; the first node joins alone at once.
  const auto deadline = std::chrono::steady_clock::now() + options_.ready_timeout;
  bool listening = false;
  while (std::chrono::steady_clock::now() < deadline) {
    auto line = p.read_line(500ms);
    if (!line) {
      if (p.wait(0ms)) break;
      continue;
    }
    auto e = json::parse(*line, nullptr, false);
    if (e.is_discarded()) continue;
    if (e.value("event", "") == "listening") listening = true;
    if (e.value("event", "") == "joined") {
      if (e.value("node_id", "") != node_id_hex(i)) {
        error =
            "node " + std::to_string(i) + " joined as " + e.value("node_id", "") + ", node.json says " + node_id_hex(i);
        return false;
      }
      return true;
    }
  }
  error = "node " + std::to_string(i) + (listening ? " did not join" : " did not start") +
          "; stderr: " + read_file(stderr_path(i));
  return false;
}

bool ReloadOverlay::wait_for_ring(std::string& error) {
  const auto others = options_.run_nodes - 1;
  const auto deadline = std::chrono::steady_clock::now() + options_.ready_timeout;
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    bool whole = true;
    for (unsigned i = 1; i <= running() && whole; ++i) {
      auto s = call(i, control::Op::status, json::object(), 5s);
      if (!s) {
        last = "node " + std::to_string(i) + ": " + s.error().message;
        whole = false;
        break;
      }
      // With fewer peers than the successor list holds, each list holds every other peer.
      const auto& j = *s;
      whole = j.value("state", "") == "ready" && j["successors"].size() >= std::min(others, 3U) &&
              j["predecessors"].size() >= std::min(others, 3U);
      if (!whole) last = "node " + std::to_string(i) + ": " + j.dump();
    }
    if (whole) return true;
    std::this_thread::sleep_for(200ms);
  }
  error = "the ring did not form: " + last;
  return false;
}

base::result<json, control::ControlError> ReloadOverlay::call(unsigned i, control::Op op, const json& args,
                                                              std::chrono::milliseconds timeout) {
  auto client = control::ControlClient::connect(control_path(i), timeout);
  if (!client) return base::failure{client.error()};
  return client->call(op, args, timeout);
}

bool ReloadOverlay::alive(unsigned i) { return !nodes_.at(i - 1)->wait(0ms).has_value(); }

std::string ReloadOverlay::sanitizer_report(unsigned i) const {
  const auto text = read_file(stderr_path(i));
  for (const char* marker : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"}) {
    const auto at = text.find(marker);
    if (at != std::string::npos) return text.substr(at > 200 ? at - 200 : 0, 4000);
  }
  return {};
}

std::vector<std::optional<int>> ReloadOverlay::stop(std::chrono::milliseconds timeout) {
  for (auto& p : nodes_)
    if (!p->wait(0ms)) p->signal(SIGTERM);
  std::vector<std::optional<int>> codes;
  for (auto& p : nodes_) codes.push_back(p->wait(timeout));
  return codes;
}

}  // namespace disco::test
