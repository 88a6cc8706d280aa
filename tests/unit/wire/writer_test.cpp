#include "libcommon/wire/writer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace disco::wire {
namespace {

TEST(Writer, WritesBigEndianAndLengthPrefixes) {
  Writer w;
  w.u8(0x01);
  w.u16(0x0203);
  w.u32(0x04050607);
  w.u64(0x08090a0b0c0d0e0f);
  const base::Bytes v{0xaa, 0xbb};
  w.opaque(3, v, "v");
  w.prefixed(2, "p", [&] { w.u8(0xcc); });
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(base::to_hex(w.bytes()), "0102030405060708090a0b0c0d0e0f000002aabb0001cc");
}

TEST(Writer, ValueTooLongForItsPrefixIsAnError) {
  Writer w;
  auto scope = w.enter("ResourceId");
  const base::Bytes big(256, 0x00);
  w.opaque(1, big, "bytes");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error()->code, errc::value_too_long);
  EXPECT_EQ(w.error()->structure, "ResourceId");
}

TEST(Writer, PrefixedBodyTooLongIsAnError) {
  Writer w;
  w.prefixed(1, "list", [&] {
    for (int i = 0; i < 300; ++i) w.u8(0);
  });
  EXPECT_FALSE(w.ok());
}

}  // namespace
}  // namespace disco::wire
