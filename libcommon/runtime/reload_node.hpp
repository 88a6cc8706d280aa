#pragma once
// `reload-node run`: one RELOAD peer as a process. Composition root: the overlay home's identity
// and configuration, TLS links (net/tls_link), the control socket (net/control_server), and one
// timer armed at the engine's next deadline; the overlay::Node engine does the protocol.

#include <optional>
#include <string>

namespace disco::runtime {

struct ReloadNodeOptions {
  std::string home;                       // overlay home (reload-node init --dir)
  unsigned node = 0;                      // identity nodes/<node> in the home; 0: use node_dir
  std::optional<std::string> node_dir;    // or the identity directory itself
  std::optional<std::string> control;     // control socket; default control::default_control_path()
  std::optional<std::string> state_dir;   // keep the store here across restarts
  std::optional<std::string> tls_keylog;  // SSLKEYLOGFILE-format secrets for Wireshark
  std::optional<std::string> listen;      // host:port instead of node.json's
  bool first = false;                     // may start the overlay alone (also implied for the first bootstrap node)
};

// Runs until SIGINT/SIGTERM or a control `leave`, leaving the overlay gracefully (s10.9).
// Prints one JSON line on stdout when listening ({"event":"listening",...}) and one when joined
// ({"event":"joined",...}); logs go to stderr. Returns a DESIGN.md exit code: 0 after a clean
// leave, 3 when the overlay could not be joined or a socket could not be bound, 5 for a broken
// home, 70 for internal errors.
int run_reload_node(const ReloadNodeOptions& options);

}  // namespace disco::runtime
