// disco-delay-switch: a user-space IPv4 "switch" with a one-way delay per ordered pair of ports, for
// tests that need real network latency between network namespaces. The kernels we run on have no
// netem qdisc (CONFIG_NET_SCH_NETEM unset), so the delay is ours: the switch owns one TUN device
// (IFF_TUN | IFF_NO_PI) inside each namespace it is given, reads every IPv4 packet the namespace
// routes to it, holds it for the configured delay and writes it into the destination's TUN device.
// Unknown destinations and non-IPv4 packets are dropped. Test code, bounded: it exits on SIGTERM /
// SIGINT / SIGHUP, when its parent dies (PR_SET_PDEATHSIG), and after --max-seconds; the queue holds
// at most --queue-packets packets (more are dropped and counted).
//
//   disco-delay-switch --port NETNS=ADDR/PREFIX ... [--ifname dtun0] [--delay FROM:TO=MS ...]
//                      [--max-seconds 300] [--queue-packets 8192] [--parent PID]
//
// Ports are numbered from 0 in the order given. The switch creates `ifname` in each namespace
// (/var/run/netns/NETNS), gives it ADDR/PREFIX and brings it up; then it prints "ready" on stdout.
// On exit it prints one line of counters on stderr. Used through tests/support/netns_lab.hpp.
//
//   disco-delay-switch exec NETNS PARENT_PID PROGRAM [ARGS...]
//
// runs PROGRAM inside NETNS (like `ip netns exec`, keeping the pid) so that it dies with SIGKILL
// when PARENT_PID, its parent, does (PR_SET_PDEATHSIG survives exec): a test process killed
// outright leaves no peer running in a namespace. PARENT_PID 0 skips that.

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Port {
  std::string netns;
  std::uint32_t address = 0;  // host order
  unsigned prefix = 24;
  int fd = -1;
};

struct Options {
  std::vector<Port> ports;
  std::string ifname = "dtun0";
  std::map<std::pair<std::size_t, std::size_t>, std::chrono::nanoseconds> delays;
  std::chrono::seconds max_lifetime{300};
  std::size_t queue_packets = 8192;
  pid_t parent = 0;
};

struct Queued {
  Clock::time_point due;
  std::uint64_t seq = 0;
  std::size_t to = 0;
  std::vector<std::uint8_t> bytes;
};

struct Later {
  bool operator()(const Queued& a, const Queued& b) const { return a.due != b.due ? a.due > b.due : a.seq > b.seq; }
};

struct Counters {
  std::uint64_t forwarded = 0;
  std::uint64_t dropped_unknown = 0;   // no port has the destination address
  std::uint64_t dropped_not_ipv4 = 0;  // IPv6 router solicitations and the like
  std::uint64_t dropped_queue_full = 0;
  std::uint64_t dropped_write = 0;  // the destination TUN device refused it
  std::uint64_t max_late_us = 0;    // how far behind its due time a packet left, at worst
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "disco-delay-switch: %s\n", what.c_str());
  std::exit(2);
}

[[noreturn]] void die_errno(const std::string& what) { die(what + ": " + std::strerror(errno)); }

template <typename T>
std::optional<T> number(std::string_view s) {
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// NETNS=A.B.C.D/P
Port parse_port(std::string_view s) {
  const auto eq = s.find('=');
  const auto slash = s.find('/');
  if (eq == std::string_view::npos || eq == 0 || slash == std::string_view::npos || slash < eq)
    die("--port wants NETNS=ADDR/PREFIX, not " + std::string(s));
  Port p;
  p.netns = std::string(s.substr(0, eq));
  if (p.netns.find('/') != std::string::npos) die("bad namespace name " + p.netns);
  const std::string addr(s.substr(eq + 1, slash - eq - 1));
  in_addr a{};
  if (::inet_pton(AF_INET, addr.c_str(), &a) != 1) die("bad IPv4 address " + addr);
  p.address = ntohl(a.s_addr);
  const auto prefix = number<unsigned>(s.substr(slash + 1));
  if (!prefix || *prefix < 8 || *prefix > 30) die("prefix must be 8..30");
  p.prefix = *prefix;
  return p;
}

Options parse(int argc, char** argv) {
  Options o;
  std::vector<std::string_view> delay_args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) die("missing value after " + std::string(arg));
    const std::string_view value = argv[++i];
    if (arg == "--port") {
      o.ports.push_back(parse_port(value));
    } else if (arg == "--ifname") {
      if (value.empty() || value.size() >= IFNAMSIZ) die("bad --ifname");
      o.ifname = std::string(value);
    } else if (arg == "--delay") {
      delay_args.push_back(value);
    } else if (arg == "--max-seconds") {
      const auto s = number<unsigned>(value);
      if (!s || *s == 0 || *s > 86400) die("--max-seconds must be 1..86400");
      o.max_lifetime = std::chrono::seconds(*s);
    } else if (arg == "--queue-packets") {
      const auto q = number<std::size_t>(value);
      if (!q || *q == 0 || *q > 1'000'000) die("--queue-packets must be 1..1000000");
      o.queue_packets = *q;
    } else if (arg == "--parent") {
      const auto p = number<pid_t>(value);
      if (!p || *p <= 1) die("bad --parent");
      o.parent = *p;
    } else {
      die("unknown option " + std::string(arg));
    }
  }
  if (o.ports.size() < 2) die("at least two --port");
  for (const auto d : delay_args) {  // FROM:TO=MS, MS a decimal number of milliseconds
    const auto colon = d.find(':');
    const auto eq = d.find('=');
    if (colon == std::string_view::npos || eq == std::string_view::npos || eq < colon)
      die("--delay wants FROM:TO=MS, not " + std::string(d));
    const auto from = number<std::size_t>(d.substr(0, colon));
    const auto to = number<std::size_t>(d.substr(colon + 1, eq - colon - 1));
    const auto ms = number<double>(d.substr(eq + 1));
    if (!from || !to || *from >= o.ports.size() || *to >= o.ports.size() || *from == *to)
      die("--delay ports out of range: " + std::string(d));
    if (!ms || !(*ms >= 0.0) || *ms > 10'000.0) die("--delay must be 0..10000 ms: " + std::string(d));
    o.delays[{*from, *to}] = std::chrono::nanoseconds(static_cast<std::int64_t>(*ms * 1e6));
  }
  return o;
}

