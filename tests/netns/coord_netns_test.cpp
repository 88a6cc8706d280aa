// Issue 5's real-network proof: four reload-node peers, each in its own network namespace, joined
// by disco-delay-switch with known one-way delays (tests/netns/netns_test_matrix.hpp). RELOAD Ping
// between every pair first shows the switch gives the overlay the configured RTTs; then coord-probe
// must predict them within 20%.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/reload_overlay.hpp"
#include "tests/netns/netns_test_matrix.hpp"
#include "tests/support/netns_lab.hpp"
#include "tests/support/run_command.hpp"

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
  lo.max_lifetime = std::chrono::seconds(120);
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
  o.control_in_home = true;  // where coord-probe --home DIR --mesh finds every node
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

#ifdef DISCO_COORD_PROBE

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Coordinate {
  std::vector<double> vector;
  double height = 0;
};

std::optional<Coordinate> coordinate_of(const json& j) {
  if (!j.is_object() || !j.contains("vector") || !j["vector"].is_array()) return std::nullopt;
  Coordinate c;
  for (const auto& x : j["vector"]) {
    if (!x.is_number()) return std::nullopt;
    c.vector.push_back(x.get<double>());
  }
  c.height = j.value("height", 0.0);
  return c;
}

// Vivaldi's distance, ||a - b|| + h_a + h_b (coord-probe(1), DESCRIPTION).
double vivaldi_rtt(const Coordinate& a, const Coordinate& b) {
  double sum = 0;
  for (std::size_t k = 0; k < a.vector.size() && k < b.vector.size(); ++k)
    sum += (a.vector[k] - b.vector[k]) * (a.vector[k] - b.vector[k]);
  return std::sqrt(sum) + a.height + b.height;
}

