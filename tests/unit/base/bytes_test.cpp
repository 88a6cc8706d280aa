#include "libcommon/base/bytes.hpp"

#include <gtest/gtest.h>

namespace disco::base {
namespace {

TEST(Hex, RoundTripsLowercase) {
  const Bytes b{0x00, 0x7f, 0x80, 0xff};
  EXPECT_EQ(to_hex(b), "007f80ff");
  EXPECT_EQ(from_hex("007F80ff"), b);
}

TEST(Hex, IgnoresWhitespaceButRejectsOddDigitsAndJunk) {
  EXPECT_EQ(from_hex(" 0a\n0b\t"), (Bytes{0x0a, 0x0b}));
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_EQ(from_hex(""), Bytes{});
}

}  // namespace
}  // namespace disco::base
