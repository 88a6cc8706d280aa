#include "libcommon/reload/msg/signature_input.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/reload/msg/fetch.hpp"
#include "libcommon/reload/msg/store.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

Bytes hex(std::string_view s) { return *base::from_hex(s); }

// Hex with spaces between the fields, in the encoder's form (to_hex, no spaces) for comparisons.
std::string fields(std::string_view spaced) { return base::to_hex(*base::from_hex(spaced)); }

const ResourceId resource{hex("a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f")};

StoredData signed_value(StoredDataValue value) {
  StoredData d;
  d.storage_time = 0x18b2e3c4d5e;
  d.lifetime = 86400;  // not signed
  d.value = std::move(value);
  d.signature.identity.value = CertHash{hash_algorithm::sha256, {0xaa, 0xbb, 0xcc, 0xdd}};
  d.signature.signature_value = {0x01, 0x02};  // not signed, obviously
  return d;
}

std::string input_hex(KindId kind, const StoredData& d) {
  auto in = stored_data_signature_input(resource, kind, d, ctx);
  EXPECT_TRUE(in) << (in ? "" : in.error().message());
  return in ? base::to_hex(*in) : "";
}

TEST(StoredDataSignatureInput, SingleValueIsResourceKindTimeValueAndSigner) {
  const auto d = signed_value({DataValue{true, hex("010106c00002010d96")}});
  // s7.1: resource_id || kind || storage_time || StoredDataValue || SignerIdentity.
  EXPECT_EQ(input_hex(kinds::turn_service, d),
            fields("10 a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f "  // ResourceId with its length byte
                   "00000002 "                             // kind
                   "0000018b2e3c4d5e "                     // storage_time
                   "01 00000009 010106c00002010d96 "       // DataValue
                   "01 0006 04 04 aabbccdd"));             // SignerIdentity cert_hash
}

TEST(StoredDataSignatureInput, ArrayIndexIsZeroedBeforeSigning) {
  const auto appended = signed_value({ArrayEntry{array_append_index, {true, hex("300a")}}});
  const std::string expected = fields(
      "10 a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f "
      "00000003 "
      "0000018b2e3c4d5e "
      "00000000 01 00000002 300a "  // ArrayEntry with index 0, not 0xffffffff
      "01 0006 04 04 aabbccdd");
  EXPECT_EQ(input_hex(kinds::certificate_by_node, appended), expected);
  // Wherever the storing peer put it, the signature still verifies (s7.4.2.2).
  for (const std::uint32_t index : {0u, 1u, 41u}) {
    EXPECT_EQ(input_hex(kinds::certificate_by_node, signed_value({ArrayEntry{index, {true, hex("300a")}}})), expected);
  }
  // The value's own index is left alone.
  EXPECT_EQ(std::get<ArrayEntry>(appended.value.value).index, array_append_index);
}

TEST(StoredDataSignatureInput, DictionaryKeyIsSigned) {
  const auto d = signed_value({DictionaryEntry{hex("00112233445566778899aabbccddeeff"), {false, {}}}});
  EXPECT_EQ(input_hex(kinds::sip_registration, d),
            fields("10 a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f "                // ResourceId
                   "00000001 "                                           // kind
                   "0000018b2e3c4d5e "                                   // storage_time
                   "0010 00112233445566778899aabbccddeeff 00 00000000 "  // DictionaryEntry
                   "01 0006 04 04 aabbccdd"));                           // SignerIdentity
}

TEST(StoredDataSignatureInput, StoredAndFetchedGoldenValuesSignTheSameBytes) {
  const auto req = *decode_as<StoreReq>(test::load_hex_vector("reload/store_req.hex"), ctx);
  const auto ans = *decode_as<FetchAns>(test::load_hex_vector("reload/fetch_ans.hex"), ctx);
  const auto& stored = std::get<std::vector<StoredData>>(req.kind_data[1].values)[0];
  const auto& fetched = std::get<std::vector<StoredData>>(ans.kind_responses[1].values)[0];
  ASSERT_NE(stored, fetched);  // index 0xffffffff in the store, 0 in the answer
  auto a = stored_data_signature_input(req.resource, kinds::certificate_by_node, stored, ctx);
  auto b = stored_data_signature_input(req.resource, kinds::certificate_by_node, fetched, ctx);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  // s7.1 over the vectors' fields: ResourceId, kind, storage_time, the ArrayEntry with index 0 and
  // the 445-byte certificate of certificate_x509.hex, the cert_hash_node_id SignerIdentity.
  std::string expected = fields("10 a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f 00000003 0000018b2e3c4d5f");
  expected += fields("00000000 01 000001bd");  // ArrayEntry index 0, exists, value length 445
  expected += base::to_hex(test::load_hex_vector("reload/certificate_x509.hex"));
  expected += fields("02 0022 04 20 d402e872c27c4e1c97740bab2b9786c7a2682655310cb0e046466cf45d8b50eb");
  EXPECT_EQ(base::to_hex(*a), expected);
  EXPECT_EQ(a->size(), 17u + 4u + 8u + (4u + 1u + 4u + 445u) + 37u);
}

TEST(StoredDataSignatureInput, ResourceAndKindAreBound) {
  const auto d = signed_value({DataValue{true, {0x01}}});
  auto short_resource = stored_data_signature_input(ResourceId{hex("a2")}, kinds::turn_service, d, ctx);
  ASSERT_TRUE(short_resource);
  EXPECT_EQ(base::to_hex(*short_resource).substr(0, 12), fields("01 a2 00000002"));
  CodecContext with_private = ctx;
  with_private.kinds.set(0xf0000003, DataModel::single_value);
  auto private_kind = stored_data_signature_input(resource, 0xf0000003, d, with_private);
  ASSERT_TRUE(private_kind);
  EXPECT_EQ(base::to_hex(*private_kind).substr(34, 8), "f0000003");
  EXPECT_NE(base::to_hex(*private_kind), input_hex(kinds::turn_service, d));
}

TEST(StoredDataSignatureInput, ModelMustBeTheKinds) {
  const auto d = signed_value({ArrayEntry{0, {true, {}}}});
  auto e = stored_data_signature_input(resource, kinds::turn_service, d, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::invalid_value);
  auto u = stored_data_signature_input(resource, 0xf0000001, d, ctx);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, errc::unknown_kind);
}

}  // namespace
}  // namespace disco::reload::msg
