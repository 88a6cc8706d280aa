#pragma once
// NetnsLab: N hosts in network namespaces joined by disco-delay-switch (delay_switch_main.cpp),
// with a configured one-way delay for every ordered pair of hosts, for tests that need real
// latency (coordinates, focus choice, failover). Needs root, /dev/net/tun and `ip netns`;
// NetnsLab::unavailable() names what is missing so that a test can GTEST_SKIP with it.
//
//   NetnsLabOptions o;
//   o.delay_switch = DISCO_DELAY_SWITCH;                       // the binary
//   o.one_way_ms = {{0, 5, 20}, {5, 0, 3.5}, {20, 3.5, 0}};    // [from][to]; RTT(a,b) = [a][b] + [b][a]
//   std::string error;
//   auto lab = NetnsLab::create(o, error);                     // nullptr + error on failure
//   lab->address(1);                                          // "10.213.R.2": host i is 10.213.R.(i+1)/24
//   auto p = lab->spawn(1, {"reload-node", "run", ...});       // a Process inside host 1's namespace
//   lab->run(2, "ip addr");                                   // a shell command inside host 2's namespace
//   int fd = lab->socket_in(0, SOCK_DGRAM);                   // a socket living in host 0's namespace
//
// Host i is namespace "disco-lab-<pid>-<n>-<i>" with lo up and a TUN device "dtun0" holding its
// address; the hosts' /24 is routed into the switch, which forwards each IPv4 packet to the host
// owning its destination address after one_way_ms[from][to] (unknown destinations are dropped).
// The destructor (also on a failed create) kills every process left in the namespaces, stops the
// switch and deletes the namespaces. Namespaces left by a test process that was killed outright
// carry its pid and are deleted by the next NetnsLab::create (sweep_stale()); the switch, and what
// spawn()/in_host() started, die with this process anyway (PR_SET_PDEATHSIG), the switch also
// after max_lifetime.
// Unix-domain sockets by path (control sockets) are reachable from every namespace.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/run_command.hpp"

namespace disco::test {

struct NetnsLabOptions {
  std::string delay_switch;                     // path of disco-delay-switch
  std::vector<std::vector<double>> one_way_ms;  // square, N >= 2; [from][to] in ms, diagonal ignored
  std::chrono::seconds max_lifetime{600};       // the switch exits after this whatever happens
  std::size_t queue_packets = 8192;             // switch queue bound (drops beyond)
  std::string switch_stderr;                    // file for the switch's stderr (counters at exit); "" inherits
};

class NetnsLab {
 public:
  // "" when labs can run here, else why not ("not root", "no /dev/net/tun", "`ip netns` unavailable").
  static std::string unavailable();
  // Deletes namespaces named disco-lab-<pid>-* whose <pid> is no longer running; returns how many.
  static unsigned sweep_stale();

  static std::unique_ptr<NetnsLab> create(const NetnsLabOptions& options, std::string& error);
  ~NetnsLab();
  NetnsLab(const NetnsLab&) = delete;
  NetnsLab& operator=(const NetnsLab&) = delete;

  [[nodiscard]] std::size_t hosts() const { return names_.size(); }
  [[nodiscard]] const std::string& netns(std::size_t host) const { return names_.at(host); }
  [[nodiscard]] std::string address(std::size_t host) const;  // dotted IPv4
  [[nodiscard]] double one_way_ms(std::size_t from, std::size_t to) const {
    return options_.one_way_ms.at(from).at(to);
  }
  [[nodiscard]] double rtt_ms(std::size_t a, std::size_t b) const { return one_way_ms(a, b) + one_way_ms(b, a); }

  // argv prefixed so that it runs inside host's namespace when this process starts it
  // (`disco-delay-switch exec NAME <our pid> argv...`, like `ip netns exec`: the command keeps the
  // pid, and it is SIGKILLed if this process dies).
  [[nodiscard]] std::vector<std::string> in_host(std::size_t host, const std::vector<std::string>& argv) const;
  // A Process (tests/support/process.hpp) inside the host's namespace.
  std::unique_ptr<Process> spawn(std::size_t host, const std::vector<std::string>& argv,
                                 const std::string& stderr_path = {}, const std::string& stdout_path = {}) const;
  // `sh -c command` inside the host's namespace.
  CommandResult run(std::size_t host, const std::string& command) const;
  // A socket (socket(AF_INET, type | SOCK_CLOEXEC, 0)) that belongs to the host's namespace, made
  // from a short-lived thread that enters it; usable from any thread. -1 on failure.
  [[nodiscard]] int socket_in(std::size_t host, int type) const;
  // Whether the switch is still running.
  bool switch_alive();

  // Tears down now (the destructor does the same; idempotent).
  void destroy();

 private:
  explicit NetnsLab(NetnsLabOptions options);

  NetnsLabOptions options_;
  unsigned subnet_ = 0;  // the third octet of 10.213.<subnet_>.0/24
  std::vector<std::string> names_;
  std::unique_ptr<Process> switch_;
};

}  // namespace disco::test
