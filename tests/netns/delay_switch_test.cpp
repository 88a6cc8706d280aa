// disco-delay-switch through NetnsLab: UDP packets between sockets that live in the hosts'
// namespaces take the configured one-way delay of their direction (never less, at most a little
// more), unknown destinations are
// dropped, and the lab leaves no namespace behind.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "tests/netns/netns_test_matrix.hpp"
#include "tests/support/netns_lab.hpp"
#include "tests/support/run_command.hpp"

namespace disco::test {
namespace {

constexpr std::uint16_t echo_port = 9000;

sockaddr_in endpoint(const std::string& address, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  return a;
}

bool wait_readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

struct Received {
  ssize_t bytes = -1;
  std::string from;
  std::optional<timespec> stamp;  // SO_TIMESTAMPNS
};

Received receive(int fd) {
  Received r;
  char data[64];
  iovec iov{data, sizeof data};
  sockaddr_in from{};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  msghdr m{};
  m.msg_name = &from;
  m.msg_namelen = sizeof from;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = control;
  m.msg_controllen = sizeof control;
  r.bytes = ::recvmsg(fd, &m, 0);
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &from.sin_addr, text, sizeof text);
  r.from = text;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec t{};
      std::memcpy(&t, CMSG_DATA(c), sizeof t);
      r.stamp = t;
    }
  }
  return r;
}

std::unique_ptr<NetnsLab> make_lab() {
  NetnsLabOptions o;
  o.delay_switch = DISCO_DELAY_SWITCH;
  o.one_way_ms = netns_test_one_way_ms();
  o.max_lifetime = std::chrono::seconds(120);
  std::string error;
  auto lab = NetnsLab::create(o, error);
  EXPECT_NE(lab, nullptr) << error;
  return lab;
}

// Running and not a zombie (a zombie waits for a reaper we do not control).
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  if (!(stat >> pid_field >> comm >> state)) return false;
  return state != "Z" && state != "X";
}

bool netns_listed(const std::string& name) { return run_command("ip netns list").out.find(name) != std::string::npos; }

