#include "libcommon/cli/coord_probe.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "libcommon/cli/exit_code.hpp"
#include "libcommon/cli/reload_node_commands.hpp"
#include "libcommon/control/client.hpp"
#include "libcommon/coord/gnp.hpp"
#include "libcommon/coord/latency_filter.hpp"
#include "libcommon/coord/mesh.hpp"
#include "libcommon/coord/vivaldi.hpp"

namespace disco::cli::coord_probe {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxHomeNodes = 1000;
constexpr std::size_t kMaxPeerCoordLines = 4096;
constexpr std::size_t kMaxFileBytes = std::size_t{4} * 1024 * 1024;

// A usage or input problem: the message for stderr and the exit status.
struct Failure {
  int code = exit_usage;
  std::string message;
};

base::failure<Failure> fail(int code, std::string message) { return base::failure{Failure{code, std::move(message)}}; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// What control/args.hpp takes for a Node-ID: 32..40 hex digits, even count (s6.3.1.1).
bool looks_like_node_id(std::string_view s) {
  if (s.size() < 32 || s.size() > 40 || s.size() % 2 != 0) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::optional<std::string> read_bounded(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  text.resize(kMaxFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

std::string read_stdin_bounded() {
  std::string text;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0 && text.size() <= kMaxFileBytes) text.append(buf, n);
  return text;
}

// A node of an overlay home (DIR/nodes/I/node.json, written by reload-node init).
struct HomeNode {
  unsigned index = 0;
  std::string node_id;  // lowercase hex
  std::string user;
};

std::vector<HomeNode> read_home(const std::string& home) {
  std::vector<HomeNode> nodes;
  for (unsigned i = 1; i <= kMaxHomeNodes; ++i) {
    std::string dir = home;
    if (!dir.empty() && dir.back() != '/') dir += '/';
    auto text = read_bounded(dir + "nodes/" + std::to_string(i) + "/node.json");
    if (!text) break;
    auto j = json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("node_id") || !j["node_id"].is_string()) continue;
    HomeNode n;
    n.index = i;
    n.node_id = lower(j["node_id"].get<std::string>());
    if (j.contains("user") && j["user"].is_string()) n.user = j["user"].get<std::string>();
    nodes.push_back(std::move(n));
  }
  return nodes;
}

// One peer or landmark of this run (index 0 of a mesh is the local node itself).
struct Participant {
  std::string name;         // as given
  std::string destination;  // what the ping asks for: a Node-ID, or a resource name
  std::string node_id;      // who answers, once known
  std::optional<unsigned> home_index;
  std::vector<double> rtts;  // kept samples, ms
  unsigned lost = 0;
  std::size_t hops = 0;
  std::optional<coord::Coordinate> coordinate;
};

struct Sample {
  double rtt_ms = 0;
  std::size_t hops = 0;
  std::int64_t transmissions = 1;
  std::string node_id;
};

// A failed ping is a lost sample unless the failure says the exchange itself is broken (a malformed
// request, a protocol mismatch, a bug): then the run stops with that error's exit status.
bool fatal(const control::ControlError& e) {
  using control::ErrorCode;
  return e.code == ErrorCode::bad_request || e.code == ErrorCode::unknown_op ||
         e.code == ErrorCode::unsupported_version || e.code == ErrorCode::internal || e.code == ErrorCode::forbidden;
}

base::result<Sample, control::ControlError> ping(control::ControlClient& client, const std::string& destination,
                                                 control::ControlClient::Timeout timeout) {
  auto answer = client.call(control::Op::ping, json{{"destination", destination}}, timeout);
  if (!answer) return base::failure{answer.error()};
  Sample s;
  const auto& a = *answer;
  // rtt_us when the node gives it (sub-millisecond paths), else the whole milliseconds.
  if (a.contains("rtt_us") && a["rtt_us"].is_number()) {
    s.rtt_ms = a["rtt_us"].get<double>() / 1000.0;
  } else if (a.contains("rtt_ms") && a["rtt_ms"].is_number()) {
    s.rtt_ms = a["rtt_ms"].get<double>();
  } else {
    return base::failure{control::ControlError{control::ErrorCode::internal, "ping answer without rtt_ms"}};
  }
  if (a.contains("hops") && a["hops"].is_number_unsigned()) s.hops = a["hops"].get<std::size_t>();
  if (a.contains("transmissions") && a["transmissions"].is_number_integer())
    s.transmissions = a["transmissions"].get<std::int64_t>();
  if (a.contains("node_id") && a["node_id"].is_string()) s.node_id = lower(a["node_id"].get<std::string>());
  if (!std::isfinite(s.rtt_ms) || s.rtt_ms < 0 || s.rtt_ms > coord::kMaxComponentMs)
    return base::failure{control::ControlError{control::ErrorCode::internal, "ping answer with an absurd RTT"}};
  return s;
}

// Progress on stderr once the run is slower than a second, and only for a person watching.
class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), tty_(::isatty(STDERR_FILENO) != 0) {}
  void tick() {
    ++done_;
    if (!tty_ || Clock::now() - start_ < std::chrono::seconds(1)) return;
    std::fprintf(stderr, "\rcoord-probe: %zu/%zu pings", done_, total_);
    shown_ = true;
  }
  ~Progress() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  Progress(Progress&&) = delete;
  Progress& operator=(Progress&&) = delete;

 private:
  std::size_t total_, done_ = 0;
  bool tty_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
};

// A peer's RTT from its samples: the 25th percentile (nearest rank below), the latency filter of
// coord/vivaldi.hpp over the whole run. A low percentile, because queueing only ever adds delay.
double filtered(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  std::deque<double> d(v.begin(), v.end());
  return *coord::percentile_of(d, 0.25);
}

// The members in coordinate.hpp's order (coord::to_json's object sorts them by name).
ordered_json coordinate_json(const coord::Coordinate& c) {
  const auto j = coord::to_json(c);
  ordered_json out;
  for (const char* key : {"model", "vector", "height", "error", "samples", "landmarks"})
    if (j.contains(key)) out[key] = ordered_json::parse(j[key].dump());
  return out;
}

// Round a millisecond figure for output: microseconds are all the node measures.
double round_us(double ms) { return std::round(ms * 1000.0) / 1000.0; }

struct Run {
  Run(const Options& options, bool json) : o(options), json_out(json) {}
  const Options& o;
  bool json_out;
  coord::Model model = coord::Model::vivaldi;
  std::size_t dimensions = 3;
  control::ControlClient::Timeout timeout{5000};
  std::string local_path;
  std::vector<HomeNode> home;
  std::vector<std::string> warnings;
  std::string local_node_id;
  std::vector<Participant> targets;
  std::vector<PeerCoordinate> known;  // --peer-coords
  // --mesh: samples[i][j], i and j over {local} + targets.
  std::vector<std::vector<std::vector<double>>> mesh_samples;
  std::vector<std::optional<control::ControlClient>> mesh_clients;  // index 0 unused
  std::uint64_t total_samples = 0;

