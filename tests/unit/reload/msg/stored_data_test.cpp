#include "libcommon/reload/msg/stored_data.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/reload/msg/store.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

Bytes hex(std::string_view s) { return *base::from_hex(s); }

Signature signature_a() {
  Signature s;
  s.identity.value = CertHash{hash_algorithm::sha256, {0xaa, 0xbb, 0xcc, 0xdd}};
  s.signature_value = {1, 2, 3};
  return s;
}

StoredData stored(StoredDataValue value) { return StoredData{100, 60, std::move(value), signature_a()}; }

// length | storage_time 100 | lifetime 60 | <value> | sha256/rsa, cert_hash aabbccdd, signature 010203
constexpr std::string_view signature_hex =
    "0401"
    "01"
    "0006"
    "04"
    "04"
    "aabbccdd"
    "0003"
    "010203";

TEST(DataValue, RoundTripsAndRejectsBooleanTwo) {
  EXPECT_EQ(base::to_hex(test::expect_round_trip(DataValue{true, base::to_bytes("abc")})), "0100000003616263");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(DataValue{false, {}})), "0000000000");
  auto r = decode_as<DataValue>(hex("0200000000"), ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().structure, "DataValue");
  EXPECT_EQ(r.error().field, "exists");
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(DataValue, EveryPrefixIsTruncated) {
  test::expect_every_prefix_truncated<DataValue>(hex("0100000003616263"), ctx);
}

TEST(ArrayEntryAndDictionaryEntry, RoundTripByteExact) {
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ArrayEntry{0xffffffff, {true, {0x42}}})), "ffffffff010000000142");
  EXPECT_EQ(base::to_hex(test::expect_round_trip(DictionaryEntry{{0x6b, 0x31}, {true, {0x42}}})),
            "00026b31010000000142");
  // An empty key is a valid DictionaryKey<0..2^16-1>.
  EXPECT_EQ(base::to_hex(test::expect_round_trip(DictionaryEntry{{}, {false, {}}})), "00000000000000");
}

TEST(StoredData, SingleValueEncodesByteExact) {
  const auto bytes =
      test::expect_round_trip(stored({DataValue{true, base::to_bytes("abc")}}), ctx, DataModel::single_value);
  EXPECT_EQ(base::to_hex(bytes), std::string("00000024"
                                             "0000000000000064"
                                             "0000003c"
                                             "01"
                                             "00000003"
                                             "616263") +
                                     std::string(signature_hex));
  test::expect_every_prefix_truncated<StoredData>(bytes, ctx, DataModel::single_value);
}

TEST(StoredData, EveryModelRoundTrips) {
  const auto array = stored({ArrayEntry{7, {true, {1, 2}}}});
  const auto dictionary = stored({DictionaryEntry{{0xde, 0xad}, {false, {}}}});
  EXPECT_EQ(array.model(), DataModel::array);
  EXPECT_EQ(dictionary.model(), DataModel::dictionary);
  auto a = test::expect_round_trip(array, ctx, DataModel::array);
  EXPECT_EQ(base::to_hex(a).substr(0, 40),
            "000000270000000000000064"
            "0000003c"
            "00000007");
  auto d = test::expect_round_trip(dictionary, ctx, DataModel::dictionary);
  EXPECT_EQ(base::to_hex(d).substr(0, 50),
            "000000250000000000000064"
            "0000003c"
            "0002dead"
            "00"
            "00000000");
  // A synthesized nonexistent value (s7.4.2.2): algorithm {0,0}, identity none, empty signature.
  StoredData synthetic;
  synthetic.signature.algorithm = {hash_algorithm::none, signature_algorithm::anonymous};
  synthetic.signature.identity.value = NoSignerIdentity{};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(synthetic, ctx, DataModel::single_value)),
            "00000018"
            "0000000000000000"
            "00000000"
            "0000000000"
            "0000"
            "030000"
            "0000");
}

