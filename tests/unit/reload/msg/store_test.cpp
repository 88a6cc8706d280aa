#include "libcommon/reload/msg/store.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

NodeId node(std::string_view hex) { return *NodeId::from_hex(hex); }

// Hex with spaces between the fields, in the encoder's form (to_hex, no spaces) for comparisons.
std::string fields(std::string_view spaced) { return base::to_hex(*base::from_hex(spaced)); }

const std::vector<StoredData>& values_of(const StoreKindData& k) { return std::get<std::vector<StoredData>>(k.values); }

TEST(StoreReq, GoldenVectorDecodesFieldByField) {
  const auto req = test::expect_golden<StoreReq>("reload/store_req.hex", ctx);
  EXPECT_EQ(req.resource.to_hex(), "a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f");
  EXPECT_EQ(req.replica_number, 0);
  ASSERT_EQ(req.kind_data.size(), 3u);

  const auto& turn = req.kind_data[0];
  EXPECT_EQ(turn.kind, kinds::turn_service);
  EXPECT_EQ(turn.generation_counter, 0u);
  ASSERT_EQ(values_of(turn).size(), 1u);
  const auto& t = values_of(turn)[0];
  EXPECT_EQ(t.storage_time, 0x18b2e3c4d5eu);
  EXPECT_EQ(t.lifetime, 86400u);
  const auto& single = std::get<DataValue>(t.value.value);
  EXPECT_TRUE(single.exists);
  EXPECT_EQ(base::to_hex(single.value), "010106c00002010d96");
  EXPECT_EQ(t.signature.algorithm, (SignatureAndHashAlgorithm{hash_algorithm::sha256, signature_algorithm::rsa}));
  const auto& hash = std::get<CertHash>(t.signature.identity.value);
  EXPECT_EQ(hash.hash_alg, hash_algorithm::sha256);
  EXPECT_EQ(base::to_hex(hash.certificate_hash), "650143fef9cfd8fbeda0f7ffcd211bf8aebbe81cb9a9ee0a65c7c542e9ce1b92");
  EXPECT_EQ(t.signature.signature_value.size(), 256u);

  const auto& certs = req.kind_data[1];
  EXPECT_EQ(certs.kind, kinds::certificate_by_node);
  EXPECT_EQ(certs.generation_counter, 7u);
  ASSERT_EQ(values_of(certs).size(), 1u);
  const auto& c = values_of(certs)[0];
  EXPECT_EQ(c.lifetime, 2592000u);
  const auto& entry = std::get<ArrayEntry>(c.value.value);
  EXPECT_EQ(entry.index, array_append_index);
  EXPECT_TRUE(entry.value.exists);
  EXPECT_EQ(entry.value.value, test::load_hex_vector("reload/certificate_x509.hex"));
  EXPECT_EQ(std::get<CertHashNodeId>(c.signature.identity.value).certificate_node_id_hash.size(), 32u);

  const auto& sip = req.kind_data[2];
  EXPECT_EQ(sip.kind, kinds::sip_registration);
  EXPECT_EQ(sip.generation_counter, 3u);
  ASSERT_EQ(values_of(sip).size(), 1u);
  const auto& s = values_of(sip)[0];
  EXPECT_EQ(s.lifetime, 3600u);
  const auto& de = std::get<DictionaryEntry>(s.value.value);
  EXPECT_EQ(base::to_hex(de.key), "00112233445566778899aabbccddeeff");
  EXPECT_TRUE(de.value.exists);
  const std::string uri(de.value.value.begin() + 5, de.value.value.end());
  EXPECT_EQ(uri, "sip:alice@192.0.2.10");

  EXPECT_TRUE(unknown_kinds(req).empty());
}

TEST(StoreAns, GoldenVectorDecodesFieldByField) {
  const auto ans = test::expect_golden<StoreAns>("reload/store_ans.hex", ctx);
  ASSERT_EQ(ans.kind_responses.size(), 3u);
  EXPECT_EQ(ans.kind_responses[0].kind, kinds::turn_service);
  EXPECT_EQ(ans.kind_responses[0].generation_counter, 1u);
  EXPECT_EQ(ans.kind_responses[1].kind, kinds::certificate_by_node);
  EXPECT_EQ(ans.kind_responses[1].generation_counter, 8u);
  EXPECT_EQ(ans.kind_responses[2].kind, kinds::sip_registration);
  EXPECT_EQ(ans.kind_responses[2].generation_counter, 4u);
  for (const auto& k : ans.kind_responses) {
    ASSERT_EQ(k.replicas.size(), 2u);
    EXPECT_EQ(k.replicas[0], node("f0e0d0c0b0a090807060504030201000"));
    EXPECT_EQ(k.replicas[1], node("8899aabbccddeeff0011223344556677"));
  }
}