void enter_netns(const std::string& name) {
  const std::string path = "/var/run/netns/" + name;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) die_errno("open " + path);
  if (::setns(fd, CLONE_NEWNET) != 0) die_errno("setns " + name);
  ::close(fd);
}

void set_ifreq_name(ifreq& r, const std::string& name) {
  std::memset(&r, 0, sizeof r);
  std::memcpy(r.ifr_name, name.data(), name.size());
}

void set_ipv4(sockaddr& sa, std::uint32_t host_order) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_addr.s_addr = htonl(host_order);
  std::memcpy(&sa, &in, sizeof in);
}

// Creates the TUN device in the current network namespace, gives it its address and brings it up.
// The device lives as long as the descriptor: when the switch exits, the devices go with it.
int open_tun(const std::string& ifname, const Port& port) {
  const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) die_errno("open /dev/net/tun");
  ifreq r{};
  set_ifreq_name(r, ifname);
  r.ifr_flags = IFF_TUN | IFF_NO_PI;
  if (::ioctl(fd, TUNSETIFF, &r) != 0) die_errno("TUNSETIFF " + ifname + " in " + port.netns);
  const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);  // in this namespace
  if (s < 0) die_errno("socket");
  set_ifreq_name(r, ifname);
  set_ipv4(r.ifr_addr, port.address);
  if (::ioctl(s, SIOCSIFADDR, &r) != 0) die_errno("SIOCSIFADDR in " + port.netns);
  set_ifreq_name(r, ifname);
  set_ipv4(r.ifr_netmask, port.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - port.prefix));
  if (::ioctl(s, SIOCSIFNETMASK, &r) != 0) die_errno("SIOCSIFNETMASK in " + port.netns);
  set_ifreq_name(r, ifname);
  if (::ioctl(s, SIOCGIFFLAGS, &r) != 0) die_errno("SIOCGIFFLAGS in " + port.netns);
  r.ifr_flags = static_cast<short>(r.ifr_flags | IFF_UP | IFF_RUNNING);
  if (::ioctl(s, SIOCSIFFLAGS, &r) != 0) die_errno("SIOCSIFFLAGS in " + port.netns);
  ::close(s);
  return fd;
}

