#pragma once
// A small overlay of real `reload-node run` processes on 127.0.0.1 for integration tests: one home
// made with `reload-node init`, nodes started from it, their control sockets, and a check that no
// node logged a sanitizer report. Every process is killed (whole group) when the overlay goes away.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/control/error.hpp"
#include "libcommon/control/protocol.hpp"
#include "tests/support/process.hpp"

namespace disco::test {

struct ReloadOverlayOptions {
  std::string reload_node;    // the binary
  std::filesystem::path dir;  // made if missing; the home is dir/home
  std::string overlay = "hostile.test";
  unsigned home_nodes = 4;      // identities in the home
  unsigned run_nodes = 3;       // nodes 1..run_nodes are started
  bool tls_keylog = false;      // --tls-keylog dir/keylog-<i>.txt
  std::uint16_t base_port = 0;  // node i listens on base_port + i - 1; 0: free_port_range(home_nodes)
  std::chrono::seconds ready_timeout{40};
  std::string address;                      // init --address; "" keeps init's default (127.0.0.1)
  std::optional<unsigned> bootstrap_count;  // init --bootstrap-count
  // When set, node i's `reload-node run` argv goes through it before the node starts (e.g. to add
  // --listen and run it in a network namespace with NetnsLab::in_host).
  std::function<std::vector<std::string>(unsigned i, std::vector<std::string> argv)> wrap_run;
  // Node i's control socket is home/nodes/<i>/reload-node.sock (where `--home DIR --node I` of
  // reload-node's clients and coord-probe look) instead of dir/ctl-<i>.sock.
  bool control_in_home = false;
};

class ReloadOverlay {
 public:
  // Makes the home, starts the nodes one after the other and waits until every one has joined and
  // knows the other running nodes as successors and predecessors (a whole ring). nullptr with
  // `error` set when that fails; the processes started so far are killed then.
  static std::unique_ptr<ReloadOverlay> start(const ReloadOverlayOptions& options, std::string& error);
  ~ReloadOverlay();
  ReloadOverlay(const ReloadOverlay&) = delete;
  ReloadOverlay& operator=(const ReloadOverlay&) = delete;

  [[nodiscard]] const std::filesystem::path& home() const { return home_; }
  [[nodiscard]] const std::string& overlay() const { return options_.overlay; }
  // Node i's listen port (every identity has one, running or not).
  [[nodiscard]] std::uint16_t port(unsigned i) const { return static_cast<std::uint16_t>(base_port_ + i - 1); }
  [[nodiscard]] std::uint16_t base_port() const { return base_port_; }
  [[nodiscard]] std::string node_id_hex(unsigned i) const { return node_ids_.at(i - 1); }
  [[nodiscard]] std::string control_path(unsigned i) const;
  [[nodiscard]] std::filesystem::path stderr_path(unsigned i) const;
  [[nodiscard]] std::filesystem::path keylog_path(unsigned i) const;
  [[nodiscard]] unsigned running() const { return static_cast<unsigned>(nodes_.size()); }

  // One control request to node i (a fresh connection each time).
  base::result<nlohmann::json, control::ControlError> call(
      unsigned i, control::Op op, const nlohmann::json& args = nlohmann::json::object(),
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Node i's process has not exited.
  [[nodiscard]] bool alive(unsigned i);
  // Sanitizer reports (ASan, UBSan, LeakSanitizer) in node i's stderr, or "".
  [[nodiscard]] std::string sanitizer_report(unsigned i) const;
  // SIGTERM (graceful leave) to every node; their exit codes, in node order (nullopt: had to be killed).
  std::vector<std::optional<int>> stop(std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  explicit ReloadOverlay(ReloadOverlayOptions options);
  bool start_node(unsigned i, std::string& error);
  bool wait_for_ring(std::string& error);

  ReloadOverlayOptions options_;
  std::filesystem::path home_;
  std::uint16_t base_port_ = 0;
  std::vector<std::unique_ptr<Process>> nodes_;
  std::vector<std::string> node_ids_;  // every identity of the home, from its node.json
};

// A port P such that P .. P+count-1 were all free for TCP on 127.0.0.1 a moment ago.
std::uint16_t free_port_range(unsigned count);

}  // namespace disco::test
