// Issue 5's real-network proof: four reload-node peers, each in its own network namespace, joined
// by disco-delay-switch with known one-way delays (tests/netns/netns_test_matrix.hpp). RELOAD Ping
// between every pair first shows the switch gives the overlay the configured RTTs; then coord-probe
// must predict them within 20%.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/reload_overlay.hpp"
#include "tests/netns/netns_test_matrix.hpp"
#include "tests/support/netns_lab.hpp"

namespace disco::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Namespaces are separate stacks: every node can use the same port on its own address.
constexpr std::uint16_t node_port = 7300;

struct Lab4 {
  std::filesystem::path dir;
  std::unique_ptr<NetnsLab> lab;
  std::unique_ptr<ReloadOverlay> overlay;
  ~Lab4() {
    overlay.reset();  // nodes first, then the namespaces they live in
    lab.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// The lab, and a 4-node overlay whose node i runs in host i-1 and listens on that host's address;
// node 1 is the only bootstrap node, so every other node joins through the switch.
void start(Lab4& s) {
  s.dir = std::filesystem::temp_directory_path() / ("disco-netns-" + std::to_string(::getpid()));
  std::filesystem::remove_all(s.dir);
  NetnsLabOptions lo;
  lo.delay_switch = DISCO_DELAY_SWITCH;
  lo.one_way_ms = netns_test_one_way_ms();
  lo.max_lifetime = std::chrono::seconds(170);
  std::filesystem::create_directories(s.dir);
  lo.switch_stderr = (s.dir / "switch.stderr").string();
  std::string error;
  s.lab = NetnsLab::create(lo, error);
  ASSERT_NE(s.lab, nullptr) << error;

  ReloadOverlayOptions o;
  o.reload_node = DISCO_RELOAD_NODE;
  o.dir = s.dir;
  o.overlay = "netns.test";
  o.home_nodes = static_cast<unsigned>(s.lab->hosts());
  o.run_nodes = o.home_nodes;
  o.base_port = node_port;
  o.address = s.lab->address(0);
  o.bootstrap_count = 1;
  o.ready_timeout = 40s;
  const NetnsLab* lab = s.lab.get();
  o.wrap_run = [lab](unsigned i, std::vector<std::string> argv) {
    argv.emplace_back("--listen");
    argv.push_back(lab->address(i - 1) + ":" + std::to_string(node_port));
    return lab->in_host(i - 1, argv);
  };
  s.overlay = ReloadOverlay::start(o, error);
  ASSERT_NE(s.overlay, nullptr) << error;
}

// RELOAD Ping RTTs from every node to every other: the minimum (the path's RTT, free of scheduling
// noise on a busy 2-core machine under ASan) and the median of `pings`, per ordered pair. Answers
// carry the RTT in whole milliseconds (truncated).
struct PingStats {
  std::int64_t min = -1;
  std::int64_t median = -1;
  std::int64_t hops = -1;
  std::int64_t transmissions = -1;
};

PingStats ping_stats(ReloadOverlay& ov, unsigned from, unsigned to, int pings) {
  std::vector<std::int64_t> rtts;
  PingStats st;
  for (int k = 0; k < pings; ++k) {
    auto r = ov.call(from, control::Op::ping, json{{"destination", ov.node_id_hex(to)}}, 10s);
    EXPECT_TRUE(r) << "ping " << from << "->" << to << ": " << r.error().message;
    if (!r) continue;
    EXPECT_EQ(r->value("node_id", ""), ov.node_id_hex(to));
    const auto rtt = r->value("rtt_ms", std::int64_t{-1});
    EXPECT_GE(rtt, 0) << r->dump();
    rtts.push_back(rtt);
    st.hops = std::max(st.hops, r->value("hops", std::int64_t{-1}));
    st.transmissions = std::max(st.transmissions, r->value("transmissions", std::int64_t{-1}));
  }
  if (rtts.empty()) return st;
  std::sort(rtts.begin(), rtts.end());
  st.min = rtts.front();
  st.median = rtts[rtts.size() / 2];
  return st;
}

TEST(CoordNetns, PingRttsMatchTheSwitch) {
  if (const auto why = NetnsLab::unavailable(); !why.empty()) GTEST_SKIP() << "needs network namespaces: " << why;
  Lab4 s;
  ASSERT_NO_FATAL_FAILURE(start(s));
  auto& ov = *s.overlay;
  const auto n = static_cast<unsigned>(s.lab->hosts());
  // One untimed round first: the nodes are still busy with what follows a join.
  for (unsigned i = 1; i <= n; ++i)
    for (unsigned j = 1; j <= n; ++j)
      if (i != j) (void)ping_stats(ov, i, j, 1);
  constexpr int pings = 8;
  std::printf("RELOAD Ping over the delay switch (%d per ordered pair, ms)\n", pings);
  std::printf("from to  configured  min  median  hops  transmissions\n");
  for (unsigned i = 1; i <= n; ++i) {
    for (unsigned j = 1; j <= n; ++j) {
      if (i == j) continue;
      const auto st = ping_stats(ov, i, j, pings);
      const double want = s.lab->rtt_ms(i - 1, j - 1);
      std::printf("%4u %2u  %10.1f  %3lld  %6lld  %4lld  %13lld\n", i, j, want, static_cast<long long>(st.min),
                  static_cast<long long>(st.median), static_cast<long long>(st.hops),
                  static_cast<long long>(st.transmissions));
      EXPECT_EQ(st.hops, 1) << i << "->" << j << " is not a direct neighbour: the RTT would be a path's";
      EXPECT_GE(static_cast<double>(st.min), want - 1.0) << i << "->" << j << " faster than the switch allows";
      // Above the switch's delay: two ECDSA signatures and two verifications per round trip in
      // ASan builds of the nodes (1..4 ms here on a loaded machine).
      EXPECT_LE(static_cast<double>(st.min), want + 5.0) << i << "->" << j;
    }
  }
  for (unsigned i = 1; i <= n; ++i) EXPECT_EQ(ov.sanitizer_report(i), "") << "node " << i;
  EXPECT_TRUE(s.lab->switch_alive());
}

}  // namespace
}  // namespace disco::test
