// Real `reload-node` processes on 127.0.0.1 over TLS (issue "reload-node", Proof): a 20-peer ring
// converges; 1,000 values stored and fetched through the overlay keep three copies through SIGKILLed
// peers and a graceful leave; --state-dir keeps values across a restart of the whole overlay; a
// home with the default (RSA) keys works end to end.
//
// The figures (convergence, latencies, repair time, RSS) are printed in one "[overlay]" block. The
// binary is the one built next to this test (ASan in the dev preset, which inflates RSS and slows
// everything); DISCO_RELOAD_NODE_BIN points the same test at another build, e.g. a release one.

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "libcommon/control/client.hpp"
#include "tests/support/process.hpp"

namespace disco::test {
namespace {

namespace fs = std::filesystem;
using control::ControlClient;
using control::Op;
using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto control_timeout = 20s;  // above a request's 5 end-to-end transmissions (s6.2.1)
constexpr const char* overlay_name = "it.test";

std::string reload_node_bin() {
  if (const char* p = std::getenv("DISCO_RELOAD_NODE_BIN"); p != nullptr && *p != '\0') return p;
  return DISCO_RELOAD_NODE;
}

// How the figures should be read: the dev preset's binary runs under ASan.
std::string build_note() {
  if (const char* p = std::getenv("DISCO_RELOAD_NODE_BIN"); p != nullptr && *p != '\0')
    return fmt::format("binary {} (DISCO_RELOAD_NODE_BIN)", p);
#if defined(__SANITIZE_ADDRESS__)
  return "ASan build figure (dev preset; RSS and latencies are inflated)";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return "ASan build figure (dev preset; RSS and latencies are inflated)";
#else
  return "build next to the test, no ASan";
#endif
#else
  return "build next to the test";
#endif
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
double millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

std::string to_lower_hex(const std::string& text) {
  std::string out;
  for (unsigned char c : text) out += fmt::format("{:02x}", c);
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string tail_of(const fs::path& path, std::size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += all[i] + "\n";
  return out;
}

bool tcp_port_free(std::uint16_t port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;  // NOLINT
  ::close(s);
  return ok;
}

// A base port P with P..P+n-1 free. Below the kernel's ephemeral range, so that the peers' own
// outgoing connections cannot take the listen port of a peer that starts after them.
std::uint16_t free_base_port(unsigned n) {
  unsigned ephemeral_low = 32768;
  if (std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range"); in) in >> ephemeral_low;
  const unsigned low = 10000;
  const unsigned high = std::max(low + 1000, ephemeral_low) - n;
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto base = static_cast<std::uint16_t>(std::uniform_int_distribution<unsigned>(low, high)(rng));
    bool all = true;
    for (unsigned i = 0; i < n && all; ++i) all = tcp_port_free(static_cast<std::uint16_t>(base + i));
    if (all) return base;
  }
  throw std::runtime_error("no run of free ports");
}

struct Peer {
  unsigned index = 0;  // 1-based, as in the home
  fs::path log;
  std::string control;
  std::optional<std::string> state_dir;
  std::unique_ptr<Process> process;
  std::optional<ControlClient> client;
  std::string node_id;
  std::string user;
  bool alive = false;
};

// One value of the big test: written by the node whose user owns the resource (USER-MATCH).
struct Value {
  unsigned v = 0;
  unsigned writer = 0;  // 0-based peer position
  std::string key;
  std::string value;
};

class ReloadOverlay : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "disco-overlay-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }

  void TearDown() override {
    // Sanitizer reports from any peer fail the test, whatever else happened.
    for (const auto& p : peers_)
      for (const auto& log : {p.log, fs::path(p.log.string() + ".prev")}) {
        std::ifstream in(log);
        std::stringstream s;
        s << in.rdbuf();
        const auto text = s.str();
        if (text.find("ERROR: AddressSanitizer") != std::string::npos ||
            text.find("ERROR: LeakSanitizer") != std::string::npos || text.find("runtime error:") != std::string::npos)
          ADD_FAILURE() << "sanitizer report from node " << p.index << " in " << log.string() << ":\n"
                        << tail_of(log, 60);
      }
    if (HasFailure()) {
      for (const auto& p : peers_)
        std::cerr << "---- node " << p.index << " (" << p.log.string() << "), last lines:\n" << tail_of(p.log, 15);
    }
    peers_.clear();  // SIGKILLs whatever still runs
    if (!HasFailure() && std::getenv("DISCO_KEEP_OVERLAY_DIR") == nullptr) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    } else {
      std::cerr << "overlay home kept in " << dir_.string() << "\n";
    }
  }

  // `reload-node init` for n nodes; key_type empty: the default (RSA).
  void init(unsigned n, const std::string& key_type) {
    base_port_ = free_base_port(n);
    std::vector<std::string> argv{
        reload_node_bin(), "init",    "--overlay",       overlay_name,  "--dir",
        dir_.string(),     "--nodes", std::to_string(n), "--base-port", std::to_string(base_port_)};
    if (!key_type.empty()) argv.insert(argv.end(), {"--key-type", key_type});
    Process tool(argv, (dir_ / "init.log").string(), (dir_ / "init.out").string());
    auto rc = tool.wait(120s);
    ASSERT_TRUE(rc.has_value()) << "reload-node init did not finish";
    ASSERT_EQ(*rc, 0) << tail_of(dir_ / "init.log", 20);
    peers_.resize(n);
    for (unsigned i = 0; i < n; ++i) {
      auto& p = peers_[i];
      p.index = i + 1;
      p.log = dir_ / fmt::format("node-{}.log", p.index);
      p.control = (dir_ / "nodes" / std::to_string(p.index) / "reload-node.sock").string();
    }
  }

  void spawn(Peer& p) {
    // -v: info logs (joins, failed peers) for the log tails printed on failure.
    std::vector<std::string> argv{reload_node_bin(),       "-v",        "run",    "--home", dir_.string(), "--node",
                                  std::to_string(p.index), "--control", p.control};
    if (p.state_dir) argv.insert(argv.end(), {"--state-dir", *p.state_dir});
    p.client.reset();
    p.process.reset();
    std::error_code ec;  // a restart keeps the earlier run's log as .prev
    if (fs::exists(p.log)) fs::rename(p.log, fs::path(p.log.string() + ".prev"), ec);
    p.process = std::make_unique<Process>(argv, p.log.string());
    p.alive = true;
  }

  // Waits for the "listening" line, then connects a control client.
  void await_listening(Peer& p) {
    for (;;) {
      auto line = p.process->read_line(60s);
      ASSERT_TRUE(line.has_value()) << "node " << p.index << " printed no listening line:\n" << tail_of(p.log, 20);
      auto j = json::parse(*line, nullptr, false);
      if (j.is_discarded() || j.value("event", "") != "listening") continue;
      p.node_id = lower(j.at("node_id").get<std::string>());
      p.user = j.at("user").get<std::string>();
      break;
    }
    auto c = ControlClient::connect(p.control, 10s);
    ASSERT_TRUE(c.has_value()) << "node " << p.index << ": " << c.error().message;
    p.client.emplace(std::move(*c));
  }

  // Starts every peer: the first one (it starts the overlay) before the others.
  void start_all() {
    started_ = Clock::now();
    spawn(peers_[0]);
    ASSERT_NO_FATAL_FAILURE(await_listening(peers_[0]));
    for (std::size_t i = 1; i < peers_.size(); ++i) spawn(peers_[i]);
    for (std::size_t i = 1; i < peers_.size(); ++i) ASSERT_NO_FATAL_FAILURE(await_listening(peers_[i]));
  }

  std::vector<Peer*> live() {
    std::vector<Peer*> out;
    for (auto& p : peers_)
      if (p.alive) out.push_back(&p);
    return out;
  }

  static base::result<json, control::ControlError> call(Peer& p, Op op, const json& args = json::object()) {
    return p.client->call(op, args, control_timeout);
  }

  // Every live peer is ready and its first successor and predecessor are the true ones (the live
  // Node-IDs in ring order). Returns the first disagreement, empty when converged.
  std::string ring_disagreement() {
    auto peers = live();
    std::vector<std::string> ids;
    ids.reserve(peers.size());
    for (auto* p : peers) ids.push_back(p->node_id);  // equal-length hex: text order is ring order
    std::sort(ids.begin(), ids.end());
    for (auto* p : peers) {
      auto s = call(*p, Op::status);
      if (!s) return fmt::format("node {}: status: {}", p->index, s.error().message);
      if (s->value("state", "") != "ready") return fmt::format("node {} is {}", p->index, s->value("state", "?"));
      auto at = std::find(ids.begin(), ids.end(), p->node_id) - ids.begin();
      const auto n = static_cast<std::ptrdiff_t>(ids.size());
      const auto& succ = ids[static_cast<std::size_t>((at + 1) % n)];
      const auto& pred = ids[static_cast<std::size_t>((at + n - 1) % n)];
      const auto& ss = s->at("successors");
      const auto& ps = s->at("predecessors");
      if (ss.empty() || lower(ss[0].get<std::string>()) != succ)
        return fmt::format("node {}: successor {} (want {})", p->index, ss.empty() ? "none" : ss[0].dump(), succ);
      if (ps.empty() || lower(ps[0].get<std::string>()) != pred)
        return fmt::format("node {}: predecessor {} (want {})", p->index, ps.empty() ? "none" : ps[0].dump(), pred);
    }
    return {};
  }

  // Polls until the ring has converged; returns how long that took from `since`.
  std::optional<double> await_converged(Clock::time_point since, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    std::string last;
    while (Clock::now() < deadline) {
      last = ring_disagreement();
      if (last.empty()) return seconds(Clock::now() - since);
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << "ring did not converge within " << limit.count() << " s: " << last;
    return std::nullopt;
  }

  base::result<json, control::ControlError> store(Peer& p, const std::string& resource, const std::string& key,
                                                  const std::string& value) {
    return call(p, Op::store, json{{"resource", resource}, {"kind", "DISCO-NOTE"}, {"key", key}, {"value", value}});
  }

  // The value under `key`, or why there is none.
  std::string fetch(Peer& p, const std::string& resource, const std::string& key, std::string& value) {
    auto a = call(p, Op::fetch, json{{"resource", resource}, {"kind", "DISCO-NOTE"}, {"keys", json::array({key})}});
    if (!a) return a.error().message;
    for (const auto& v : a->at("values"))
      if (v.value("key", "") == key && v.value("exists", false)) {
        value = v.value("value", "");
        return {};
      }
    return fmt::format("no value in the answer from {}", a->value("node_id", "?"));
  }

  // How many live peers hold each "<resource_id>/<key hex>" of DISCO-NOTE.
  std::map<std::string, unsigned> copies() {
    std::map<std::string, unsigned> count;
    for (auto* p : live()) {
      auto a = call(*p, Op::stored);
      if (!a) {
        ADD_FAILURE() << "node " << p->index << ": stored: " << a.error().message;
        continue;
      }
      for (const auto& r : a->at("resources"))
        for (const auto& k : r.at("kinds")) {
          if (k.value("name", "") != "DISCO-NOTE") continue;
          for (const auto& key : k.value("keys_hex", json::array()))
            ++count[lower(r.at("resource_id").get<std::string>()) + "/" + lower(key.get<std::string>())];
        }
    }
    return count;
  }

  fs::path dir_;
  std::uint16_t base_port_ = 0;
  std::vector<Peer> peers_;
  Clock::time_point started_;
};

// --- the 20-peer test's bookkeeping

struct Figures {
  double converge_s = 0;
  std::vector<double> store_ms;
  std::vector<double> fetch_ms;
  double replicas_s = 0;
  double repair_copies_s = 0;  // after the last kill
  double repair_fetch_s = 0;
  double leave_copies_s = 0;  // after SIGTERM
  double leave_fetch_s = 0;
  double rss_mib = 0;
};

TEST_F(ReloadOverlay, TwentyPeersStoreFetchSurviveKillsAndLeave) {
  constexpr unsigned n = 20;
  constexpr unsigned value_count = 1000;
  // Control clients at once. One: the latencies are those of the overlay, not of queueing behind
  // other requests on a 2-core machine running 20 peers.
  constexpr unsigned workers = 1;
  ASSERT_NO_FATAL_FAILURE(init(n, "ec"));
  ASSERT_NO_FATAL_FAILURE(start_all());
  Figures f;
  auto converged = await_converged(started_, 90s);
  ASSERT_TRUE(converged);
  f.converge_s = *converged;
  std::cout << fmt::format("[overlay] ring of {} converged {:.1f} s after the first start\n", n, f.converge_s);

  std::vector<Value> values;
  for (unsigned v = 0; v < value_count; ++v) {
    Value x{v, v % n, fmt::format("k{}", v), fmt::format("value-{}", v)};
    x.value.resize(100, '.');
    values.push_back(x);
  }
  // Each worker owns the clients of the peers at positions w with w % workers == worker.
  auto run_parallel = [&](auto&& per_value, auto&& client_of) {
    std::mutex m;
    std::vector<std::string> errors;
    std::vector<double> latencies;
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < workers; ++t)
      threads.emplace_back([&, t] {
        std::vector<double> mine;
        std::vector<std::string> my_errors;
        for (const auto& x : values) {
          if (client_of(x) % workers != t) continue;
          const auto t0 = Clock::now();
          auto e = per_value(x);
          mine.push_back(millis(Clock::now() - t0));
          if (!e.empty()) my_errors.push_back(fmt::format("v{}: {}", x.v, e));
        }
        std::lock_guard lock(m);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
        errors.insert(errors.end(), my_errors.begin(), my_errors.end());
      });
    for (auto& th : threads) th.join();
    return std::make_pair(latencies, errors);
  };

  // Store: value v through its writer, at the writer's own resource.
  std::map<unsigned, std::string> resource_id;  // writer -> Resource-ID hex, from the answers
  std::mutex rid_mutex;
  auto [store_ms, store_errors] = run_parallel(
      [&](const Value& x) -> std::string {
        auto& p = peers_[x.writer];
        auto a = store(p, p.user, x.key, x.value);
        if (!a) return a.error().message;
        std::lock_guard lock(rid_mutex);
        resource_id[x.writer] = lower(a->value("resource_id", ""));
        return {};
      },
      [](const Value& x) { return x.writer; });
  const auto stores_done = Clock::now();
  f.store_ms = store_ms;
  ASSERT_TRUE(store_errors.empty()) << store_errors.size() << " stores failed, first: " << store_errors.front();
  auto fetch_via = [&](const Value& x) { return (x.writer + 7) % n; };

  // Values with fewer than three copies among the live peers, as "v<n> (<copies>)".
  auto under_replicated = [&] {
    auto count = copies();
    std::vector<std::string> out;
    for (const auto& x : values) {
      auto c = count[resource_id[x.writer] + "/" + to_lower_hex(x.key)];
      if (c < 3) out.push_back(fmt::format("v{} ({})", x.v, c));
    }
    return out;
  };
  // Values no live peer can fetch right now (through the usual peer, or the next live one).
  auto unfetchable = [&](const std::vector<const Value*>& which) {
    std::vector<const Value*> out;
    for (const auto* x : which) {
      auto via = fetch_via(*x);
      while (!peers_[via].alive) via = (via + 1) % n;
      std::string got;
      if (!fetch(peers_[via], peers_[x->writer].user, x->key, got).empty() || got != x->value) out.push_back(x);
    }
    return out;
  };
  // Polls until every value has three live copies and can be fetched. Returns how long after
  // `since` the copies were back, and when every value had been fetched (that check takes a while
  // itself: a thousand fetches).
  struct Intact {
    double copies_s = 0;
    double fetchable_s = 0;
  };
  auto await_intact = [&](Clock::time_point since, std::chrono::seconds limit,
                          const char* what) -> std::optional<Intact> {
    const auto deadline = Clock::now() + limit;
    std::vector<std::string> short_of;
    std::vector<const Value*> missing;
    missing.reserve(values.size());
    for (const auto& x : values) missing.push_back(&x);
    std::optional<double> copies_s;
    while (Clock::now() < deadline) {
      short_of = under_replicated();
      if (short_of.empty()) {
        if (!copies_s) copies_s = seconds(Clock::now() - since);
        missing = unfetchable(missing);
        if (missing.empty()) return Intact{*copies_s, seconds(Clock::now() - since)};
      }
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << what << ": after " << limit.count() << " s, " << short_of.size()
                  << " values have < 3 copies (first: " << (short_of.empty() ? "-" : short_of.front()) << "), "
                  << missing.size() << " cannot be fetched (first: v" << (missing.empty() ? 0 : missing.front()->v)
                  << ")";
    return std::nullopt;
  };

  // s10.4: the responsible peer and its two successors hold every value. Replica Stores follow each
  // Store at once; polled, because they complete after the Store's answer.
  {
    std::vector<std::string> short_of;
    const auto deadline = stores_done + 60s;
    do {
      short_of = under_replicated();
      if (!short_of.empty()) std::this_thread::sleep_for(200ms);
    } while (!short_of.empty() && Clock::now() < deadline);
    ASSERT_TRUE(short_of.empty()) << short_of.size()
                                  << " values have < 3 copies 60 s after the stores, first: " << short_of.front();
    f.replicas_s = seconds(Clock::now() - stores_done);
  }

  // Fetch every value through another peer.
  auto [fetch_ms, fetch_errors] = run_parallel(
      [&](const Value& x) -> std::string {
        std::string got;
        auto e = fetch(peers_[fetch_via(x)], peers_[x.writer].user, x.key, got);
        if (!e.empty()) return e;
        return got == x.value ? std::string{} : "fetched \"" + got + "\"";
      },
      fetch_via);
  f.fetch_ms = fetch_ms;
  ASSERT_TRUE(fetch_errors.empty()) << fetch_errors.size() << " fetches failed, first: " << fetch_errors.front();
  std::cout << fmt::format("[overlay] store p50 {:.1f} ms p95 {:.1f} ms; fetch p50 {:.1f} ms p95 {:.1f} ms\n",
                           percentile(f.store_ms, 0.5), percentile(f.store_ms, 0.95), percentile(f.fetch_ms, 0.5),
                           percentile(f.fetch_ms, 0.95));
  std::cout << fmt::format("[overlay] every value has >= 3 copies {:.1f} s after the last store\n", f.replicas_s);

  // SIGKILL five peers, 3 s apart. Node 1 (the first bootstrap peer) stays; node 2, the other
  // bootstrap peer, goes, so joins and repairs must do with one.
  Clock::time_point last_kill;
  for (unsigned index : {2U, 6U, 10U, 14U, 18U}) {
    auto& p = peers_[index - 1];
    p.process->signal(SIGKILL);
    ASSERT_TRUE(p.process->wait(10s).has_value());
    p.client.reset();
    p.alive = false;
    last_kill = Clock::now();
    if (index != 18) std::this_thread::sleep_for(3s);
  }
  auto repaired = await_intact(last_kill, 120s, "after 5 SIGKILLs");
  ASSERT_TRUE(repaired);
  f.repair_copies_s = repaired->copies_s;
  f.repair_fetch_s = repaired->fetchable_s;
  auto reconverged = await_converged(last_kill, 60s);
  ASSERT_TRUE(reconverged);

  // A graceful leave (SIGTERM: hand data over, LeaveReq to the neighbours, exit 0).
  {
    auto& p = peers_[11];
    p.process->signal(SIGTERM);
    const auto t0 = Clock::now();
    auto rc = p.process->wait(30s);
    ASSERT_TRUE(rc.has_value()) << "node 12 did not exit after SIGTERM";
    EXPECT_EQ(*rc, 0) << tail_of(p.log, 20);
    p.client.reset();
    p.alive = false;
    auto intact = await_intact(t0, 60s, "after a graceful leave");
    ASSERT_TRUE(intact);
    f.leave_copies_s = intact->copies_s;
    f.leave_fetch_s = intact->fetchable_s;
    ASSERT_TRUE(await_converged(t0, 60s));
  }

  // RSS of a peer that only took part like every other (never killed, never left).
  {
    std::ifstream in(fmt::format("/proc/{}/status", peers_[n - 1].process->pid()));
    for (std::string line; std::getline(in, line);)
      if (line.rfind("VmRSS:", 0) == 0) f.rss_mib = std::stod(line.substr(6)) / 1024.0;
    EXPECT_GT(f.rss_mib, 0);
  }

  std::cout << "[overlay] ==== reload-node overlay figures (" << build_note() << ") ====\n"
            << fmt::format(
                   "[overlay] converge {:.1f} s ({} peers, from the first process start to every peer ready "
                   "with the true successor and predecessor)\n",
                   f.converge_s, n)
            << fmt::format(
                   "[overlay] store p50 {:.1f} ms p95 {:.1f} ms; fetch p50 {:.1f} ms p95 {:.1f} ms ({} values "
                   "of 100 bytes, {} client(s) at once, control socket round trip included)\n",
                   percentile(f.store_ms, 0.5), percentile(f.store_ms, 0.95), percentile(f.fetch_ms, 0.5),
                   percentile(f.fetch_ms, 0.95), value_count, workers)
            << fmt::format("[overlay] >= 3 copies of every value {:.1f} s after the last store\n", f.replicas_s)
            << fmt::format(
                   "[overlay] repair after 5 SIGKILLs 3 s apart: >= 3 copies of every value {:.1f} s after "
                   "the last kill, all 1000 fetched by {:.1f} s\n",
                   f.repair_copies_s, f.repair_fetch_s)
            << fmt::format(
                   "[overlay] graceful leave (SIGTERM): >= 3 copies {:.1f} s after the signal, all fetched by "
                   "{:.1f} s\n",
                   f.leave_copies_s, f.leave_fetch_s)
            << fmt::format("[overlay] RSS of an idle peer {:.1f} MiB ({})\n", f.rss_mib, build_note())
            << "[overlay] ====\n";
}

TEST_F(ReloadOverlay, RestartWithStateDirKeepsValues) {
  constexpr unsigned n = 3;
  ASSERT_NO_FATAL_FAILURE(init(n, "ec"));
  for (auto& p : peers_) p.state_dir = (dir_ / "state" / std::to_string(p.index)).string();
  ASSERT_NO_FATAL_FAILURE(start_all());
  ASSERT_TRUE(await_converged(started_, 60s));
  for (unsigned v = 0; v < 10; ++v) {
    auto& p = peers_[v % n];
    auto a = store(p, p.user, fmt::format("k{}", v), fmt::format("value-{}", v));
    ASSERT_TRUE(a) << "v" << v << ": " << a.error().message;
  }
  // The whole overlay stops at once, so no peer can hand its data to another: what comes back is
  // what the peers saved in their state directories on the way out.
  for (auto& p : peers_) p.process->signal(SIGTERM);
  for (auto& p : peers_) {
    auto rc = p.process->wait(30s);
    ASSERT_TRUE(rc.has_value()) << "node " << p.index << " did not exit after SIGTERM";
    EXPECT_EQ(*rc, 0) << "node " << p.index << ":\n" << tail_of(p.log, 20);
    p.client.reset();
    p.alive = false;
    EXPECT_TRUE(fs::exists(fs::path(*p.state_dir) / "store.bin")) << "node " << p.index;
  }
  ASSERT_NO_FATAL_FAILURE(start_all());
  ASSERT_TRUE(await_converged(started_, 60s));
  const auto deadline = Clock::now() + 60s;
  std::vector<std::string> missing;
  do {
    missing.clear();
    for (unsigned v = 0; v < 10; ++v) {
      std::string got;
      auto e = fetch(peers_[(v + 1) % n], peers_[v % n].user, fmt::format("k{}", v), got);
      if (!e.empty() || got != fmt::format("value-{}", v)) missing.push_back(fmt::format("v{}: {}{}", v, e, got));
    }
    if (!missing.empty()) std::this_thread::sleep_for(500ms);
  } while (!missing.empty() && Clock::now() < deadline);
  EXPECT_TRUE(missing.empty()) << missing.size() << " values lost in the restart, first: " << missing.front();
}

TEST_F(ReloadOverlay, RsaHomeWorks) {
  ASSERT_NO_FATAL_FAILURE(init(3, ""));
  ASSERT_NO_FATAL_FAILURE(start_all());
  ASSERT_TRUE(await_converged(started_, 60s));
  auto& writer = peers_[1];
  auto a = store(writer, writer.user, "rsa", "stored by an RSA peer");
  ASSERT_TRUE(a) << a.error().message;
  for (auto i : {0U, 2U}) {
    std::string got;
    auto e = fetch(peers_[i], writer.user, "rsa", got);
    EXPECT_EQ(e, "") << "through node " << peers_[i].index;
    EXPECT_EQ(got, "stored by an RSA peer");
  }
}

}  // namespace
}  // namespace disco::test
