#include "libcommon/reload/msg/stored_data_specifier.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

Bytes hex(std::string_view s) { return *base::from_hex(s); }

TEST(StoredDataSpecifier, EachModelEncodesByteExact) {
  EXPECT_EQ(
      base::to_hex(test::expect_round_trip(StoredDataSpecifier{kinds::turn_service, 3, SingleValueSpecifier{}}, ctx)),
      "00000002"
      "0000000000000003"
      "0000");
  EXPECT_EQ(
      base::to_hex(test::expect_round_trip(
          StoredDataSpecifier{kinds::certificate_by_user, 0, ArraySpecifier{{{0, 2}, {5, array_last_index}}}}, ctx)),
      "00000010"
      "0000000000000000"
      "0012"
      "0010"
      "00000000"
      "00000002"
      "00000005"
      "ffffffff");
  EXPECT_EQ(base::to_hex(
                test::expect_round_trip(StoredDataSpecifier{kinds::redir, 1, DictionarySpecifier{{{0x61}, {}}}}, ctx)),
            "00000104"
            "0000000000000001"
            "0007"
            "0005"
            "000161"
            "0000");
  // No keys: a wildcard fetch.
  EXPECT_EQ(base::to_hex(
                test::expect_round_trip(StoredDataSpecifier{kinds::sip_registration, 0, DictionarySpecifier{}}, ctx)),
            "00000001"
            "0000000000000000"
            "0002"
            "0000");
}

TEST(StoredDataSpecifier, EveryPrefixIsTruncated) {
  test::expect_every_prefix_truncated<StoredDataSpecifier>(hex("00000010"
                                                               "0000000000000000"
                                                               "0012"
                                                               "0010"
                                                               "00000000"
                                                               "00000002"
                                                               "00000005"
                                                               "ffffffff"),
                                                           ctx);
}

TEST(StoredDataSpecifier, ArrayRangeIsUnsignedSoLastIsTheLargestIndex) {
  auto s = decode_as<StoredDataSpecifier>(hex("00000003"
                                              "0000000000000000"
                                              "000a"
                                              "0008"
                                              "00000000"
                                              "ffffffff"),
                                          ctx);
  ASSERT_TRUE(s) << s.error().message();
  const auto& range = std::get<ArraySpecifier>(s->model_specifier).indices.at(0);
  EXPECT_EQ(range.first, 0u);
  EXPECT_EQ(range.last, 0xffffffffu);
  EXPECT_GT(range.last, range.first);
}

// The same model_specifier bytes mean a wildcard dictionary fetch or an empty array fetch, by the
// model the kind table gives.
TEST(StoredDataSpecifier, TheKindTableModelDrivesDecoding) {
  constexpr KindId kind = 0xf0000020;
  const Bytes bytes =
      hex("f0000020"
          "0000000000000000"
          "0002"
          "0000");
  CodecContext dictionary;
  dictionary.kinds.set(kind, DataModel::dictionary);
  CodecContext array;
  array.kinds.set(kind, DataModel::array);
  CodecContext single;
  single.kinds.set(kind, DataModel::single_value);

  auto d = decode_as<StoredDataSpecifier>(bytes, dictionary);
  ASSERT_TRUE(d);
  EXPECT_TRUE(std::holds_alternative<DictionarySpecifier>(d->model_specifier));
  auto a = decode_as<StoredDataSpecifier>(bytes, array);
  ASSERT_TRUE(a);
  EXPECT_EQ(std::get<ArraySpecifier>(a->model_specifier), ArraySpecifier{});
  // A single value has an empty specifier, so the 2 bytes are left over.
  auto s = decode_as<StoredDataSpecifier>(bytes, single);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, wire::errc::trailing_bytes);
  EXPECT_EQ(s.error().field, "length");
  EXPECT_EQ(s.error().offset, 14u);
}

TEST(StoredDataSpecifier, UnknownKindKeepsTheRestVerbatim) {
  const Bytes bytes =
      hex("f0000001"
          "0000000000000009"
          "0005"
          "aabbccddee");
  auto s = test::expect_round_trip(decode_as<StoredDataSpecifier>(bytes, ctx).value(), ctx);
  EXPECT_EQ(s, bytes);
  const auto spec = *decode_as<StoredDataSpecifier>(bytes, ctx);
  EXPECT_TRUE(spec.is_unknown_kind());
  EXPECT_EQ(spec.generation, 9u);
  EXPECT_EQ(base::to_hex(std::get<UnknownKindSpecifier>(spec.model_specifier).bytes), "aabbccddee");
  // The uint16 length still bounds it.
  auto cut = decode_as<StoredDataSpecifier>(hex("f0000001"
                                                "0000000000000009"
                                                "0006"
                                                "aabbccddee"),
                                            ctx);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, wire::errc::truncated);
}

TEST(StoredDataSpecifier, InnerListMustFillTheLength) {
  // length 12 but the indices list holds 8 bytes: 2 bytes left inside the specifier.
  auto r = decode_as<StoredDataSpecifier>(hex("00000003"
                                              "0000000000000000"
                                              "000c"
                                              "0008"
                                              "00000000"
                                              "00000001"
                                              "0000"),
                                          ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  // An ArrayRange cut in half.
  auto h = decode_as<StoredDataSpecifier>(hex("00000003"
                                              "0000000000000000"
                                              "0006"
                                              "0004"
                                              "00000000"),
                                          ctx);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, wire::errc::truncated);
  EXPECT_EQ(h.error().structure, "ArrayRange");
}

TEST(StoredDataSpecifier, EncoderChecksTheModel) {
  auto e = encode_as(StoredDataSpecifier{kinds::turn_service, 0, ArraySpecifier{}}, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::invalid_value);
  auto u = encode_as(StoredDataSpecifier{0xf0000001, 0, SingleValueSpecifier{}}, ctx);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, errc::unknown_kind);
}

TEST(StoredDataSpecifier, ListCountLimitAppliesToRangesAndKeys) {
  CodecContext tight;
  tight.limits.max_list_count = 1;
  auto r = decode_as<StoredDataSpecifier>(hex("00000001"
                                              "0000000000000000"
                                              "0008"
                                              "0006"
                                              "000161"
                                              "000162"),
                                          tight);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::limit_exceeded);
  EXPECT_EQ(r.error().field, "keys");
}

}  // namespace
}  // namespace disco::reload::msg
