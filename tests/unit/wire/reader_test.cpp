#include "libcommon/wire/reader.hpp"

#include <gtest/gtest.h>

namespace disco::wire {
namespace {

using base::Bytes;

TEST(Reader, ReadsBigEndianIntegers) {
  const Bytes b{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
  Reader r(b);
  EXPECT_EQ(r.u8("a"), 0x01);
  EXPECT_EQ(r.u16("b"), 0x0203);
  EXPECT_EQ(r.u32("c"), 0x04050607u);
  EXPECT_EQ(r.u64("d"), 0x08090a0b0c0d0e0full);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
}

TEST(Reader, TruncationIsStickyAndNamesFieldStructureAndOffset) {
  const Bytes b{0xaa, 0xbb, 0xcc};
  Reader r(b);
  auto scope = r.enter("Thing");
  EXPECT_EQ(r.u8("first"), 0xaa);
  EXPECT_EQ(r.u32("second"), 0u);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, errc::truncated);
  EXPECT_EQ(r.error()->structure, "Thing");
  EXPECT_EQ(r.error()->field, "second");
  EXPECT_EQ(r.error()->offset, 1u);
  // Later reads neither advance nor replace the first error.
  EXPECT_EQ(r.u8("third"), 0);
  EXPECT_EQ(r.error()->field, "second");
  EXPECT_EQ(r.error()->message(), "truncated in Thing.second at byte 1");
}

TEST(Reader, BooleanAcceptsOnlyZeroAndOne) {
  const Bytes b{0x00, 0x01, 0x02};
  Reader r(b);
  EXPECT_FALSE(r.boolean("a"));
  EXPECT_TRUE(r.boolean("b"));
  r.boolean("c");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, errc::invalid_value);
  EXPECT_EQ(r.error()->offset, 2u);
}

TEST(Reader, OpaqueLengthBeyondInputIsTruncatedWithoutAllocating) {
  // A 4-byte length of 4 GiB with two bytes behind it.
  const Bytes b{0xff, 0xff, 0xff, 0xff, 0x01, 0x02};
  Reader r(b);
  auto v = r.opaque(4, "value");
  EXPECT_TRUE(v.empty());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, errc::truncated);
  EXPECT_EQ(r.error()->offset, 0u);
}

TEST(Reader, SubReaderReportsAbsoluteOffsetsAndTrailingBytes) {
  const Bytes b{0x00, 0x03, 0x01, 0x02, 0x03, 0x09};
  Reader r(b);
  auto sub = r.sub(2, "region");
  EXPECT_EQ(sub.u16("x"), 0x0102);
  sub.expect_end("region");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, errc::trailing_bytes);
  EXPECT_EQ(r.error()->offset, 4u);
}

TEST(Reader, ListStopsAtCountLimit) {
  Bytes b{0x00, 0x0a};
  for (int i = 0; i < 10; ++i) b.push_back(static_cast<std::uint8_t>(i));
  Limits limits;
  limits.max_list_count = 5;
  Reader r(b, limits);
  int seen = 0;
  r.list(2, "items", [&](Reader& item) {
    item.u8("item");
    ++seen;
  });
  EXPECT_EQ(seen, 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, errc::limit_exceeded);
}

TEST(Reader, ListElementThatConsumesNothingIsAnErrorNotALoop) {
  const Bytes b{0x01, 0xaa};
  Reader r(b);
  int calls = 0;
  r.list(1, "items", [&](Reader&) { ++calls; });
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(r.ok());
}

TEST(Reader, NestingDepthIsBounded) {
  const Bytes b{0x00};
  Limits limits;
  limits.max_depth = 2;
  Reader r(b, limits);
  auto a = r.enter("A");
  auto bb = r.enter("B");
  EXPECT_TRUE(r.ok());
  auto c = r.enter("C");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, errc::limit_exceeded);
}

}  // namespace
}  // namespace disco::wire
