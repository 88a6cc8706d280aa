#include "tests/support/rtt_matrix.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <sstream>

namespace disco::sim {

std::optional<RttMatrix> RttMatrix::load(const std::string& path, std::string& why) {
  std::ifstream in(path);
  if (!in) {
    why = "cannot open " + path;
    return std::nullopt;
  }
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
      char* end = nullptr;
      double v = std::strtod(cell.c_str(), &end);
      if (end == cell.c_str() || !std::isfinite(v) || v < 0) {
        why = "not a number in " + path + ": " + cell;
        return std::nullopt;
      }
      row.push_back(v);
    }
    rows.push_back(std::move(row));
  }
  RttMatrix m;
  m.n_ = rows.size();
  for (const auto& r : rows)
    if (r.size() != m.n_) {
      why = path + " is not square";
      return std::nullopt;
    }
  if (m.n_ < 2) {
    why = path + " has fewer than two hosts";
    return std::nullopt;
  }
  for (const auto& r : rows) m.rtt_.insert(m.rtt_.end(), r.begin(), r.end());
  m.real_ = true;
  return m;
}

RttMatrix RttMatrix::synthetic(std::size_t hosts) {
  RttMatrix m;
  m.n_ = hosts;
  m.rtt_.resize(hosts * hosts);
  for (std::size_t a = 0; a < hosts; ++a)
    for (std::size_t b = 0; b < hosts; ++b) {
      double d = std::abs(static_cast<double>(a) - static_cast<double>(b)) / static_cast<double>(hosts);
      m.rtt_[a * hosts + b] = a == b ? 0.0 : 5.0 + 100.0 * std::min(d, 1.0 - d);
    }
  return m;
}

std::string rtt_matrix_path() {
  if (const char* p = std::getenv("DISCO_RTT_MATRIX")) return p;
  return DISCO_RTT_MATRIX_DEFAULT;
}

}  // namespace disco::sim