TEST(StoreAns, ReplicasFollowTheOverlayNodeIdLength) {
  CodecContext wide;
  wide.node_id_length = 20;
  StoreAns ans{{{kinds::turn_service, 9, {*NodeId::from_hex("000102030405060708090a0b0c0d0e0f10111213")}}}};
  auto bytes = test::expect_round_trip(ans, wide);
  EXPECT_EQ(base::to_hex(bytes),
            fields("0022 00000002 0000000000000009 0014 000102030405060708090a0b0c0d0e0f10111213"));
  // The same bytes in a 16-byte overlay leave 4 bytes of a second Node-ID.
  auto r = decode_as<StoreAns>(bytes, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::truncated);
  EXPECT_EQ(r.error().field, "NodeId");
}

TEST(StoreReq, UnknownKindIsKeptVerbatimAndReencoded) {
  const Bytes bytes = test::load_hex_vector("reload/store_req.hex");
  CodecContext partial;
  partial.kinds = KindTable{};
  partial.kinds.set(kinds::turn_service, DataModel::single_value);
  partial.kinds.set(kinds::sip_registration, DataModel::dictionary);
  const auto req = test::expect_golden<StoreReq>("reload/store_req.hex", partial);
  ASSERT_EQ(req.kind_data.size(), 3u);
  EXPECT_FALSE(is_unknown_kind(req.kind_data[0].values));
  EXPECT_FALSE(is_unknown_kind(req.kind_data[2].values));
  const auto& raw = std::get<UnknownKindValues>(req.kind_data[1].values);
  // The values<> region of CERTIFICATE_BY_NODE: 767 bytes after its 4-byte length at offset 16 of
  // the second StoreKindData, which follows the 343-byte TURN-SERVICE one.
  ASSERT_EQ(raw.bytes.size(), 767u);
  EXPECT_EQ(raw.bytes, Bytes(bytes.begin() + 22 + 343 + 16, bytes.begin() + 22 + 343 + 16 + 767));
  EXPECT_EQ(unknown_kinds(req), std::vector<KindId>{kinds::certificate_by_node});

  // With no kind known at all, everything after each generation counter is carried as received.
  CodecContext none;
  none.kinds = KindTable{};
  const auto opaque = test::expect_golden<StoreReq>("reload/store_req.hex", none);
  EXPECT_EQ(unknown_kinds(opaque),
            (std::vector<KindId>{kinds::turn_service, kinds::certificate_by_node, kinds::sip_registration}));
}

TEST(StoreReq, UnknownKindsAreListedOnceInRequestOrder) {
  CodecContext none;
  none.kinds = KindTable{};
  StoreReq req;
  req.kind_data = {{0xf0000002, 0, UnknownKindValues{{1, 2, 3}}},
                   {0xf0000001, 0, UnknownKindValues{}},
                   {0xf0000002, 0, UnknownKindValues{{4}}}};
  test::expect_round_trip(req, none);
  EXPECT_EQ(unknown_kinds(req), (std::vector<KindId>{0xf0000002, 0xf0000001}));
}