  base::result<std::monostate, Failure> check_usage();
  base::result<std::monostate, Failure> resolve_targets(control::ControlClient& local);
  base::result<std::monostate, Failure> measure(control::ControlClient& local);
  base::result<coord::Coordinate, Failure> compute();
  base::result<std::optional<std::pair<std::string, double>>, Failure> predict(const coord::Coordinate& local) const;
  int output(const coord::Coordinate& c, const std::optional<std::pair<std::string, double>>& prediction) const;
  [[nodiscard]] ordered_json mesh_json(const coord::Coordinate& local) const;

  // Records one sample of i -> j (mesh) or local -> target j.
  bool keep(const Sample& s, std::size_t& hops_out) {
    hops_out = std::max(hops_out, s.hops);
    if (s.transmissions > 1) return false;  // Karn: a retransmitted request's RTT is ambiguous
    if (o.direct_only && s.hops > 1) return false;
    return true;
  }
};

base::result<std::monostate, Failure> Run::check_usage() {
  const auto m = coord::model_from_string(o.model);
  if (!m) return fail(exit_usage, "--model must be vivaldi, landmark or gnp");
  model = *m;
  if (o.samples == 0 || o.samples > max_samples) return fail(exit_usage, "--samples must be 1 to 1000");
  if (!o.from.empty()) {
    if (o.predict.empty()) return fail(exit_usage, "--from only makes sense with --predict");
    return std::monostate{};
  }
  if (o.mesh && o.home.empty()) return fail(exit_usage, "--mesh needs --home DIR (the peers' control sockets)");
  if (o.mesh && !o.peer_coords.empty()) return fail(exit_usage, "--mesh and --peer-coords exclude each other");
  const auto peers = split_list(o.peers), landmarks = split_list(o.landmarks);
  if (model == coord::Model::vivaldi) {
    if (!landmarks.empty()) return fail(exit_usage, "--landmarks is for --model landmark or gnp; vivaldi uses --peers");
    if (!o.mesh && o.peer_coords.empty())
      return fail(exit_usage,
                  "vivaldi needs the peers' coordinates: --peer-coords FILE, or --mesh to measure and fit them all "
                  "(see man coord-probe)");
    if (!o.mesh && peers.empty()) return fail(exit_usage, "--peers is required (or --mesh with --home)");
    dimensions = o.dimensions.value_or(3);
  } else {
    if (!peers.empty()) return fail(exit_usage, "--peers is for vivaldi; landmark and gnp use --landmarks");
    if (landmarks.empty()) return fail(exit_usage, "--model " + o.model + " needs --landmarks LIST");
    if (model == coord::Model::gnp) {
      if (!o.mesh && o.peer_coords.empty())
        return fail(exit_usage, "gnp needs the landmarks' positions: --peer-coords FILE, or --mesh to fit them");
      dimensions = o.dimensions.value_or(std::min<std::size_t>(5, landmarks.size() - 1));
      if (dimensions == 0 || dimensions >= landmarks.size())
        return fail(exit_usage, "gnp needs more landmarks than --dimensions (at least 2 landmarks)");
    }
  }
  if (dimensions == 0 || dimensions > 16) return fail(exit_usage, "--dimensions must be 1 to 16");
  if (peers.size() > max_peers || landmarks.size() > coord::kMaxDimensions)
    return fail(exit_usage, "at most 64 peers and 32 landmarks");
  return std::monostate{};
}

base::result<std::monostate, Failure> Run::resolve_targets(control::ControlClient& local) {
  auto names = split_list(model == coord::Model::vivaldi ? o.peers : o.landmarks);
  if (!o.home.empty()) home = read_home(o.home);
  if (names.empty()) {  // --mesh without --peers: every other node of the home
    for (const auto& n : home)
      if (n.node_id != local_node_id) names.push_back(n.user.empty() ? n.node_id : n.user);
    if (names.empty()) return fail(exit_negative, "no other node found in " + o.home + "/nodes/*/node.json");
  }
  for (const auto& name : names) {
    Participant p;
    p.name = name;
    p.destination = name;
    if (looks_like_node_id(name)) p.node_id = lower(name);
    for (const auto& n : home) {
      // A user name of the home means that node, not the peer responsible for the name's
      // Resource-ID, which a ping to the name would reach.
      if ((!n.user.empty() && n.user == name) || n.node_id == p.node_id) {
        p.node_id = n.node_id;
        p.destination = n.node_id;
        p.home_index = n.index;
      }
    }
    // A landmark may be the local node (its RTT to itself is ~0); a Vivaldi peer may not.
    if (p.node_id == local_node_id && model == coord::Model::vivaldi)
      return fail(exit_usage, name + " is the local node itself; name other peers");
    targets.push_back(std::move(p));
  }
  if (!o.mesh) return std::monostate{};

  // A resource name reaches whichever peer is responsible for it; learn who with one ping.
  for (auto& t : targets) {
    if (!t.node_id.empty()) continue;
    auto s = ping(local, t.destination, timeout);
    if (!s)
      return fail(fatal(s.error()) ? control::exit_code_for(s.error().code) : exit_negative,
                  "cannot reach " + t.name + ": " + s.error().message);
    t.node_id = s->node_id;
    for (const auto& n : home)
      if (n.node_id == t.node_id) t.home_index = n.index;
  }
  mesh_clients.resize(targets.size() + 1);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto& t = targets[i];
    if (!t.home_index)
      return fail(exit_usage, "--mesh: " + t.name + " (" + t.node_id + ") is not a node of the home " + o.home);
    const auto path = reload_node::home_control_path(o.home, *t.home_index);
    auto c = control::ControlClient::connect(path, timeout);
    if (!c)
      return fail(control::exit_code_for(c.error().code),
                  "--mesh needs every peer's control socket: " + t.name + ": " + c.error().message);
    mesh_clients[i + 1] = std::move(*c);
  }
  return std::monostate{};
}

