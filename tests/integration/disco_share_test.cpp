// Conference registration on a real overlay (issue "ShaRe + DisCo", Proof): ten reload-node
// processes; disco-register and disco-lookup as a user runs them. The owner of
// team-conf-node-1@<overlay> registers; a focus without a grant is refused (exit 4) and nothing is
// stored; after a grant it registers; delegation works and a revocation drops the whole subtree
// (refreshes refused, lookups drop the entries); an entry whose lifetime ends leaves the lookups;
// coordinates piped in as coord-probe prints them are stored; --keep refreshes and withdraws on
// SIGTERM. dumpcap + the nodes' TLS key logs let tshark dissect the Store/Fetch of both kinds, with
// no malformed frame. Lookup latency (p50/p95) with 10 and 100 foci is printed as "[disco]" lines.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "libcommon/cli/disco_ops.hpp"
#include "libcommon/security/private_key.hpp"
#include "tests/integration/reload_overlay.hpp"
#include "tests/support/process.hpp"
#include "tests/support/run_command.hpp"

namespace disco::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* overlay_name = "disco.test";
constexpr const char* conference = "sip:team-conf-node-1@disco.test";
constexpr const char* resource = "team-conf-node-1@disco.test";
constexpr std::uint32_t disco_kind = 0xF0000002;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::uintmax_t size_of(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  return out;
}

void send_udp_marker(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::sendto(fd, "marker", 6, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  ::close(fd);
}

std::string user(unsigned i) { return fmt::format("node-{}@{}", i, overlay_name); }

std::string coords(double x, double y, double h = 0) {
  return fmt::format(R"({{"model":"vivaldi","vector":[{},{}],"height":{},"error":0.2,"samples":40}})", x, y, h);
}

struct Percentiles {
  double p50 = 0, p95 = 0;
};

Percentiles percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  return {at(0.50), at(0.95)};
}

