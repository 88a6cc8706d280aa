#pragma once
// coord-probe (man/coord-probe.1): RTTs measured with RELOAD Ping through the local node's control
// socket, turned into a network coordinate by libcommon/coord. The tool's main.cpp only parses; the
// measuring, fitting and printing are here. The pure parts (lists, peer-coordinate files, the
// fitting from measured samples) are separate functions so that unit tests reach them without a node.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/coord/coordinate.hpp"

namespace disco::cli::coord_probe {

struct Options {
  std::string control;
  std::string home;
  std::optional<unsigned> node;
  std::string model = "vivaldi";
  std::string peers;      // comma-separated
  std::string landmarks;  // comma-separated
  bool mesh = false;
  std::string peer_coords;
  unsigned samples = 5;
  unsigned interval_ms = 10;
  double timeout_s = 5.0;
  std::optional<unsigned> dimensions;
  std::uint64_t seed = 1;
  bool direct_only = false;
  std::string predict;
  std::string from;
};

inline constexpr unsigned max_samples = 1000;
inline constexpr std::size_t max_peers = 64;  // each is pinged N times per round (N^2 with --mesh)

// Adds coord-probe's options (man/coord-probe.1) to `app`.
void add_options(CLI::App& app, Options& options);

// Measures, fits and prints (JSON or text) on stdout; messages on stderr. Returns the exit status.
int run(const Options& options, bool json);

// "a,b,,c " -> {"a","b","c"}: items trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view list);

// One line of a --peer-coords file.
struct PeerCoordinate {
  std::string peer;
  std::string node_id;  // lowercase hex, may be empty
  coord::Coordinate coordinate;
};

// JSON Lines of {"peer":..., "node_id":..., "coordinate":{...}} (extra members ignored, so the
// "peers" entries of coord-probe's own output fit); at most 4096 entries. Blank lines are skipped.
// A line that is a whole coord-probe output (an object with "peers" and no "peer") stands for its
// local node (named by its node_id) and each of its peers that has a coordinate.
base::result<std::vector<PeerCoordinate>, std::string> parse_peer_coordinates(std::string_view text);

// Vivaldi against peers of known, fixed coordinate: the measured samples first (round-robin, as
// they were taken), then the filtered RTTs replayed until the coordinate settles (a long-running
// node would get there with more samples). `samples[i]` are the RTTs (ms) of peers[i].
coord::Coordinate vivaldi_against_fixed(const std::vector<PeerCoordinate>& peers,
                                        const std::vector<std::vector<double>>& samples, std::size_t dimensions,
                                        std::uint64_t seed);

}  // namespace disco::cli::coord_probe