base::result<std::monostate, Failure> Run::measure(control::ControlClient& local) {
  const std::size_t n = targets.size();
  const std::size_t per_round = o.mesh ? (n + 1) * n : n;
  Progress progress(per_round * o.samples);
  if (o.mesh) mesh_samples.assign(n + 1, std::vector<std::vector<double>>(n + 1));
  auto one = [&](control::ControlClient& from, std::size_t from_index, std::size_t to_index,
                 const std::string& destination, Participant* target) -> base::result<std::monostate, Failure> {
    auto s = ping(from, destination, timeout);
    progress.tick();
    if (!s) {
      if (fatal(s.error())) return fail(control::exit_code_for(s.error().code), s.error().message);
      if (target != nullptr) ++target->lost;
      return std::monostate{};
    }
    std::size_t ignored_hops = 0;
    std::size_t& hops = target != nullptr ? target->hops : ignored_hops;
    if (!keep(*s, hops)) {
      if (target != nullptr) ++target->lost;
      return std::monostate{};
    }
    if (target != nullptr) {
      if (target->node_id.empty()) target->node_id = s->node_id;
      target->rtts.push_back(s->rtt_ms);
    }
    if (o.mesh) mesh_samples[from_index][to_index].push_back(s->rtt_ms);
    ++total_samples;
    return std::monostate{};
  };
  for (unsigned round = 0; round < o.samples; ++round) {
    for (std::size_t j = 0; j < n; ++j) {
      auto r = one(local, 0, j + 1, targets[j].destination, &targets[j]);
      if (!r) return base::failure{r.error()};
    }
    if (o.mesh) {
      for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 0; j <= n; ++j) {
          if (i == j) continue;
          const std::string& dest = j == 0 ? local_node_id : targets[j - 1].node_id;
          auto r = one(*mesh_clients[i], i, j, dest, nullptr);
          if (!r) return base::failure{r.error()};
        }
    }
    if (round + 1 < o.samples && o.interval_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
  }
  for (const auto& t : targets) {
    if (t.rtts.empty()) warnings.push_back(t.name + " never answered");
    if (t.hops > 1)
      warnings.push_back(t.name + " answered over " + std::to_string(t.hops) +
                         " overlay hops: its RTT measures the overlay path, not the network path");
  }
  return std::monostate{};
}