class DiscoShare : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("disco-share-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure() && !dir_.empty()) fs::remove_all(dir_);
  }

  // A tool run: its exit code and stdout (stderr to a file, shown on failure).
  CommandResult tool(const std::string& binary, const std::string& args, const std::string& stdin_text = {}) {
    const auto err = dir_ / "tool.stderr";
    std::string cmd;
    if (!stdin_text.empty()) {
      std::ofstream(dir_ / "stdin.txt") << stdin_text;
      cmd = "'" + binary + "' " + args + " < '" + (dir_ / "stdin.txt").string() + "'";
    } else {
      cmd = "'" + binary + "' " + args + " < /dev/null";
    }
    auto r = run_command(cmd + " 2>'" + err.string() + "'");
    last_stderr_ = read_file(err);
    return r;
  }
  CommandResult reg(unsigned node, const std::string& args, const std::string& stdin_text = {}) {
    return tool(DISCO_DISCO_REGISTER,
                fmt::format("--json --control '{}' {} {}", overlay_->control_path(node), conference, args), stdin_text);
  }
  // The Node-IDs disco-lookup prints, in its order.
  std::vector<std::string> lookup(unsigned node, const std::string& args = {}, int expect_exit = 0) {
    auto r = tool(DISCO_DISCO_LOOKUP,
                  fmt::format("--json --control '{}' {} {}", overlay_->control_path(node), conference, args));
    EXPECT_EQ(r.exit_code, expect_exit) << last_stderr_;
    std::vector<std::string> ids;
    for (const auto& line : split(r.out, '\n')) {
      if (line.empty()) continue;
      auto j = json::parse(line, nullptr, false);
      EXPECT_FALSE(j.is_discarded()) << line;
      if (!j.is_discarded()) ids.push_back(j.value("node_id", ""));
      last_lookup_.push_back(j);
    }
    return ids;
  }
  // Whether the storing peer holds a value (exists) under node i's key. A Stat, not a Fetch: a Fetch
  // of a missing key answers a synthesized value whose SignerIdentity type none(3) Wireshark 4.0
  // does not know ("Unknown identity type").
  bool stored_under(unsigned i) {
    auto r = overlay_->call(3, control::Op::stat,
                            {{"resource", resource}, {"kind", disco_kind}, {"keys_hex", {overlay_->node_id_hex(i)}}});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (!r) return false;
    for (const auto& v : (*r)["values"])
      if (v.value("exists", false)) return true;
    return false;
  }
  // Lookup latency through the library (what disco-lookup does, without the process start).
  Percentiles measure_lookups(unsigned node, std::size_t expected, int rounds) {
    auto session = cli::disco_ops::open_session(overlay_->control_path(node), 20s);
    EXPECT_TRUE(session);
    if (!session) return {};
    auto me = coord::parse_coordinate_text(coords(0, 0));
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
      const auto t0 = Clock::now();
      auto found = cli::disco_ops::lookup(*session, conference, *me);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      EXPECT_TRUE(found);
      if (found) EXPECT_EQ(found->foci.size(), expected);
    }
    return percentiles(ms);
  }

  bool start_capture(std::uint16_t base_port, unsigned nodes) {
    capture_ = dir_ / "disco.pcapng";
    marker_port_ = free_port();
    const std::string filter =
        fmt::format("tcp portrange {}-{} or udp port {}", base_port, base_port + nodes - 1, marker_port_);
    dumpcap_.emplace(std::vector<std::string>{"dumpcap", "-i", "lo", "-f", filter, "-w", capture_.string()},
                     (dir_ / "dumpcap.stderr").string(), (dir_ / "dumpcap.stdout").string());
    for (int i = 0; i < 100; ++i) {
      send_udp_marker(marker_port_);
      std::this_thread::sleep_for(100ms);
      if (read_file(dir_ / "dumpcap.stderr").find("Packets: ") != std::string::npos) return true;
      if (dumpcap_->wait(0ms)) break;
    }
    dumpcap_.reset();
    return false;
  }
  void stop_capture() {
    for (int round = 0; round < 2; ++round) {
      const auto seen = size_of(dir_ / "dumpcap.stderr");
      send_udp_marker(marker_port_);
      for (int i = 0; i < 50 && size_of(dir_ / "dumpcap.stderr") == seen; ++i) std::this_thread::sleep_for(100ms);
    }
    dumpcap_->signal(SIGINT);
    EXPECT_EQ(dumpcap_->wait(10s), 0) << "dumpcap did not stop cleanly";
  }
  // tshark over the decrypted capture with the kind-table rows of DIGEST.md s19.
  std::string tshark(std::uint16_t base_port, unsigned nodes, const fs::path& keylog, const fs::path& dummy_rsa,
                     const std::string& args) {
    std::string cmd = fmt::format(
        "timeout 120 tshark -n -r '{}' -o 'tls.keylog_file:{}' -o "
        "'uat:reload_kindids:\"4\",\"ACCESS-CONTROL-LIST\",\"ARRAY\"' -o "
        "'uat:reload_kindids:\"{}\",\"DISCO-REGISTRATION\",\"DICTIONARY\"'",
        capture_.string(), keylog.string(), disco_kind);
    for (unsigned i = 0; i < nodes; ++i) {
      const auto port = std::to_string(base_port + i);
      cmd += " -d tcp.port==" + port + ",tls -o 'uat:ssl_keys:\"127.0.0.1\",\"" + port + "\",\"reload-framing\",\"" +
             dummy_rsa.string() + "\",\"\"'";
    }
    auto r = run_command(cmd + " " + args + " 2>'" + (dir_ / "tshark.stderr").string() + "'");
    EXPECT_EQ(r.exit_code, 0) << read_file(dir_ / "tshark.stderr");
    return r.out;
  }

  fs::path dir_, capture_;
  std::uint16_t marker_port_ = 0;
  std::optional<Process> dumpcap_;
  std::unique_ptr<ReloadOverlay> overlay_;
  std::string last_stderr_;
  std::vector<json> last_lookup_;
};

