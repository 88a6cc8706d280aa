#include "libcommon/coord/coordinate.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace disco::coord {
namespace {

TEST(Coordinate, JsonRoundTripKeepsEveryField) {
  Coordinate c{Model::landmark, {31.0, 88.25, 140.5}, 0.0, 0.2, 9, {"a@ov", "b@ov", "c@ov"}};
  auto back = parse_coordinate(to_json(c));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, c);
  Coordinate v{Model::vivaldi, {12.5, -3.0}, 4.0, 0.08, 640, {}};
  auto vb = parse_coordinate_text(to_json(v).dump());
  ASSERT_TRUE(vb) << vb.error().message;
  EXPECT_EQ(*vb, v);
  EXPECT_FALSE(to_json(v).contains("landmarks"));
}

TEST(Coordinate, OptionalFieldsDefault) {
  auto c = parse_coordinate_text(R"({"model":"gnp","vector":[1,2,3]})");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->height, 0.0);
  EXPECT_EQ(c->error, 1.0);
  EXPECT_EQ(c->samples, 0U);
}

TEST(Coordinate, RefusesHostileOrMeaninglessInput) {
  for (const char* bad :
       {"", "[]", "not json", R"({"vector":[1]})", R"({"model":"polar","vector":[1]})", R"({"model":"vivaldi"})",
        R"({"model":"vivaldi","vector":[]})", R"({"model":"vivaldi","vector":["1"]})",
        R"({"model":"vivaldi","vector":[1e300]})", R"({"model":"vivaldi","vector":[1],"height":-1})",
        R"({"model":"landmark","vector":[1],"height":3})", R"({"model":"landmark","vector":[-5]})",
        R"({"model":"landmark","vector":[1,2],"landmarks":["a"]})", R"({"model":"vivaldi","vector":[1],"samples":-3})",
        R"({"model":"vivaldi","vector":[1],"error":"x"})", R"({"model":"landmark","vector":[1],"landmarks":[""]})"}) {
    EXPECT_FALSE(parse_coordinate_text(bad)) << bad;
  }
  nlohmann::json big = {{"model", "vivaldi"}, {"vector", std::vector<double>(kMaxDimensions + 1, 1.0)}};
  EXPECT_FALSE(parse_coordinate(big));
  EXPECT_FALSE(parse_coordinate_text(std::string(70000, ' ')));
}

TEST(Coordinate, VivaldiDistanceAddsBothHeights) {
  Coordinate a{Model::vivaldi, {0, 0}, 2.0, 0.1, 1, {}};
  Coordinate b{Model::vivaldi, {3, 4}, 5.0, 0.1, 1, {}};
  auto d = distance(a, b);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(*d, 5.0 + 2.0 + 5.0);
  EXPECT_DOUBLE_EQ(*distance(a, a), 4.0);  // a node is its height twice away from itself, by the model
}

TEST(Coordinate, LandmarkDistanceIsEuclideanAndNeedsTheSameLandmarks) {
  Coordinate a{Model::landmark, {10, 20}, 0, 1, 2, {"x", "y"}};
  Coordinate b{Model::landmark, {13, 24}, 0, 1, 2, {"x", "y"}};
  EXPECT_DOUBLE_EQ(*distance(a, b), 5.0);
  b.landmarks = {"y", "x"};
  EXPECT_FALSE(distance(a, b));
}

TEST(Coordinate, DifferentModelsOrDimensionsDoNotCompare) {
  Coordinate v{Model::vivaldi, {0, 0}, 0, 1, 0, {}};
  Coordinate g{Model::gnp, {0, 0}, 0, 1, 0, {}};
  Coordinate v3{Model::vivaldi, {0, 0, 0}, 0, 1, 0, {}};
  EXPECT_FALSE(distance(v, g));
  EXPECT_FALSE(distance(v, v3));
}

}  // namespace
}  // namespace disco::coord