// The measured mesh as a matrix: [i][j] = median of the samples i -> j, NaN when none.
std::vector<double> mesh_matrix(const std::vector<std::vector<std::vector<double>>>& samples) {
  const std::size_t n = samples.size();
  std::vector<double> m(n * n, kNaN);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) m[i * n + j] = filtered(samples[i][j]);
  return m;
}

const PeerCoordinate* find_known(const std::vector<PeerCoordinate>& known, const Participant& t) {
  for (const auto& k : known)
    if (k.peer == t.name || (!t.node_id.empty() && k.node_id == t.node_id)) return &k;
  return nullptr;
}

base::result<coord::Coordinate, Failure> Run::compute() {
  const std::size_t n = targets.size();
  if (model == coord::Model::landmark || model == coord::Model::gnp) {
    std::vector<std::string> names;
    std::vector<double> rtts;
    for (const auto& t : targets) {
      if (t.rtts.empty())
        return fail(exit_negative, "landmark " + t.name + " never answered; every landmark is needed");
      names.push_back(t.name);
      rtts.push_back(round_us(filtered(t.rtts)));
    }
    if (model == coord::Model::landmark) {
      auto c = coord::landmark_coordinate(names, rtts, total_samples);
      if (!c) return fail(exit_internal, c.error().message);
      return *c;
    }
    coord::GnpConfig config;
    config.dimensions = dimensions;
    config.seed = o.seed;
    coord::GnpLandmarks lm;
    if (o.mesh) {
      // Landmark-landmark RTTs: the mesh without the local node.
      const auto full = mesh_matrix(mesh_samples);
      std::vector<double> ll(n * n);
      for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b) ll[a * n + b] = full[(a + 1) * (n + 1) + (b + 1)];
      auto fitted = coord::fit_landmarks(names, ll, config);
      if (!fitted) return fail(exit_negative, fitted.error().message);
      lm = *fitted;
    } else {
      lm.names = names;
      double error_sum = 0;
      for (const auto& t : targets) {
        const auto* k = find_known(known, t);
        if (k == nullptr || k->coordinate.model != coord::Model::gnp || k->coordinate.vector.size() != dimensions)
          return fail(exit_negative,
                      "--peer-coords has no " + std::to_string(dimensions) + "-D gnp position for landmark " + t.name);
        lm.positions.push_back(k->coordinate.vector);
        error_sum += k->coordinate.error;
      }
      lm.error = error_sum / static_cast<double>(n);
    }
    for (std::size_t i = 0; i < n; ++i) targets[i].coordinate = coord::landmark_position(lm, i);
    auto c = coord::fit_host(lm, rtts, total_samples, config);
    if (!c) return fail(exit_negative, c.error().message);
    return *c;
  }

  // vivaldi
  if (std::all_of(targets.begin(), targets.end(), [](const Participant& t) { return t.rtts.empty(); }))
    return fail(exit_negative, "no peer answered");
  if (o.mesh) {
    coord::MeshFitConfig config;
    config.vivaldi.dimensions = dimensions;
    config.seed = o.seed;
    auto coords = coord::fit_mesh(mesh_matrix(mesh_samples), n + 1, config);
    for (auto& c : coords) c.samples = total_samples;
    for (std::size_t i = 0; i < n; ++i) targets[i].coordinate = coords[i + 1];
    return coords[0];
  }
  std::vector<PeerCoordinate> fixed;
  std::vector<std::vector<double>> samples;
  for (auto& t : targets) {
    const auto* k = find_known(known, t);
    if (k == nullptr) {
      warnings.push_back(t.name + " has no coordinate in --peer-coords: its RTTs are not used");
      continue;
    }
    if (k->coordinate.model != coord::Model::vivaldi || k->coordinate.vector.size() != dimensions)
      return fail(exit_usage, "the coordinate of " + t.name + " in --peer-coords is not a " +
                                  std::to_string(dimensions) + "-D vivaldi coordinate (see --dimensions)");
    t.coordinate = k->coordinate;
    if (t.rtts.empty()) continue;
    fixed.push_back(*k);
    samples.push_back(t.rtts);
  }
  if (fixed.empty()) return fail(exit_negative, "no peer with a known coordinate answered");
  auto c = vivaldi_against_fixed(fixed, samples, dimensions, o.seed);
  c.samples = total_samples;
  return c;
}