TEST_F(DiscoShare, TenNodeOverlayGrantDelegateRevokeExpireAndDissect) {
  constexpr unsigned nodes = 10;
  const auto base_port = free_port_range(nodes);
  const bool capturing = have_program("tshark") && have_program("dumpcap") && start_capture(base_port, nodes);
  if (!capturing) std::cout << "[ note ] no dumpcap capture on lo here: the tshark part is skipped\n";

  ReloadOverlayOptions o;
  o.reload_node = DISCO_RELOAD_NODE;
  o.dir = dir_;
  o.overlay = overlay_name;
  o.home_nodes = nodes;
  o.run_nodes = nodes;
  o.tls_keylog = capturing;
  o.base_port = base_port;
  std::string error;
  overlay_ = ReloadOverlay::start(o, error);
  ASSERT_NE(overlay_, nullptr) << error;
  const auto id = [&](unsigned i) { return overlay_->node_id_hex(i); };

  // No focus yet: exit 1.
  EXPECT_TRUE(lookup(5, "", 1).empty());

  // 1. The owner registers (and creates the ACL root item).
  auto r = reg(1, "--contact sip:focus@127.0.0.1:5070 --coords '" + coords(50, 50) + "'");
  ASSERT_EQ(r.exit_code, 0) << last_stderr_;
  EXPECT_TRUE(json::parse(r.out).contains("root_index")) << r.out;
  EXPECT_EQ(lookup(5), std::vector<std::string>{id(1)});

  // 2. Not granted: refused with exit 4, nothing stored.
  r = reg(2, "--coords '" + coords(1, 1) + "'");
  EXPECT_EQ(r.exit_code, 4) << last_stderr_;
  EXPECT_NE(last_stderr_.find("Error_Forbidden"), std::string::npos) << last_stderr_;
  EXPECT_FALSE(stored_under(2));
  // Nor may it plant an ACL item granting itself.
  r = reg(2, "--grant " + user(2));
  EXPECT_EQ(r.exit_code, 4) << last_stderr_;

  // 3. Granted: it registers, coordinates piped in as coord-probe prints them (a log line first).
  ASSERT_EQ(reg(1, "--grant " + user(2)).exit_code, 0) << last_stderr_;
  r = reg(2, "--coords -", "{\"note\":\"probing\"}\n" + coords(1, 1) + "\n");
  ASSERT_EQ(r.exit_code, 0) << last_stderr_;
  EXPECT_TRUE(stored_under(2));
  // Ordered by distance to the caller at (0,0): node 2 first.
  last_lookup_.clear();
  EXPECT_EQ(lookup(7, "--coords '" + coords(0, 0) + "'"), (std::vector<std::string>{id(2), id(1)}));
  ASSERT_FALSE(last_lookup_.empty());
  EXPECT_EQ(last_lookup_[0]["coordinates"]["vector"], json({1.0, 1.0}));
  EXPECT_EQ(last_lookup_[0]["contact"], "node:" + id(2));
  EXPECT_EQ(last_lookup_[1]["contact"], "sip:focus@127.0.0.1:5070");
  // Nearer to (60,60): node 1. --nearest prints one.
  EXPECT_EQ(lookup(7, "--nearest --coords '" + coords(60, 60) + "'"), std::vector<std::string>{id(1)});

  // 4. Delegation: node 3 may delegate, node 4 is granted by node 3, node 4 may not delegate.
  ASSERT_EQ(reg(1, "--grant " + user(3) + " --delegate").exit_code, 0) << last_stderr_;
  ASSERT_EQ(reg(3, "--grant " + user(4)).exit_code, 0) << last_stderr_;
  ASSERT_EQ(reg(3, "--coords '" + coords(20, 20) + "'").exit_code, 0) << last_stderr_;
  ASSERT_EQ(reg(4, "--coords '" + coords(30, 30) + "'").exit_code, 0) << last_stderr_;
  EXPECT_EQ(reg(4, "--grant " + user(6)).exit_code, 4) << last_stderr_;
  EXPECT_EQ(reg(6, "--coords '" + coords(0, 0) + "'").exit_code, 4) << last_stderr_;
  auto all = lookup(8);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), (std::set<std::string>{id(1), id(2), id(3), id(4)}));

  // 5. Revoking node 3 drops its subtree (node 4): refreshes refused, lookups drop both.
  ASSERT_EQ(reg(1, "--revoke " + user(3)).exit_code, 0) << last_stderr_;
  EXPECT_EQ(reg(4, "--coords '" + coords(30, 30) + "'").exit_code, 4) << last_stderr_;
  EXPECT_EQ(reg(3, "--coords '" + coords(20, 20) + "'").exit_code, 4) << last_stderr_;
  all = lookup(9);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), (std::set<std::string>{id(1), id(2)}));
  // Revoking node 2 too: its refresh is refused, lookups drop it; a revoked focus may still withdraw.
  ASSERT_EQ(reg(1, "--revoke " + user(2)).exit_code, 0) << last_stderr_;
  EXPECT_EQ(reg(2, "--coords '" + coords(1, 1) + "'").exit_code, 4) << last_stderr_;
  EXPECT_EQ(lookup(9), std::vector<std::string>{id(1)});
  EXPECT_EQ(reg(2, "--withdraw").exit_code, 0) << last_stderr_;
  EXPECT_FALSE(stored_under(2));
  // Revoking someone nobody granted: exit 1.
  EXPECT_EQ(reg(1, "--revoke " + user(9)).exit_code, 1) << last_stderr_;

  // 6. Lifetime: a 3 s registration leaves the lookups once it ends.
  ASSERT_EQ(reg(1, "--grant " + user(5)).exit_code, 0) << last_stderr_;
  ASSERT_EQ(reg(5, "--lifetime 3 --coords '" + coords(5, 5) + "'").exit_code, 0) << last_stderr_;
  all = lookup(6);
  EXPECT_NE(std::find(all.begin(), all.end(), id(5)), all.end());
  std::this_thread::sleep_for(4500ms);
  all = lookup(6);
  EXPECT_EQ(std::find(all.begin(), all.end(), id(5)), all.end());

  // 7. --keep: refreshes past a 2 s lifetime, withdraws on SIGTERM.
  ASSERT_EQ(reg(1, "--grant " + user(6)).exit_code, 0) << last_stderr_;
  {
    Process keep({DISCO_DISCO_REGISTER, "--json", "--control", overlay_->control_path(6), conference, "--keep",
                  "--lifetime", "2", "--coords", coords(6, 6)},
                 (dir_ / "keep.stderr").string());
    int refreshes = 0;
    const auto until = Clock::now() + 5s;
    while (Clock::now() < until) {
      if (auto line = keep.read_line(200ms); line && line->find("\"generation\"") != std::string::npos) ++refreshes;
    }
    EXPECT_GE(refreshes, 3) << read_file(dir_ / "keep.stderr");
    all = lookup(7);
    EXPECT_NE(std::find(all.begin(), all.end(), id(6)), all.end()) << "refreshed entry missing";
    keep.signal(SIGTERM);
    EXPECT_EQ(keep.wait(10s), 0) << read_file(dir_ / "keep.stderr");
    EXPECT_NE(keep.drain().find("withdrawn"), std::string::npos);
    all = lookup(7);
    EXPECT_EQ(std::find(all.begin(), all.end(), id(6)), all.end()) << "withdrawn entry still listed";
  }

  // 8. Ten foci, lookup latency.
  for (unsigned i = 2; i <= nodes; ++i) {
    if (i != 5 && i != 6) ASSERT_EQ(reg(1, "--grant " + user(i)).exit_code, 0) << last_stderr_;
    ASSERT_EQ(reg(i, fmt::format("--coords '{}'", coords(10.0 * i, 0))).exit_code, 0) << "node " << i << last_stderr_;
  }
  EXPECT_EQ(lookup(4).size(), nodes);
  const auto lat = measure_lookups(4, nodes, 40);
  std::cout << fmt::format("[disco] lookup latency, {} foci, 10-node overlay: p50 {:.1f} ms, p95 {:.1f} ms\n", nodes,
                           lat.p50, lat.p95);

  for (auto code : overlay_->stop()) EXPECT_EQ(code, 0);
  for (unsigned i = 1; i <= nodes; ++i) EXPECT_EQ(overlay_->sanitizer_report(i), "") << "node " << i;
  if (!capturing) return;
  stop_capture();

  const auto keylog = dir_ / "keylog.txt";
  {
    std::ofstream out(keylog);
    for (unsigned i = 1; i <= nodes; ++i) out << read_file(overlay_->keylog_path(i));
  }
  const auto dummy_rsa = dir_ / "uat-placeholder-rsa.pem";
  {
    auto key = security::PrivateKey::generate(security::KeyType::rsa);
    ASSERT_TRUE(key);
    std::ofstream(dummy_rsa) << key->to_pem();
  }
  // No malformed frame, no RELOAD expert item of Warning or above except Wireshark 4.0's known
  // dictionary-key misreading in Fetch/Stat requests naming keys (reload_tshark_tls_test.cpp).
  const auto flagged = tshark(base_port, nodes, keylog, dummy_rsa,
                              "-Y '_ws.malformed || (reload && _ws.expert.severity >= \"Warning\")' -T fields "
                              "-e frame.number -e reload.message.code -e _ws.expert.message");
  int malformed = 0;
  for (const auto& line : split(flagged, '\n')) {
    if (line.empty()) continue;
    const auto cols = split(line, '\t');
    const bool keyed_fetch = cols.size() >= 3 && (cols[1] == "9" || cols[1] == "25") &&
                             cols[2].find("Computed length > max_field length") != std::string::npos;
    if (keyed_fetch) continue;
    ++malformed;
    ADD_FAILURE() << "flagged frame: " << line << " (capture kept at " << capture_ << ")";
  }
  // Store and Fetch of both kinds are on the wire and dissect as RELOAD.
  std::set<std::string> stored_kinds, fetched_kinds;
  for (const auto& line : split(tshark(base_port, nodes, keylog, dummy_rsa,
                                       "-Y 'reload.message.code == 7 || reload.message.code == 9' -T fields -E "
                                       "occurrence=a -E aggregator=, -e reload.message.code -e reload.kinddata.kind -e "
                                       "frame.protocols"),
                                '\n')) {
    // StoreKindData and StoredDataSpecifier both show their Kind-ID as reload.kinddata.kind.
    const auto cols = split(line, '\t');
    if (cols.size() < 3) continue;
    EXPECT_NE(cols[2].find(":reload"), std::string::npos) << line;
    auto& kinds = cols[0] == "7" ? stored_kinds : fetched_kinds;
    for (const auto& k : split(cols[1], ',')) kinds.insert(k);
  }
  const auto dk = std::to_string(disco_kind);
  EXPECT_TRUE(stored_kinds.contains("4")) << "no Store of ACCESS-CONTROL-LIST dissected";
  EXPECT_TRUE(stored_kinds.contains(dk)) << "no Store of DISCO-REGISTRATION dissected";
  EXPECT_TRUE(fetched_kinds.contains("4")) << "no Fetch of ACCESS-CONTROL-LIST dissected";
  EXPECT_TRUE(fetched_kinds.contains(dk)) << "no Fetch of DISCO-REGISTRATION dissected";
  std::cout << fmt::format("[disco] tshark: {} flagged frames; Store kinds seen {}, Fetch kinds seen {}\n", malformed,
                           stored_kinds.size(), fetched_kinds.size());
}