TEST(StoreKindData, TheKindTableModelDrivesDecoding) {
  // A private kind: single value in one overlay's configuration, array in another's.
  constexpr KindId kind = 0xf0000010;
  CodecContext single;
  single.kinds.set(kind, DataModel::single_value);
  CodecContext array;
  array.kinds.set(kind, DataModel::array);

  Bytes value = {0x00, 0x00, 0x00, 0xfd};
  value.resize(257, 0x77);
  StoredData sd;
  sd.value.value = DataValue{true, value};
  sd.signature.identity.value = NoSignerIdentity{};
  const StoreKindData k{kind, 5, std::vector<StoredData>{sd}};
  const auto bytes = test::expect_round_trip(k, single);

  // Under the array model exists 01 and the length 00000101 read as index 0x01000001 and exists
  // 01; the value's first 4 bytes become a 253-byte length.
  auto as_array = decode_as<StoreKindData>(bytes, array);
  ASSERT_TRUE(as_array) << as_array.error().message();
  const auto& entry = std::get<ArrayEntry>(values_of(*as_array)[0].value.value);
  EXPECT_EQ(entry.index, 0x01000001u);
  EXPECT_EQ(entry.value, (DataValue{true, Bytes(253, 0x77)}));
  EXPECT_NE(*as_array, k);
  // And the array reading re-encodes to the same bytes, in the array overlay.
  EXPECT_EQ(*encode_as(*as_array, array), bytes);
  // Under the dictionary model the 0x0100-byte key overruns the value: no reading fits.
  CodecContext dictionary;
  dictionary.kinds.set(kind, DataModel::dictionary);
  EXPECT_FALSE(decode_as<StoreKindData>(bytes, dictionary));
}

TEST(StoreKindData, EncoderRefusesValuesTheKindTableContradicts) {
  StoredData array_value;
  array_value.value.value = ArrayEntry{0, {true, {}}};
  // TURN-SERVICE is single value: an ArrayEntry would be misread by every receiver.
  auto e = encode_as(StoreKindData{kinds::turn_service, 0, std::vector<StoredData>{array_value}}, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::invalid_value);
  EXPECT_EQ(e.error().structure, "StoreKindData");
  // A typed value of a kind the table does not know cannot be checked at all.
  auto u = encode_as(StoreKindData{0xf0000001, 0, std::vector<StoredData>{array_value}}, ctx);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, errc::unknown_kind);
  // An empty list has nothing model-dependent in it.
  EXPECT_EQ(base::to_hex(*encode_as(StoreKindData{0xf0000001, 2, {}}, ctx)),
            fields("f0000001 0000000000000002 00000000"));
}

TEST(StoreReq, ListCountLimitIsEnforced) {
  CodecContext tight;
  tight.limits.max_list_count = 2;
  auto r = decode_as<StoreReq>(test::load_hex_vector("reload/store_req.hex"), tight);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::limit_exceeded);
  EXPECT_EQ(r.error().field, "kind_data");
  auto a = decode_as<StoreAns>(test::load_hex_vector("reload/store_ans.hex"), tight);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, wire::errc::limit_exceeded);
  tight.limits.max_list_count = 3;
  EXPECT_TRUE(decode_as<StoreReq>(test::load_hex_vector("reload/store_req.hex"), tight));
}

TEST(StoreReq, NestingDepthLimitIsEnforced) {
  CodecContext shallow;
  shallow.limits.max_depth = 3;  // StoreReq > StoreKindData > StoredData > DataValue is 4 deep
  auto r = decode_as<StoreReq>(test::load_hex_vector("reload/store_req.hex"), shallow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::limit_exceeded);
  EXPECT_EQ(r.error().field, "nesting");
}

TEST(StoreReq, BooleanTwoDeepInsideIsRejected) {
  auto bytes = test::load_hex_vector("reload/store_req.hex");
  // resource 17, replica 1, kind_data length 4, kind 4, generation 8, values length 4, StoredData
  // length 4, storage_time 8, lifetime 4: the first DataValue.exists.
  const std::size_t exists_at = 17 + 1 + 4 + 4 + 8 + 4 + 4 + 8 + 4;
  ASSERT_EQ(bytes[exists_at], 1);
  bytes[exists_at] = 2;
  auto r = decode_as<StoreReq>(bytes, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
  EXPECT_EQ(r.error().structure, "DataValue");
  EXPECT_EQ(r.error().offset, exists_at);
}

TEST(StoreReq, RoundTripsAReplicaStoreOfSeveralValues) {
  StoreReq req;
  req.resource.bytes = Bytes(16, 0x11);
  req.replica_number = 2;
  StoredData a;
  a.value.value = ArrayEntry{0, {true, {1}}};
  StoredData b = a;
  b.value.value = ArrayEntry{3, {false, {}}};
  req.kind_data.push_back({kinds::certificate_by_user, 12, std::vector<StoredData>{a, b}});
  req.kind_data.push_back({kinds::access_control_list, 1, std::vector<StoredData>{}});
  test::expect_round_trip(req, ctx);
  test::expect_round_trip(StoreReq{}, ctx);
}

}  // namespace
}  // namespace disco::reload::msg