TEST(StoredData, LengthMustMatchTheContents) {
  auto bytes = *encode_as(stored({DataValue{true, base::to_bytes("abc")}}), ctx);
  for (const std::uint8_t wrong : {0x23, 0x25, 0x00, 0xff}) {
    bytes[3] = wrong;
    auto r = decode_as<StoredData>(bytes, ctx, DataModel::single_value);
    ASSERT_FALSE(r) << int{wrong};
    EXPECT_EQ(r.error().code, wire::errc::length_mismatch) << r.error().message();
    EXPECT_EQ(r.error().structure, "StoredData");
    EXPECT_EQ(r.error().field, "length");
    EXPECT_EQ(r.error().offset, 0u);
  }
  // Inside a list the mismatch is still reported at the StoredData's own length field.
  StoreKindData k{kinds::turn_service, 0, std::vector<StoredData>{stored({DataValue{true, {}}})}};
  auto kd = *encode_as(k, ctx);
  kd[4 + 8 + 4 + 3] += 1;
  auto r = decode_as<StoreKindData>(kd, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::length_mismatch);
  EXPECT_EQ(r.error().offset, 16u);
}

TEST(StoredData, BooleanTwoIsRejected) {
  auto bytes = *encode_as(stored({DataValue{true, {}}}), ctx);
  bytes[16] = 2;  // DataValue.exists, after length, storage_time and lifetime
  auto r = decode_as<StoredData>(bytes, ctx, DataModel::single_value);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().structure, "DataValue");
  EXPECT_EQ(r.error().offset, 16u);
}

// The model is not on the wire, so the same bytes are a different value, or no value at all,
// depending on the model the caller (the kind table) supplies.
TEST(StoredData, TheModelDecidesHowTheSameBytesDecode) {
  Bytes value = hex("000000fc");
  value.resize(256, 0x5a);
  const auto bytes = *encode_as(stored({DataValue{true, value}}), ctx);

  auto as_array = decode_as<StoredData>(bytes, ctx, DataModel::array);
  ASSERT_TRUE(as_array) << as_array.error().message();
  // exists 01 and the length 00000100 become the index 0x01000001; the value's first four bytes
  // become exists 00 and a 252-byte length.
  const auto& entry = std::get<ArrayEntry>(as_array->value.value);
  EXPECT_EQ(entry.index, 0x01000001u);
  EXPECT_FALSE(entry.value.exists);
  EXPECT_EQ(entry.value.value, Bytes(252, 0x5a));
  EXPECT_EQ(as_array->signature, signature_a());

  // As a dictionary the 256-byte key swallows the value and 0x5a is read as a Boolean.
  auto as_dictionary = decode_as<StoredData>(bytes, ctx, DataModel::dictionary);
  ASSERT_FALSE(as_dictionary);
  EXPECT_EQ(as_dictionary.error().code, wire::errc::invalid_value);
  EXPECT_EQ(as_dictionary.error().field, "exists");
}

TEST(StoredDataValue, ModelFollowsTheAlternative) {
  EXPECT_EQ(StoredDataValue{DataValue{}}.model(), DataModel::single_value);
  EXPECT_EQ(StoredDataValue{ArrayEntry{}}.model(), DataModel::array);
  EXPECT_EQ(StoredDataValue{DictionaryEntry{}}.model(), DataModel::dictionary);
  EXPECT_EQ(base::to_hex(test::expect_round_trip(StoredDataValue{ArrayEntry{1, {true, {}}}}, ctx, DataModel::array)),
            "000000010100000000");
}

TEST(StoredData, ValueTooLongForItsPrefixIsAnEncodeError) {
  StoredData big = stored({DictionaryEntry{Bytes(0x10000, 0), {true, {}}}});
  auto e = encode_as(big, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::value_too_long);
  EXPECT_EQ(e.error().structure, "DictionaryEntry");
  EXPECT_EQ(e.error().field, "key");
}

}  // namespace
}  // namespace disco::reload::msg
