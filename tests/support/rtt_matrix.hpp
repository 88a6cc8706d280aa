#pragma once
// The shared world-wide RTT matrix (../shared/data/wonderproxy-2020/matrix.csv: 213 hosts, ms), or
// a synthetic stand-in when it is absent (DESIGN.md "Shared data").

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace disco::sim {

class RttMatrix {
 public:
  // Reads a square CSV of milliseconds; nullopt (and a reason) when absent or malformed.
  static std::optional<RttMatrix> load(const std::string& path, std::string& why);
  // Hosts on a circle of 100 ms circumference plus 5 ms: a stand-in with the same shape of data.
  static RttMatrix synthetic(std::size_t hosts);

  [[nodiscard]] std::size_t hosts() const { return n_; }
  [[nodiscard]] double rtt_ms(std::size_t a, std::size_t b) const { return rtt_[a * n_ + b]; }
  [[nodiscard]] bool real() const { return real_; }

 private:
  std::size_t n_ = 0;
  std::vector<double> rtt_;
  bool real_ = false;
};

// DISCO_RTT_MATRIX, else the CMake-configured default path.
std::string rtt_matrix_path();

}  // namespace disco::sim