timespec to_timespec(std::chrono::nanoseconds d) {
  if (d.count() < 0) d = {};
  timespec t{};
  t.tv_sec = static_cast<time_t>(d.count() / 1'000'000'000);
  t.tv_nsec = static_cast<long>(d.count() % 1'000'000'000);
  return t;
}

}  // namespace

// `exec NETNS PARENT_PID PROGRAM [ARGS...]`
int exec_in(int argc, char** argv) {
  if (argc < 5) die("exec wants NETNS PARENT_PID PROGRAM [ARGS...]");
  const auto parent = number<pid_t>(argv[3]);
  if (!parent || *parent < 0) die("bad PARENT_PID");
  if (*parent != 0) {
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die_errno("PR_SET_PDEATHSIG");
    if (::getppid() != *parent) return 1;  // the parent is gone already
  }
  enter_netns(argv[2]);
  ::execvp(argv[4], argv + 4);
  die_errno(std::string("exec ") + argv[4]);
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "exec") return exec_in(argc, argv);
  Options o = parse(argc, argv);

  // Termination: these signals (and the parent's death, as SIGTERM) arrive on a signalfd.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (const int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&stop_signals, sig);
  if (::sigprocmask(SIG_BLOCK, &stop_signals, nullptr) != 0) die_errno("sigprocmask");
  const int sfd = ::signalfd(-1, &stop_signals, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sfd < 0) die_errno("signalfd");
  if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) die_errno("PR_SET_PDEATHSIG");
  if (o.parent != 0 && ::getppid() != o.parent) return 0;  // the parent is gone already
  // Delays are sub-millisecond accurate only with a small timer slack (the default is 50 us), and
  // only when the switch runs the moment a packet is due, even on a machine busy compiling: a low
  // real-time priority (it sleeps in ppoll between packets, and the kernel's RT throttling bounds
  // it anyway), else the highest nice priority, else as it is.
  ::prctl(PR_SET_TIMERSLACK, 1UL);
  sched_param rt{};
  rt.sched_priority = 10;
  const bool realtime = ::sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &rt) == 0;
  if (!realtime) (void)::setpriority(PRIO_PROCESS, 0, -20);

  const int home = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home < 0) die_errno("open /proc/self/ns/net");
  std::map<std::uint32_t, std::size_t> by_address;
  for (std::size_t i = 0; i < o.ports.size(); ++i) {
    auto& p = o.ports[i];
    if (!by_address.emplace(p.address, i).second) die("two ports have the same address");
    enter_netns(p.netns);
    p.fd = open_tun(o.ifname, p);
  }
  if (::setns(home, CLONE_NEWNET) != 0) die_errno("setns back");
  ::close(home);
  std::printf("ready\n");
  std::fflush(stdout);

  const auto end = Clock::now() + o.max_lifetime;
  std::priority_queue<Queued, std::vector<Queued>, Later> queue;
  Counters c;
  std::uint64_t seq = 0;
  std::vector<pollfd> fds;
  for (const auto& p : o.ports) fds.push_back({p.fd, POLLIN, 0});
  fds.push_back({sfd, POLLIN, 0});
  std::vector<std::uint8_t> buf(65536);
  bool stop = false;
  while (!stop) {
    auto now = Clock::now();
    if (now >= end) break;
    // Wake for the next due packet; otherwise at least once a second to check the deadline.
    auto wait = std::min<Clock::duration>(end - now, std::chrono::seconds(1));
    if (!queue.empty()) wait = std::min<Clock::duration>(wait, queue.top().due - now);
    const timespec t = to_timespec(std::chrono::duration_cast<std::chrono::nanoseconds>(wait));
    const int n = ::ppoll(fds.data(), fds.size(), &t, nullptr);
    if (n < 0 && errno != EINTR) die_errno("ppoll");
    now = Clock::now();
    if (n > 0) {
      if ((fds.back().revents & POLLIN) != 0) stop = true;
      for (std::size_t from = 0; from < o.ports.size(); ++from) {
        if ((fds[from].revents & POLLIN) == 0) continue;
        for (int batch = 0; batch < 64; ++batch) {  // then serve the other ports
          const auto got = ::read(fds[from].fd, buf.data(), buf.size());
          if (got <= 0) break;
          const auto len = static_cast<std::size_t>(got);
          if (len < 20 || (buf[0] >> 4) != 4) {
            ++c.dropped_not_ipv4;
            continue;
          }
          const std::uint32_t dst = (std::uint32_t{buf[16]} << 24) | (std::uint32_t{buf[17]} << 16) |
                                    (std::uint32_t{buf[18]} << 8) | std::uint32_t{buf[19]};
          const auto to = by_address.find(dst);
          if (to == by_address.end() || to->second == from) {
            ++c.dropped_unknown;
            continue;
          }
          if (queue.size() >= o.queue_packets) {
            ++c.dropped_queue_full;
            continue;
          }
          const auto d = o.delays.find({from, to->second});
          const auto delay = d == o.delays.end() ? std::chrono::nanoseconds{} : d->second;
          queue.push({now + delay, seq++, to->second, {buf.begin(), buf.begin() + got}});
        }
      }
    }
    now = Clock::now();
    while (!queue.empty() && queue.top().due <= now) {
      const auto& q = queue.top();
      const auto late = std::chrono::duration_cast<std::chrono::microseconds>(now - q.due).count();
      c.max_late_us = std::max<std::uint64_t>(c.max_late_us, static_cast<std::uint64_t>(late));
      if (::write(o.ports[q.to].fd, q.bytes.data(), q.bytes.size()) == static_cast<ssize_t>(q.bytes.size()))
        ++c.forwarded;
      else
        ++c.dropped_write;
      queue.pop();
    }
  }
  std::fprintf(stderr,
               "disco-delay-switch: forwarded=%llu dropped_unknown=%llu dropped_not_ipv4=%llu dropped_queue_full=%llu "
               "dropped_write=%llu max_late_us=%llu realtime=%d\n",
               static_cast<unsigned long long>(c.forwarded), static_cast<unsigned long long>(c.dropped_unknown),
               static_cast<unsigned long long>(c.dropped_not_ipv4),
               static_cast<unsigned long long>(c.dropped_queue_full), static_cast<unsigned long long>(c.dropped_write),
               static_cast<unsigned long long>(c.max_late_us), realtime ? 1 : 0);
  for (const auto& p : o.ports) ::close(p.fd);
  return 0;
}