TEST(CoordNetns, CoordProbePredictsTheConfiguredRtts) {
  if (const auto why = NetnsLab::unavailable(); !why.empty()) GTEST_SKIP() << "needs network namespaces: " << why;
  Lab4 s;
  ASSERT_NO_FATAL_FAILURE(start(s));
  auto& ov = *s.overlay;
  const auto n = static_cast<unsigned>(s.lab->hosts());
  // Vivaldi over the measured mesh: node 1 pings the others and, through their control sockets in
  // the home, every node pings every other; all four coordinates are fitted and printed.
  const auto err = (s.dir / "coord-probe.stderr").string();
  const auto target = "node-" + std::to_string(n) + "@" + ov.overlay();
  const auto r = run_command("'" + std::string(DISCO_COORD_PROBE) + "' --home '" + ov.home().string() +
                             "' --node 1 --mesh --samples 10 --json --predict " + target + " 2>'" + err + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << read_text(err);
  const auto out = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << r.out;
  std::printf("coord-probe: %s\n", r.out.c_str());
  EXPECT_EQ(out.value("model", ""), "vivaldi");
  EXPECT_EQ(out.value("mesh", false), true);
  EXPECT_EQ(out.value("node_id", ""), ov.node_id_hex(1));
  ASSERT_TRUE(out.contains("peers") && out["peers"].is_array());
  EXPECT_TRUE(out.value("warnings", json::array()).empty()) << out["warnings"].dump();

  // Every node's coordinate: node 1's at the top, the others' in peers[], matched by Node-ID.
  std::vector<std::optional<Coordinate>> coords(n + 1);
  coords[1] = coordinate_of(out);
  std::vector<json> peer(n + 1);
  for (const auto& p : out["peers"]) {
    for (unsigned j = 2; j <= n; ++j) {
      if (p.value("node_id", "") != ov.node_id_hex(j)) continue;
      peer[j] = p;
      if (p.contains("coordinate")) coords[j] = coordinate_of(p["coordinate"]);
    }
  }
  for (unsigned j = 1; j <= n; ++j) ASSERT_TRUE(coords[j].has_value()) << "no coordinate for node " << j;

  // coord-probe's own matrix (row = from): the measured RTTs of every direction (25th percentile
  // of its samples) and the predictions, which must be the distances of the printed coordinates.
  ASSERT_TRUE(out.contains("matrix")) << r.out;
  const auto& matrix = out["matrix"];
  std::vector<std::size_t> row(n + 1, 0);  // node i -> its index in matrix.nodes
  ASSERT_EQ(matrix.value("nodes", json::array()).size(), n) << matrix.dump();
  for (unsigned i = 1; i <= n; ++i) {
    const auto& nodes = matrix["nodes"];
    const auto at = std::find(nodes.begin(), nodes.end(), json(ov.node_id_hex(i)));
    ASSERT_NE(at, nodes.end()) << "node " << i << " not in " << nodes.dump();
    row[i] = static_cast<std::size_t>(at - nodes.begin());
  }
  const auto entry = [&](const char* which, unsigned from, unsigned to) {
    const auto& v = matrix[which][row[from]][row[to]];
    return v.is_number() ? v.get<double>() : -1.0;
  };
  std::printf("pair  configured_rtt_ms  measured_ms (a->b, b->a)  predicted_ms  relative_error\n");
  double worst = 0;
  for (unsigned a = 1; a <= n; ++a) {
    for (unsigned b = a + 1; b <= n; ++b) {
      const double want = s.lab->rtt_ms(a - 1, b - 1);
      const double predicted = vivaldi_rtt(*coords[a], *coords[b]);
      const double rel = std::abs(predicted - want) / want;
      worst = std::max(worst, rel);
      std::printf("%u-%u  %17.1f  %11.1f, %11.1f  %12.1f  %14.3f\n", a, b, want, entry("measured_rtt_ms", a, b),
                  entry("measured_rtt_ms", b, a), predicted, rel);
      EXPECT_NEAR(entry("predicted_rtt_ms", a, b), predicted, 0.5) << "matrix " << a << "->" << b;
      EXPECT_NEAR(entry("predicted_rtt_ms", b, a), predicted, 0.5) << "matrix " << b << "->" << a;
      // Every pair was measured, and over the switch's delay.
      EXPECT_GE(entry("measured_rtt_ms", a, b), want - 1.0) << a << "->" << b;
      EXPECT_GE(entry("measured_rtt_ms", b, a), want - 1.0) << b << "->" << a;
      EXPECT_LE(rel, 0.20) << "node " << a << " - node " << b << ": predicted " << predicted << " ms, configured "
                           << want << " ms";
      if (a == 1) {
        // What coord-probe itself reports as node 1's prediction is the same distance.
        ASSERT_TRUE(peer[b].contains("predicted_rtt_ms")) << peer[b].dump();
        EXPECT_NEAR(peer[b]["predicted_rtt_ms"].get<double>(), predicted, 0.5) << peer[b].dump();
        EXPECT_EQ(peer[b].value("hops", -1), 1) << peer[b].dump();
      }
    }
  }
  std::printf("worst relative error of the predicted RTTs: %.3f\n", worst);
  ASSERT_TRUE(out.contains("predict")) << r.out;
  EXPECT_NEAR(out["predict"].value("predicted_rtt_ms", -1.0), vivaldi_rtt(*coords[1], *coords[n]), 0.5);

  // GNP from the last node against the others as landmarks (their positions fitted over the
  // measured mesh, 2 dimensions for 3 landmarks): its predicted RTT to each landmark.
  std::string landmarks;
  for (unsigned j = 1; j < n; ++j) landmarks += (j > 1 ? "," : "") + ("node-" + std::to_string(j) + "@" + ov.overlay());
  const auto g = run_command("'" + std::string(DISCO_COORD_PROBE) + "' --home '" + ov.home().string() + "' --node " +
                             std::to_string(n) + " --model gnp --landmarks " + landmarks +
                             " --mesh --dimensions 2 --samples 10 --json 2>'" + err + "'");
  ASSERT_EQ(g.exit_code, 0) << g.out << read_text(err);
  const auto gnp = json::parse(g.out, nullptr, false);
  ASSERT_FALSE(gnp.is_discarded()) << g.out;
  EXPECT_EQ(gnp.value("model", ""), "gnp");
  std::printf("gnp from node %u: pair  configured_rtt_ms  measured_ms  predicted_ms  relative_error\n", n);
  unsigned predicted_landmarks = 0;
  for (const auto& p : gnp.value("peers", json::array())) {
    for (unsigned j = 1; j < n; ++j) {
      if (p.value("node_id", "") != ov.node_id_hex(j) || !p.contains("predicted_rtt_ms")) continue;
      const double want = s.lab->rtt_ms(j - 1, n - 1);
      const double predicted = p["predicted_rtt_ms"].get<double>();
      const double rel = std::abs(predicted - want) / want;
      std::printf("%u-%u  %17.1f  %11.1f  %12.1f  %14.3f\n", j, n, want, p.value("rtt_ms", -1.0), predicted, rel);
      EXPECT_LE(rel, 0.20) << "gnp: node " << j << " - node " << n << ": predicted " << predicted << " ms";
      ++predicted_landmarks;
    }
  }
  EXPECT_EQ(predicted_landmarks, n - 1) << g.out;
  for (unsigned i = 1; i <= n; ++i) EXPECT_EQ(ov.sanitizer_report(i), "") << "node " << i;
}

#endif  // DISCO_COORD_PROBE

}  // namespace
}  // namespace disco::test
