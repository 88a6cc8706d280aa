#pragma once
// The four-host topology the netns tests share: round-trip times of 12..78 ms as between sites a
// few hundred to a few thousand km apart, roughly a line A-B-C-D with C-D longer than the line
// gives (so not exactly Euclidean), split 60/40 between the two directions so that the switch's
// per-direction delays are exercised.

#include <cstddef>
#include <vector>

namespace disco::test {

inline const std::vector<std::vector<double>>& netns_test_rtt_ms() {
  static const std::vector<std::vector<double>> rtt{
      {0, 12, 35, 78},
      {12, 0, 28, 70},
      {35, 28, 0, 52},
      {78, 70, 52, 0},
  };
  return rtt;
}

inline std::vector<std::vector<double>> netns_test_one_way_ms() {
  const auto& rtt = netns_test_rtt_ms();
  std::vector<std::vector<double>> d(rtt.size(), std::vector<double>(rtt.size(), 0.0));
  for (std::size_t a = 0; a < rtt.size(); ++a)
    for (std::size_t b = 0; b < rtt.size(); ++b)
      if (a != b) d[a][b] = rtt[a][b] * (a < b ? 0.6 : 0.4);
  return d;
}

}  // namespace disco::test