base::result<coord::Coordinate, Failure> read_coordinate(const std::string& what, const std::string& source) {
  std::optional<std::string> text;
  if (source == "-")
    text = read_stdin_bounded();
  else
    text = read_bounded(source);
  if (!text) return fail(exit_negative, what + ": cannot read " + source);
  // The first non-blank line: coord-probe's own output is one line.
  std::string line;
  std::istringstream in(*text);
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) break;
  auto c = coord::parse_coordinate_text(line);
  if (!c) return fail(exit_malformed, what + " " + source + ": " + c.error().message);
  return *c;
}

base::result<std::optional<std::pair<std::string, double>>, Failure> Run::predict(
    const coord::Coordinate& local) const {
  if (o.predict.empty()) return std::optional<std::pair<std::string, double>>{};
  std::optional<coord::Coordinate> other;
  for (const auto& t : targets) {
    if (t.name != o.predict && (t.node_id.empty() || t.node_id != lower(o.predict))) continue;
    if (!t.coordinate) return fail(exit_negative, "--predict: the coordinate of " + o.predict + " is not known");
    other = *t.coordinate;
  }
  if (!other) {
    auto c = read_coordinate("--predict", o.predict);
    if (!c) {
      if (c.error().code == exit_negative)
        return fail(exit_negative, "--predict: " + o.predict + " is neither a peer of this run nor a readable file");
      return base::failure{c.error()};
    }
    other = *c;
  }
  auto d = coord::distance(local, *other);
  if (!d) return fail(exit_usage, "--predict: " + d.error().message);
  return std::optional{std::pair{o.predict, *d}};
}

