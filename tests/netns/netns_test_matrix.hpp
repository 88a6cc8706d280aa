#pragma once
// The four-host topology the netns tests share: round-trip times of 25..91 ms as between sites a
// few hundred to a few thousand km apart. They are those of points in a plane (ms) A(0,0)
// B(20,0) C(25,31) D(75,37) plus access delays ("heights") 2.5, 2.5, 3.75 and 5 ms at either end,
// rounded: not a Euclidean matrix, but one Vivaldi's model (vector + height) can hold, so a
// coordinate system that works must predict it closely. The smallest RTT is 25 ms so that the few
// milliseconds a RELOAD Ping spends in the nodes (signing, verifying; ASan builds) stay small
// against it. Each RTT is split 60/40 between the two directions so that the switch's
// per-direction delays are exercised.

#include <cstddef>
#include <vector>

namespace disco::test {

inline const std::vector<std::vector<double>>& netns_test_rtt_ms() {
  static const std::vector<std::vector<double>> rtt{
      {0, 25, 46, 91},
      {25, 0, 38, 74},
      {46, 38, 0, 59},
      {91, 74, 59, 0},
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
