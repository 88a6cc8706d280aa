#include "libcommon/reload/msg/update.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

// The UpdateReq body is overlay specific; CHORD-RELOAD's ChordUpdate is tested in chord_test.cpp.
TEST(UpdateAns, IsEmpty) {
  EXPECT_TRUE(test::expect_round_trip(UpdateAns{}).empty());
  auto r = decode_as<UpdateAns>(*base::from_hex("01"), {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  EXPECT_EQ(r.error().structure, "UpdateAns");
  EXPECT_EQ(r.error().offset, 0u);
}

}  // namespace
}  // namespace disco::reload::msg