// --mesh: every pair's measured and predicted RTT, so that a test bed compares them in one go.
ordered_json Run::mesh_json(const coord::Coordinate& local) const {
  const std::size_t n = targets.size() + 1;
  ordered_json nodes = ordered_json::array({local_node_id});
  std::vector<const coord::Coordinate*> coords{&local};
  for (const auto& t : targets) {
    nodes.push_back(t.node_id);
    coords.push_back(t.coordinate ? &*t.coordinate : nullptr);
  }
  const auto measured = mesh_matrix(mesh_samples);
  ordered_json m = ordered_json::array(), p = ordered_json::array();
  for (std::size_t i = 0; i < n; ++i) {
    ordered_json mrow = ordered_json::array(), prow = ordered_json::array();
    for (std::size_t j = 0; j < n; ++j) {
      const double v = i < mesh_samples.size() && j < mesh_samples.size() ? measured[i * n + j] : kNaN;
      mrow.push_back(std::isfinite(v) ? ordered_json(round_us(v)) : ordered_json(nullptr));
      std::optional<double> d;
      if (i != j && coords[i] != nullptr && coords[j] != nullptr)
        if (auto r = coord::distance(*coords[i], *coords[j])) d = *r;
      prow.push_back(d ? ordered_json(round_us(*d)) : ordered_json(nullptr));
    }
    m.push_back(std::move(mrow));
    p.push_back(std::move(prow));
  }
  return {{"nodes", std::move(nodes)}, {"measured_rtt_ms", std::move(m)}, {"predicted_rtt_ms", std::move(p)}};
}

std::string fixed1(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int Run::output(const coord::Coordinate& c, const std::optional<std::pair<std::string, double>>& prediction) const {
  ordered_json out = coordinate_json(c);
  if (!local_node_id.empty()) out["node_id"] = local_node_id;
  if (o.from.empty()) {
    out["mesh"] = o.mesh;
    ordered_json peers = ordered_json::array();
    for (const auto& t : targets) {
      ordered_json p;
      p["peer"] = t.name;
      p["node_id"] = t.node_id;
      if (t.rtts.empty()) {
        p["rtt_ms"] = nullptr;
        p["rtt_min_ms"] = nullptr;
      } else {
        p["rtt_ms"] = round_us(filtered(t.rtts));
        p["rtt_min_ms"] = round_us(*std::min_element(t.rtts.begin(), t.rtts.end()));
      }
      p["samples"] = t.rtts.size();
      p["lost"] = t.lost;
      p["hops"] = t.hops;
      if (t.coordinate) {
        p["coordinate"] = coordinate_json(*t.coordinate);
        if (auto d = coord::distance(c, *t.coordinate)) p["predicted_rtt_ms"] = round_us(*d);
      }
      peers.push_back(std::move(p));
    }
    out["peers"] = std::move(peers);
    if (o.mesh) out["matrix"] = mesh_json(c);
    out["warnings"] = warnings;
  }
  if (prediction) out["predict"] = {{"target", prediction->first}, {"predicted_rtt_ms", round_us(prediction->second)}};

  if (json_out) {
    std::cout << out.dump() << '\n';
  } else {
    std::ostringstream s;
    s << coord::to_string(c.model) << " [";
    for (std::size_t i = 0; i < c.vector.size(); ++i) s << (i ? ", " : "") << fixed1(c.vector[i]);
    s << "]";
    if (c.model == coord::Model::vivaldi) s << " height " << fixed1(c.height) << " ms";
    s << "  error " << fixed1(c.error * 100) << "%  " << c.samples << " samples" << (o.mesh ? " (mesh)" : "") << '\n';
    for (const auto& p : out.value("peers", ordered_json::array())) {
      s << "  " << p["peer"].get<std::string>();
      if (p["rtt_ms"].is_null()) {
        s << "  no answer";
      } else {
        s << "  rtt " << fixed1(p["rtt_ms"].get<double>()) << " ms (min " << fixed1(p["rtt_min_ms"].get<double>())
          << ", " << p["samples"] << " samples, " << p["lost"] << " lost, " << p["hops"]
          << (p["hops"] == 1 ? " hop)" : " hops)");
      }
      if (p.contains("predicted_rtt_ms")) s << "  predicted " << fixed1(p["predicted_rtt_ms"].get<double>()) << " ms";
      s << '\n';
    }
    if (prediction && c.model == coord::Model::landmark)
      s << "landmark vector distance to " << prediction->first << ": " << fixed1(prediction->second)
        << " (ranks candidates; not an RTT)\n";
    else if (prediction)
      s << "predicted RTT to " << prediction->first << ": " << fixed1(prediction->second) << " ms\n";
    std::cout << s.str();
    for (const auto& w : warnings) std::cerr << "coord-probe: warning: " << w << '\n';
  }
  return exit_success;
}

}  // namespace

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    auto item = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())) != 0) item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())) != 0) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