// A hundred foci, one per peer: ten peers form the overlay and register (lookups timed), ninety
// more join in batches of ten and stay; once the ring has settled they register too (lookups
// timed again). Registrations are not made during the joins: a store that reaches a peer which has
// just become responsible may be checked against an ACL whose hand-over is still under way, and is
// then refused (RFC 8076 s6.4 needs the most recent ACL; a refusal is the safe answer).
TEST_F(DiscoShare, LookupLatencyWithHundredFoci) {
  constexpr unsigned ring = 10, foci = 100, batch = 10;
  ReloadOverlayOptions o;
  o.reload_node = DISCO_RELOAD_NODE;
  o.dir = dir_;
  o.overlay = overlay_name;
  o.home_nodes = foci;
  o.run_nodes = ring;
  std::string error;
  overlay_ = ReloadOverlay::start(o, error);
  ASSERT_NE(overlay_, nullptr) << error;
  const auto control = [&](unsigned i) {
    return i <= ring ? overlay_->control_path(i) : (dir_ / fmt::format("x-{}.sock", i)).string();
  };
  // Registers focus i; retried a few times, counted, in case the ring is still settling.
  int retries = 0;
  const auto register_focus = [&](unsigned i) {
    for (int attempt = 0;; ++attempt) {
      auto rr = tool(DISCO_DISCO_REGISTER, fmt::format("--json --control '{}' {} --lifetime 3600 --coords '{}'",
                                                       control(i), conference, coords(i, 1)));
      if (rr.exit_code == 0) return true;
      if (attempt == 5) {
        ADD_FAILURE() << "node " << i << ": " << last_stderr_;
        return false;
      }
      ++retries;
      std::this_thread::sleep_for(1s);
    }
  };

  // The owner grants every other focus; a long lifetime outlives the test.
  ASSERT_TRUE(register_focus(1));
  {
    auto session = cli::disco_ops::open_session(overlay_->control_path(1), 20s);
    ASSERT_TRUE(session);
    for (unsigned i = 2; i <= foci; ++i) {
      auto g = cli::disco_ops::grant(*session, conference, user(i), false, 3600);
      ASSERT_TRUE(g) << g.error().message;
    }
  }
  for (unsigned i = 2; i <= ring; ++i) ASSERT_TRUE(register_focus(i));
  const auto lat10 = measure_lookups(5, ring, 30);

  const auto t0 = Clock::now();
  std::vector<std::unique_ptr<Process>> extra;
  for (unsigned first = ring + 1; first <= foci; first += batch) {
    const auto from = extra.size();
    for (unsigned i = first; i < first + batch && i <= foci; ++i) {
      extra.push_back(std::make_unique<Process>(
          // A port free now: the one the home assigned may have gone to another connection since.
          // Below the ephemeral range (free_port_range()), where the peers' own outgoing
          // connections cannot take it before this peer binds it.
          std::vector<std::string>{DISCO_RELOAD_NODE, "run", "--home", overlay_->home().string(), "--node",
                                   std::to_string(i), "--control", control(i), "--listen",
                                   fmt::format("127.0.0.1:{}", free_port_range(1))},
          (dir_ / fmt::format("x-{}.stderr", i)).string()));
    }
    for (auto k = from; k < extra.size(); ++k) {
      const auto i = ring + 1 + static_cast<unsigned>(k);
      bool joined = false;
      const auto until = Clock::now() + 60s;
      while (!joined && Clock::now() < until) {
        auto line = extra[k]->read_line(500ms);
        if (line && line->find("\"joined\"") != std::string::npos) joined = true;
      }
      ASSERT_TRUE(joined) << "node " << i << ": " << read_file(dir_ / fmt::format("x-{}.stderr", i));
    }
  }
  const auto joined_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::this_thread::sleep_for(5s);  // a round of Updates
  for (unsigned i = ring + 1; i <= foci; ++i) ASSERT_TRUE(register_focus(i));
  std::size_t listed = 0;
  for (int attempt = 0; attempt < 10 && listed != foci; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(1s);
    listed = lookup(5).size();
  }
  ASSERT_EQ(listed, foci);
  const auto lat100 = measure_lookups(5, foci, 30);
  std::cout << fmt::format("[disco] lookup latency, {} foci, 10-peer overlay: p50 {:.1f} ms, p95 {:.1f} ms\n", ring,
                           lat10.p50, lat10.p95);
  std::cout << fmt::format(
      "[disco] lookup latency, {} foci, 100-peer overlay: p50 {:.1f} ms, p95 {:.1f} ms (90 peers joined in {:.0f} s; "
      "{} registrations retried)\n",
      foci, lat100.p50, lat100.p95, joined_s, retries);
  for (auto& p : extra) p->signal(SIGTERM);
  for (auto& p : extra) EXPECT_TRUE(p->wait(30s).has_value());
  for (auto code : overlay_->stop()) EXPECT_TRUE(code.has_value());
  for (unsigned i = 1; i <= ring; ++i) EXPECT_EQ(overlay_->sanitizer_report(i), "") << "node " << i;
}

}  // namespace
}  // namespace disco::test
