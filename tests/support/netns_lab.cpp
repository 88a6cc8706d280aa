#include "tests/support/netns_lab.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <thread>

namespace disco::test {

namespace {

using namespace std::chrono_literals;

constexpr const char* name_prefix = "disco-lab-";

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

// The pids `ip netns pids` lists for a namespace (processes whose network namespace it is).
std::vector<pid_t> pids_in(const std::string& name) {
  std::vector<pid_t> pids;
  std::istringstream in(run_command("ip netns pids " + shell_quote(name) + " 2>/dev/null").out);
  std::string word;
  while (in >> word) {
    pid_t p = 0;
    const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), p);
    if (ec == std::errc{} && end == word.data() + word.size() && p > 1 && p != ::getpid()) pids.push_back(p);
  }
  return pids;
}

// Kills whatever still runs in the namespace (a few rounds: a dying process may have forked) and
// deletes it.
void delete_netns(const std::string& name) {
  for (int round = 0; round < 5; ++round) {
    const auto pids = pids_in(name);
    if (pids.empty()) break;
    for (const auto p : pids) ::kill(p, SIGKILL);
    ::usleep(50'000);
  }
  run_command("ip netns del " + shell_quote(name) + " 2>/dev/null");
}

std::vector<std::string> netns_names() {
  std::vector<std::string> names;
  std::istringstream in(run_command("ip netns list 2>/dev/null").out);
  std::string line;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    names.push_back(line.substr(0, space));
  }
  return names;
}

std::string format_ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms);
  return buf;
}

}  // namespace

std::string NetnsLab::unavailable() {
  if (::geteuid() != 0) return "not root (network namespaces and TUN devices need CAP_NET_ADMIN)";
  if (::access("/dev/net/tun", R_OK | W_OK) != 0) return "no usable /dev/net/tun";
  if (run_command("ip netns list >/dev/null 2>&1").exit_code != 0) return "`ip netns` is unavailable (iproute2)";
  if (!std::filesystem::exists("/proc/self/ns/net")) return "the kernel has no network namespaces";
  // Root in a container may still be refused namespaces: try one (once per process).
  static const std::string probe = [] {
    const auto name = name_prefix + std::to_string(::getpid()) + "-probe";
    const auto add = run_command("ip netns add " + shell_quote(name) + " 2>&1");
    if (add.exit_code != 0) return "`ip netns add` fails here: " + add.out;
    delete_netns(name);
    return std::string();
  }();
  return probe;
}

unsigned NetnsLab::sweep_stale() {
  unsigned removed = 0;
  for (const auto& name : netns_names()) {
    if (name.rfind(name_prefix, 0) != 0) continue;
    const auto rest = name.substr(std::string_view(name_prefix).size());
    pid_t owner = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), owner);
    if (ec != std::errc{} || end == rest.data() || *end != '-' || owner <= 1) continue;
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;  // its test is still running
    delete_netns(name);
    ++removed;
  }
  return removed;
}

NetnsLab::NetnsLab(NetnsLabOptions options) : options_(std::move(options)) {}

NetnsLab::~NetnsLab() { destroy(); }