base::result<std::vector<PeerCoordinate>, std::string> parse_peer_coordinates(std::string_view text) {
  std::vector<PeerCoordinate> out;
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const auto line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (out.size() >= kMaxPeerCoordLines) return base::failure{std::string("more than 4096 peers")};
    const auto where = "line " + std::to_string(line_no) + ": ";
    auto j = json::parse(line.begin(), line.end(), nullptr, false);
    if (!j.is_object()) return base::failure{where + "not a JSON object"};
    if (!j.contains("peer") && j.contains("peers") && j["peers"].is_array()) {
      // A whole coord-probe output: the local node and every peer whose coordinate it printed.
      if (j.contains("node_id") && j["node_id"].is_string() && looks_like_node_id(j["node_id"].get<std::string>())) {
        auto self = coord::parse_coordinate(j);
        if (!self) return base::failure{where + self.error().message};
        const auto id = lower(j["node_id"].get<std::string>());
        out.push_back(PeerCoordinate{id, id, *self});
      }
      for (const auto& e : j["peers"]) {
        if (!e.is_object() || !e.contains("coordinate")) continue;
        auto sub = parse_peer_coordinates(e.dump());
        if (!sub) return base::failure{where + sub.error()};
        out.insert(out.end(), sub->begin(), sub->end());
      }
      if (out.size() > kMaxPeerCoordLines) return base::failure{std::string("more than 4096 peers")};
      continue;
    }
    PeerCoordinate p;
    if (!j.contains("peer") || !j["peer"].is_string() || j["peer"].get_ref<const std::string&>().empty() ||
        j["peer"].get_ref<const std::string&>().size() > 1024)
      return base::failure{where + "\"peer\" (a name or Node-ID) is required"};
    p.peer = j["peer"].get<std::string>();
    if (j.contains("node_id")) {
      if (!j["node_id"].is_string()) return base::failure{where + "\"node_id\" must be a string"};
      p.node_id = lower(j["node_id"].get<std::string>());
      if (!p.node_id.empty() && !looks_like_node_id(p.node_id))
        return base::failure{where + "\"node_id\" must be 32 to 40 hex digits"};
    }
    if (!j.contains("coordinate")) return base::failure{where + "\"coordinate\" is required"};
    auto c = coord::parse_coordinate(j["coordinate"]);
    if (!c) return base::failure{where + c.error().message};
    p.coordinate = *c;
    out.push_back(std::move(p));
  }
  return out;
}

coord::Coordinate vivaldi_against_fixed(const std::vector<PeerCoordinate>& peers,
                                        const std::vector<std::vector<double>>& samples, std::size_t dimensions,
                                        std::uint64_t seed) {
  coord::VivaldiConfig config;
  config.dimensions = dimensions;
  std::mt19937_64 gen(seed);
  coord::Vivaldi v(config, [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; });
  std::size_t longest = 0;
  for (const auto& s : samples) longest = std::max(longest, s.size());
  for (std::size_t k = 0; k < longest; ++k)
    for (std::size_t i = 0; i < peers.size() && i < samples.size(); ++i)
      if (k < samples[i].size()) v.observe(peers[i].peer, peers[i].coordinate, samples[i][k]);
  // Replay the filtered RTTs, annealing the timestep over the last quarter (see coord/mesh.hpp).
  constexpr std::size_t kPasses = 400, kAnnealFrom = 300;
  for (std::size_t pass = 0; pass < kPasses; ++pass) {
    if (pass >= kAnnealFrom) {
      const double t = static_cast<double>(pass - kAnnealFrom + 1) / static_cast<double>(kPasses - kAnnealFrom);
      v.set_timestep_constant(config.cc * (1 - 0.95 * t));
    }
    for (const auto& p : peers)
      if (auto r = v.filtered_rtt(p.peer)) v.observe(p.peer, p.coordinate, *r);
  }
  return v.coordinate();
}

