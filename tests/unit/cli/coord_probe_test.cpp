#include "libcommon/cli/coord_probe.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace disco::cli::coord_probe {
namespace {

TEST(CoordProbe, SplitListTrimsAndDropsEmptyItems) {
  EXPECT_EQ(split_list("a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("").empty());
  EXPECT_TRUE(split_list(" , ,").empty());
  EXPECT_EQ(split_list("node-2@ov"), (std::vector<std::string>{"node-2@ov"}));
}

TEST(CoordProbe, PeerCoordinatesFromJsonLines) {
  auto p = parse_peer_coordinates(
      "{\"peer\":\"node-2@ov\",\"node_id\":\"41F0AABBCCDDEEFF0011223344556677\","
      "\"coordinate\":{\"model\":\"vivaldi\",\"vector\":[1,2,3],\"height\":0.5},\"rtt_ms\":3.0}\n"
      "\n"
      "{\"peer\":\"x\",\"coordinate\":{\"model\":\"gnp\",\"vector\":[4,5]}}\r\n");
  ASSERT_TRUE(p) << p.error();
  ASSERT_EQ(p->size(), 2U);
  EXPECT_EQ((*p)[0].peer, "node-2@ov");
  EXPECT_EQ((*p)[0].node_id, "41f0aabbccddeeff0011223344556677");
  EXPECT_EQ((*p)[0].coordinate.vector, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ((*p)[1].coordinate.model, coord::Model::gnp);
  EXPECT_TRUE((*p)[1].node_id.empty());
}

TEST(CoordProbe, PeerCoordinatesFromAWholeEarlierOutput) {
  auto p = parse_peer_coordinates(
      R"({"model":"vivaldi","vector":[0,0],"height":1,"node_id":"00112233445566778899aabbccddeeff","mesh":true,)"
      R"("peers":[{"peer":"b","node_id":"ffeeddccbbaa99887766554433221100","rtt_ms":2,)"
      R"("coordinate":{"model":"vivaldi","vector":[3,4],"height":1}},{"peer":"c","rtt_ms":null}]})");
  ASSERT_TRUE(p) << p.error();
  ASSERT_EQ(p->size(), 2U);  // the local node and b; c has no coordinate
  EXPECT_EQ((*p)[0].peer, "00112233445566778899aabbccddeeff");
  EXPECT_EQ((*p)[0].node_id, "00112233445566778899aabbccddeeff");
  EXPECT_EQ((*p)[1].peer, "b");
  EXPECT_EQ((*p)[1].coordinate.vector, (std::vector<double>{3, 4}));
}

TEST(CoordProbe, PeerCoordinatesRefuseMalformedLines) {
  EXPECT_FALSE(parse_peer_coordinates("not json\n"));
  EXPECT_FALSE(parse_peer_coordinates("[1,2]\n"));
  EXPECT_FALSE(parse_peer_coordinates(R"({"peer":"a"})"));
  EXPECT_FALSE(parse_peer_coordinates(R"({"peer":"","coordinate":{"model":"vivaldi","vector":[1]}})"));
  EXPECT_FALSE(parse_peer_coordinates(R"({"peer":"a","node_id":"zz","coordinate":{"model":"vivaldi","vector":[1]}})"));
  EXPECT_FALSE(parse_peer_coordinates(R"({"peer":"a","coordinate":{"model":"vivaldi","vector":[]}})"));
  auto e = parse_peer_coordinates("\n{\"peer\":\"a\",\"coordinate\":{\"model\":\"nope\",\"vector\":[1]}}");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("line 2"), std::string::npos);
}

// Three peers of known coordinate in a plane (height 2 ms each) and RTTs from a host at (30, 40)
// with height 3: the fitted coordinate predicts every measured RTT.
TEST(CoordProbe, VivaldiAgainstFixedPeersFitsTheMeasuredRtts) {
  std::vector<PeerCoordinate> peers;
  const std::vector<std::pair<double, double>> at{{0, 0}, {100, 0}, {0, 100}, {80, 90}};
  for (std::size_t i = 0; i < at.size(); ++i) {
    coord::Coordinate c;
    c.vector = {at[i].first, at[i].second};
    c.height = 2.0;
    c.error = 0.05;
    peers.push_back({"p" + std::to_string(i), "", c});
  }
  std::vector<std::vector<double>> samples;
  for (const auto& [x, y] : at) {
    const double rtt = std::hypot(x - 30, y - 40) + 2.0 + 3.0;
    samples.push_back({rtt * 1.3, rtt, rtt * 1.05, rtt, rtt * 2.0});  // noise upwards, as queueing makes it
  }
  const auto c = vivaldi_against_fixed(peers, samples, 2, 1);
  EXPECT_EQ(c.model, coord::Model::vivaldi);
  for (std::size_t i = 0; i < at.size(); ++i) {
    const double rtt = samples[i][1];
    EXPECT_NEAR(*coord::distance(c, peers[i].coordinate), rtt, 0.05 * rtt) << "peer " << i;
  }
  EXPECT_EQ(vivaldi_against_fixed(peers, samples, 2, 1), c);  // deterministic
}

}  // namespace
}  // namespace disco::cli::coord_probe