std::unique_ptr<NetnsLab> NetnsLab::create(const NetnsLabOptions& options, std::string& error) {
  const auto n = options.one_way_ms.size();
  if (n < 2 || n > 250) {
    error = "a lab has 2..250 hosts";
    return nullptr;
  }
  for (const auto& row : options.one_way_ms) {
    if (row.size() != n) {
      error = "one_way_ms is not square";
      return nullptr;
    }
    for (const auto ms : row) {
      if (!(ms >= 0.0 && ms <= 10'000.0)) {
        error = "one-way delays must be 0..10000 ms";
        return nullptr;
      }
    }
  }
  if (auto why = unavailable(); !why.empty()) {
    error = why;
    return nullptr;
  }
  sweep_stale();

  static std::atomic<unsigned> labs{0};
  std::unique_ptr<NetnsLab> lab(new NetnsLab(options));
  lab->subnet_ = std::random_device{}() % 256;
  const auto stem = name_prefix + std::to_string(::getpid()) + "-" + std::to_string(labs++) + "-";
  for (std::size_t i = 0; i < n; ++i) {
    const auto name = stem + std::to_string(i);
    const auto add = run_command("ip netns add " + shell_quote(name) + " 2>&1");
    if (add.exit_code != 0) {
      error = "ip netns add " + name + ": " + add.out;
      return nullptr;  // the destructor deletes the namespaces made so far
    }
    lab->names_.push_back(name);
    const auto lo = run_command("ip -n " + shell_quote(name) + " link set lo up 2>&1");
    if (lo.exit_code != 0) {
      error = "lo up in " + name + ": " + lo.out;
      return nullptr;
    }
  }

  std::vector<std::string> argv{options.delay_switch,
                                "--max-seconds",
                                std::to_string(options.max_lifetime.count()),
                                "--queue-packets",
                                std::to_string(options.queue_packets),
                                "--parent",
                                std::to_string(::getpid())};
  for (std::size_t i = 0; i < n; ++i) {
    argv.emplace_back("--port");
    argv.push_back(lab->names_[i] + "=" + lab->address(i) + "/24");
  }
  for (std::size_t from = 0; from < n; ++from) {
    for (std::size_t to = 0; to < n; ++to) {
      if (from == to) continue;
      argv.emplace_back("--delay");
      argv.push_back(std::to_string(from) + ":" + std::to_string(to) + "=" + format_ms(options.one_way_ms[from][to]));
    }
  }
  try {
    lab->switch_ = std::make_unique<Process>(argv, options.switch_stderr);
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
  const auto ready = lab->switch_->read_line(10s);
  if (!ready || *ready != "ready") {
    error = "disco-delay-switch did not get ready" +
            (options.switch_stderr.empty() ? std::string() : " (see " + options.switch_stderr + ")");
    return nullptr;
  }
  return lab;
}

std::string NetnsLab::address(std::size_t host) const {
  return "10.213." + std::to_string(subnet_) + "." + std::to_string(host + 1);
}

std::vector<std::string> NetnsLab::in_host(std::size_t host, const std::vector<std::string>& argv) const {
  std::vector<std::string> full{options_.delay_switch, "exec", names_.at(host), std::to_string(::getpid())};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

std::unique_ptr<Process> NetnsLab::spawn(std::size_t host, const std::vector<std::string>& argv,
                                         const std::string& stderr_path, const std::string& stdout_path) const {
  return std::make_unique<Process>(in_host(host, argv), stderr_path, stdout_path);
}

CommandResult NetnsLab::run(std::size_t host, const std::string& command) const {
  // The parent is popen's shell, not us: no parent check (the command is waited for anyway).
  return run_command(shell_quote(options_.delay_switch) + " exec " + shell_quote(names_.at(host)) + " 0 sh -c " +
                     shell_quote(command));
}

int NetnsLab::socket_in(std::size_t host, int type) const {
  // setns(CLONE_NEWNET) moves only the calling thread, and a socket stays in the namespace it was
  // made in: a thread of our own enters, makes it, and ends.
  const auto path = "/var/run/netns/" + names_.at(host);
  int fd = -1;
  std::thread([&] {
    const int ns = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (ns < 0) return;
    if (::setns(ns, CLONE_NEWNET) == 0) fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    ::close(ns);
  }).join();
  return fd;
}

bool NetnsLab::switch_alive() { return switch_ && !switch_->wait(0ms).has_value(); }

void NetnsLab::destroy() {
  // Processes first (a namespace outlives `ip netns del` while a process is in it), then the switch
  // (its TUN devices go with it), then the namespaces.
  for (const auto& name : names_) {
    for (const auto p : pids_in(name)) ::kill(p, SIGKILL);
  }
  if (switch_) {
    switch_->signal(SIGTERM);
    switch_->wait(3s);
    switch_.reset();  // SIGKILLs it if it did not stop
  }
  for (const auto& name : names_) delete_netns(name);
  names_.clear();
}

}  // namespace disco::test