void add_options(CLI::App& app, Options& o) {
  auto* control = app.add_option("--control", o.control, "The local node's control socket (default: see FILES)");
  auto* home = app.add_option("--home", o.home, "With --node: the socket DIR/nodes/I/reload-node.sock");
  auto* node = app.add_option("--node", o.node, "With --home: the local node")->check(CLI::Range(1U, 1000U));
  home->needs(node);
  node->needs(home);
  control->excludes(home)->excludes(node);
  app.add_option("--model", o.model, "vivaldi (default), landmark or gnp")
      ->check(CLI::IsMember({"vivaldi", "landmark", "gnp"}));
  app.add_option("--peers", o.peers, "Comma-separated peers (Node-IDs or names) for vivaldi");
  app.add_option("--landmarks", o.landmarks, "Comma-separated landmarks (Node-IDs or names) for landmark and gnp");
  app.add_flag("--mesh", o.mesh, "Also measure among the peers through their control sockets (needs --home)");
  app.add_option("--peer-coords", o.peer_coords, "JSON Lines of the peers' (or landmarks') known coordinates");
  app.add_option("--samples", o.samples, "RTT samples per peer (default 5)")->check(CLI::Range(1U, max_samples));
  app.add_option("--interval", o.interval_ms, "Milliseconds between rounds (default 10)")
      ->check(CLI::Range(0U, 60000U));
  app.add_option("--timeout", o.timeout_s, "Seconds one ping may take (default 5)")->check(CLI::Range(0.001, 3600.0));
  app.add_option("--dimensions", o.dimensions, "Euclidean dimensions (vivaldi 3, gnp 5)")->check(CLI::Range(1U, 16U));
  app.add_option("--seed", o.seed, "Seed of the fits' random choices (default 1)");
  app.add_flag("--direct-only", o.direct_only, "Drop samples whose answer crossed more than one overlay link");
  app.add_option("--predict", o.predict, "Also print the predicted RTT to a peer of this run, a coordinate FILE, or -");
  app.add_option("--from", o.from, "Measure nothing: the local coordinate from FILE or - (with --predict)");
}

int run(const Options& o, bool json_out) {
  Run r(o, json_out);
  auto complain = [](const Failure& f) {
    std::cerr << "coord-probe: " << f.message << '\n';
    return f.code;
  };
  if (auto ok = r.check_usage(); !ok) return complain(ok.error());
  r.timeout = control::ControlClient::Timeout(static_cast<std::int64_t>(std::ceil(o.timeout_s * 1000)));

  if (!o.from.empty()) {
    auto local = read_coordinate("--from", o.from);
    if (!local) return complain(local.error());
    auto p = r.predict(*local);
    if (!p) return complain(p.error());
    return r.output(*local, *p);
  }
  if (!o.peer_coords.empty()) {
    auto text = read_bounded(o.peer_coords);
    if (!text) return complain({exit_usage, "--peer-coords: cannot read " + o.peer_coords});
    auto known = parse_peer_coordinates(*text);
    if (!known) return complain({exit_malformed, "--peer-coords " + o.peer_coords + ": " + known.error()});
    r.known = std::move(*known);
  }

  r.local_path = !o.control.empty() ? o.control
                 : !o.home.empty()  ? reload_node::home_control_path(o.home, *o.node)
                                    : control::default_control_path();
  auto local = control::ControlClient::connect(r.local_path, r.timeout);
  if (!local) return complain({control::exit_code_for(local.error().code), local.error().message});
  auto status = local->call(control::Op::status, json::object(), r.timeout);
  if (!status) return complain({control::exit_code_for(status.error().code), status.error().message});
  if (status->contains("node_id") && (*status)["node_id"].is_string())
    r.local_node_id = lower((*status)["node_id"].get<std::string>());

  if (auto ok = r.resolve_targets(*local); !ok) return complain(ok.error());
  if (auto ok = r.measure(*local); !ok) return complain(ok.error());
  auto c = r.compute();
  if (!c) return complain(c.error());
  auto p = r.predict(*c);
  if (!p) return complain(p.error());
  return r.output(*c, *p);
}

}  // namespace disco::cli::coord_probe
