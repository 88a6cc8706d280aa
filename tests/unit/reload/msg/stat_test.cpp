#include "libcommon/reload/msg/stat.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/reload/msg/fetch.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

Bytes hex(std::string_view s) { return *base::from_hex(s); }

// Hex with spaces between the fields, in the encoder's form (to_hex, no spaces) for comparisons.
std::string fields(std::string_view spaced) { return base::to_hex(*base::from_hex(spaced)); }

const std::vector<StoredMetaData>& values_of(const StatKindResponse& k) {
  return std::get<std::vector<StoredMetaData>>(k.values);
}

TEST(StatReq, GoldenVectorDecodesFieldByField) {
  const auto req = test::expect_golden<StatReq>("reload/stat_req.hex", ctx);
  EXPECT_EQ(req.resource.to_hex(), "a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f");
  ASSERT_EQ(req.specifiers.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<SingleValueSpecifier>(req.specifiers[0].model_specifier));
  EXPECT_EQ(std::get<ArraySpecifier>(req.specifiers[1].model_specifier).indices,
            (std::vector<ArrayRange>{{0, 2}, {5, 5}}));
  const auto& keys = std::get<DictionarySpecifier>(req.specifiers[2].model_specifier).keys;
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(base::to_hex(keys[0]), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(base::to_hex(keys[1]), "f0e0d0c0b0a090807060504030201000");
}

TEST(StatReq, HasTheFetchReqLayout) {
  const auto bytes = test::load_hex_vector("reload/stat_req.hex");
  const auto stat = *decode_as<StatReq>(bytes, ctx);
  const auto fetch = decode_as<FetchReq>(bytes, ctx);
  ASSERT_TRUE(fetch);
  EXPECT_EQ(fetch->resource, stat.resource);
  EXPECT_EQ(fetch->specifiers, stat.specifiers);
  CodecContext none;
  none.kinds = KindTable{};
  EXPECT_EQ(unknown_kinds(*decode_as<StatReq>(bytes, none)).size(), 3u);
}

TEST(StatAns, GoldenVectorDecodesFieldByField) {
  const auto ans = test::expect_golden<StatAns>("reload/stat_ans.hex", ctx);
  ASSERT_EQ(ans.kind_responses.size(), 3u);

  const auto& turn = ans.kind_responses[0];
  EXPECT_EQ(turn.kind, kinds::turn_service);
  EXPECT_EQ(turn.generation, 1u);
  ASSERT_EQ(values_of(turn).size(), 1u);
  EXPECT_EQ(values_of(turn)[0].storage_time, 0x18b2e3c4d5eu);
  EXPECT_EQ(values_of(turn)[0].lifetime, 86400u);
  const auto& m = std::get<MetaData>(values_of(turn)[0].metadata.value);
  EXPECT_TRUE(m.exists);
  EXPECT_EQ(m.value_length, 9u);
  EXPECT_EQ(m.hash_algorithm, hash_algorithm::sha256);
  // SHA-256 of the TurnServer value in store_req.hex with its 4-byte length: 00000009 010106c00002010d96.
  EXPECT_EQ(base::to_hex(m.hash_value), "d8c05c3d522f2c4858c196cdd48e18a49002ac08ae685ed58dca7e7b915bd720");

  const auto& certs = ans.kind_responses[1];
  ASSERT_EQ(values_of(certs).size(), 2u);
  const auto& first = std::get<ArrayEntryMeta>(values_of(certs)[0].metadata.value);
  EXPECT_EQ(first.index, 0u);
  EXPECT_EQ(first.value.value_length, 445u);  // the certificate of certificate_x509.hex
  // SHA-256 of 000001bd followed by that certificate.
  EXPECT_EQ(base::to_hex(first.value.hash_value), "89f78d87f91459cf2d4a1bec94b30b34022340a7ad9c046cf5de688414c7741a");
  const auto& gap = std::get<ArrayEntryMeta>(values_of(certs)[1].metadata.value);
  EXPECT_EQ(gap.index, 1u);
  EXPECT_EQ(gap.value, (MetaData{false, 0, hash_algorithm::none, {}}));

  const auto& sip = ans.kind_responses[2];
  const auto& de = std::get<DictionaryEntryMeta>(values_of(sip)[0].metadata.value);
  EXPECT_EQ(base::to_hex(de.key), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(de.value.value_length, 25u);
  EXPECT_EQ(de.value.hash_value.size(), 32u);
}

TEST(StatAns, UnknownKindsAreKeptVerbatim) {
  CodecContext partial;
  partial.kinds = KindTable{};
  partial.kinds.set(kinds::sip_registration, DataModel::dictionary);
  const auto ans = test::expect_golden<StatAns>("reload/stat_ans.hex", partial);
  EXPECT_EQ(std::get<UnknownKindValues>(ans.kind_responses[0].values).bytes.size(), 55u);
  EXPECT_EQ(std::get<UnknownKindValues>(ans.kind_responses[1].values).bytes.size(), 86u);
  EXPECT_FALSE(is_unknown_kind(ans.kind_responses[2].values));
}

TEST(StoredMetaData, EveryModelRoundTripsByteExact) {
  // value_length is the length of what follows it, as StoredData.length: 21, 25 and 24 bytes here.
  const MetaData md{true, 3, hash_algorithm::sha1, {0xab, 0xcd}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(StoredMetaData{7, 60, {md}}, ctx, DataModel::single_value)),
            fields("00000015 0000000000000007 0000003c 01 00000003 02 02abcd"));
  EXPECT_EQ(
      base::to_hex(test::expect_round_trip(StoredMetaData{7, 60, {ArrayEntryMeta{9, md}}}, ctx, DataModel::array)),
      fields("00000019 0000000000000007 0000003c 00000009 01 00000003 02 02abcd"));
  EXPECT_EQ(base::to_hex(test::expect_round_trip(StoredMetaData{7, 60, {DictionaryEntryMeta{{0x6b}, md}}}, ctx,
                                                 DataModel::dictionary)),
            fields("00000018 0000000000000007 0000003c 00016b 01 00000003 02 02abcd"));
  test::expect_every_prefix_truncated<StoredMetaData>(
      hex("00000018 0000000000000007 0000003c 00016b 01 00000003 02 02abcd"), ctx, DataModel::dictionary);
}

TEST(StoredMetaData, ValueLengthMustMatchTheContents) {
  auto bytes = *encode_as(StoredMetaData{7, 60, {MetaData{true, 3, hash_algorithm::sha1, {0xab, 0xcd}}}}, ctx);
  ASSERT_EQ(bytes[3], 0x15);
  // Too short, too long, zero (the old reading's value length 3), far too long: the contents are
  // all there, so each is a wrong length, not a cut input.
  for (const std::uint8_t wrong : {0x14, 0x16, 0x03, 0x00, 0xff}) {
    bytes[3] = wrong;
    auto r = decode_as<StoredMetaData>(bytes, ctx, DataModel::single_value);
    ASSERT_FALSE(r) << int{wrong};
    EXPECT_EQ(r.error().code, wire::errc::length_mismatch) << r.error().message();
    EXPECT_EQ(r.error().structure, "StoredMetaData");
    EXPECT_EQ(r.error().field, "value_length");
    EXPECT_EQ(r.error().offset, 0u);
  }
  // Inside the golden StatAns the mismatch is reported at that StoredMetaData's own field: the
  // gap entry's, after kind_responses 4, the TURN-SERVICE response 4+8+4+55, kind 4, generation
  // 8, values 4 and the first certificate entry 4+55.
  auto ans = test::load_hex_vector("reload/stat_ans.hex");
  const std::size_t gap_at = 4 + (4 + 8 + 4 + 55) + 4 + 8 + 4 + (4 + 55);
  ASSERT_EQ(base::to_hex(Bytes(ans.begin() + gap_at, ans.begin() + gap_at + 4)), "00000017");
  ans[gap_at + 3] = 0x18;
  auto r = decode_as<StatAns>(ans, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::length_mismatch);
  EXPECT_EQ(r.error().field, "value_length");
  EXPECT_EQ(r.error().offset, gap_at);
}

TEST(MetaData, BooleanTwoIsRejectedAndHashIsAtMost255Bytes) {
  auto r = decode_as<MetaData>(hex("02 00000000 00 00"), ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().field, "exists");
  auto e = encode_as(MetaData{true, 0, hash_algorithm::sha256, Bytes(256, 0)}, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::value_too_long);
  EXPECT_EQ(e.error().field, "hash_value");
}

TEST(StatKindResponse, EncoderChecksTheModel) {
  StatKindResponse k{kinds::certificate_by_node, 1, std::vector<StoredMetaData>{StoredMetaData{}}};
  auto e = encode_as(k, ctx);  // a single-value MetaData for an array kind
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::invalid_value);
  k.kind = 0xf0000001;
  auto u = encode_as(k, ctx);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, errc::unknown_kind);
}

}  // namespace
}  // namespace disco::reload::msg