TEST(DelaySwitch, UdpPacketsTakeTheConfiguredOneWayDelay) {
  if (const auto why = NetnsLab::unavailable(); !why.empty()) GTEST_SKIP() << "needs network namespaces: " << why;
  auto lab = make_lab();
  ASSERT_NE(lab, nullptr);
  const auto n = lab->hosts();
  std::vector<std::unique_ptr<Fd>> socks;
  for (std::size_t i = 0; i < n; ++i) {
    socks.push_back(std::make_unique<Fd>(lab->socket_in(i, SOCK_DGRAM)));
    ASSERT_GE(socks.back()->get(), 0) << "socket in host " << i;
    const auto a = endpoint(lab->address(i), echo_port);
    ASSERT_EQ(::bind(socks.back()->get(), reinterpret_cast<const sockaddr*>(&a), sizeof a), 0) << "bind in host " << i;
  }
  // One-way delays, per ordered pair: the send time is read just before sendto(), the arrival time
  // is the kernel's receive timestamp (SO_TIMESTAMPNS, same clock), so the receiver's scheduling on
  // a busy machine does not count; what remains is the switch's delay and its own lateness.
  for (const auto& sock : socks) {
    const int on = 1;
    ASSERT_EQ(::setsockopt(sock->get(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on), 0);
  }
  constexpr int rounds = 10;
  std::vector<std::vector<double>> median_ms(n, std::vector<double>(n, 0.0));
  std::vector<std::vector<double>> min_ms(n, std::vector<double>(n, 0.0));
  std::printf("delay switch: one-way delays (UDP, %d packets per ordered pair, kernel receive timestamps)\n", rounds);
  std::printf("from to  configured_ms  min_ms  median_ms  max_ms\n");
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const auto to_b = endpoint(lab->address(b), echo_port);
      std::vector<double> delays;
      for (int r = 0; r < rounds; ++r) {
        char out[8] = {'p', static_cast<char>('0' + r)};
        timespec sent{};
        ::clock_gettime(CLOCK_REALTIME, &sent);
        ASSERT_EQ(::sendto(socks[a]->get(), out, sizeof out, 0, reinterpret_cast<const sockaddr*>(&to_b), sizeof to_b),
                  static_cast<ssize_t>(sizeof out));
        ASSERT_TRUE(wait_readable(socks[b]->get(), 2000)) << "host " << b << " got nothing from " << a;
        const auto got = receive(socks[b]->get());
        ASSERT_EQ(got.bytes, static_cast<ssize_t>(sizeof out));
        // The source address is host a's own: the switch forwards, it does not translate.
        EXPECT_EQ(got.from, lab->address(a));
        ASSERT_TRUE(got.stamp.has_value()) << "no SO_TIMESTAMPNS";
        delays.push_back(static_cast<double>(got.stamp->tv_sec - sent.tv_sec) * 1e3 +
                         static_cast<double>(got.stamp->tv_nsec - sent.tv_nsec) / 1e6);
        ::usleep(2000);
      }
      std::sort(delays.begin(), delays.end());
      const double want = lab->one_way_ms(a, b);
      min_ms[a][b] = delays.front();
      median_ms[a][b] = delays[delays.size() / 2];
      std::printf("%4zu %2zu  %13.2f  %6.2f  %9.2f  %6.2f\n", a, b, want, delays.front(), median_ms[a][b],
                  delays.back());
      EXPECT_GE(delays.front(), want - 0.05) << a << "->" << b << " was faster than configured";
      EXPECT_LE(delays.front(), want + 0.5) << a << "->" << b << " is slower than configured";
      EXPECT_LE(median_ms[a][b], want + 1.0) << a << "->" << b << " is often slower than configured";
    }
  }
  std::printf("delay switch: RTTs (sums of the one-way delays)\npair  configured_rtt_ms  min_ms  median_ms\n");
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b)
      std::printf("%zu-%zu  %17.1f  %6.2f  %9.2f\n", a, b, lab->rtt_ms(a, b), min_ms[a][b] + min_ms[b][a],
                  median_ms[a][b] + median_ms[b][a]);
  // A destination no host owns is dropped: nothing arrives anywhere.
  const auto nowhere = endpoint(lab->address(n + 10), echo_port);
  char out[4] = {'x'};
  ASSERT_EQ(::sendto(socks[0]->get(), out, sizeof out, 0, reinterpret_cast<const sockaddr*>(&nowhere), sizeof nowhere),
            static_cast<ssize_t>(sizeof out));
  for (std::size_t i = 1; i < n; ++i) EXPECT_FALSE(wait_readable(socks[i]->get(), i == 1 ? 300 : 0)) << "host " << i;
  EXPECT_TRUE(lab->switch_alive());

  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) names.push_back(lab->netns(i));
  socks.clear();
  lab.reset();
  for (const auto& name : names) EXPECT_FALSE(netns_listed(name)) << name << " is left over";
}

TEST(DelaySwitch, TeardownKillsWhatRunsInTheNamespaces) {
  if (const auto why = NetnsLab::unavailable(); !why.empty()) GTEST_SKIP() << "needs network namespaces: " << why;
  auto lab = make_lab();
  ASSERT_NE(lab, nullptr);
  // A process that would outlive the test, started behind the lab's back in host 1 (not a Process
  // that would reap it): the teardown must kill it, or the namespace would stay alive.
  const auto started = lab->run(1, "sleep 300 >/dev/null 2>&1 & echo $!");
  ASSERT_EQ(started.exit_code, 0);
  const pid_t sleeper = std::stoi(started.out);
  ASSERT_TRUE(running(sleeper));
  const auto name = lab->netns(1);
  lab.reset();
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    gone = !running(sleeper);
    if (!gone) ::usleep(20'000);
  }
  EXPECT_TRUE(gone) << "pid " << sleeper << " survived the lab";
  EXPECT_FALSE(netns_listed(name));
}

}  // namespace
}  // namespace disco::test
