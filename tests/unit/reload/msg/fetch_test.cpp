#include "libcommon/reload/msg/fetch.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/store.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

// Hex with spaces between the fields, in the encoder's form (to_hex, no spaces) for comparisons.
std::string fields(std::string_view spaced) { return base::to_hex(*base::from_hex(spaced)); }

const std::vector<StoredData>& values_of(const FetchKindResponse& k) {
  return std::get<std::vector<StoredData>>(k.values);
}

TEST(FetchReq, GoldenVectorDecodesFieldByField) {
  const auto req = test::expect_golden<FetchReq>("reload/fetch_req.hex", ctx);
  EXPECT_EQ(req.resource.to_hex(), "a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f");
  ASSERT_EQ(req.specifiers.size(), 3u);
  EXPECT_EQ(req.specifiers[0].kind, kinds::turn_service);
  EXPECT_EQ(req.specifiers[0].generation, 0u);
  EXPECT_TRUE(std::holds_alternative<SingleValueSpecifier>(req.specifiers[0].model_specifier));
  EXPECT_EQ(req.specifiers[1].kind, kinds::certificate_by_node);
  EXPECT_EQ(req.specifiers[1].generation, 7u);
  EXPECT_EQ(std::get<ArraySpecifier>(req.specifiers[1].model_specifier).indices,
            (std::vector<ArrayRange>{{0, array_last_index}}));
  EXPECT_EQ(req.specifiers[2].kind, kinds::sip_registration);
  EXPECT_TRUE(std::get<DictionarySpecifier>(req.specifiers[2].model_specifier).keys.empty());
  EXPECT_TRUE(unknown_kinds(req).empty());
}

TEST(FetchReq, UnknownKindsAreCarriedAndListed) {
  CodecContext iana_without_certs;
  iana_without_certs.kinds = KindTable{};
  iana_without_certs.kinds.set(kinds::turn_service, DataModel::single_value);
  const auto req = test::expect_golden<FetchReq>("reload/fetch_req.hex", iana_without_certs);
  ASSERT_EQ(req.specifiers.size(), 3u);
  EXPECT_EQ(base::to_hex(std::get<UnknownKindSpecifier>(req.specifiers[1].model_specifier).bytes),
            fields("0008 00000000 ffffffff"));
  EXPECT_EQ(base::to_hex(std::get<UnknownKindSpecifier>(req.specifiers[2].model_specifier).bytes), "0000");
  EXPECT_EQ(unknown_kinds(req), (std::vector<KindId>{kinds::certificate_by_node, kinds::sip_registration}));
}

TEST(FetchAns, GoldenVectorDecodesFieldByField) {
  const auto ans = test::expect_golden<FetchAns>("reload/fetch_ans.hex", ctx);
  ASSERT_EQ(ans.kind_responses.size(), 3u);

  const auto& turn = ans.kind_responses[0];
  EXPECT_EQ(turn.kind, kinds::turn_service);
  EXPECT_EQ(turn.generation, 0u);
  ASSERT_EQ(values_of(turn).size(), 1u);
  const auto& synthetic = values_of(turn)[0];
  EXPECT_EQ(synthetic.value, (StoredDataValue{DataValue{false, {}}}));
  EXPECT_EQ(synthetic.signature.algorithm,
            (SignatureAndHashAlgorithm{hash_algorithm::none, signature_algorithm::anonymous}));
  EXPECT_TRUE(std::holds_alternative<NoSignerIdentity>(synthetic.signature.identity.value));
  EXPECT_TRUE(synthetic.signature.signature_value.empty());

  const auto& certs = ans.kind_responses[1];
  EXPECT_EQ(certs.kind, kinds::certificate_by_node);
  EXPECT_EQ(certs.generation, 8u);
  ASSERT_EQ(values_of(certs).size(), 1u);
  const auto& entry = std::get<ArrayEntry>(values_of(certs)[0].value.value);
  EXPECT_EQ(entry.index, 0u);
  EXPECT_EQ(entry.value.value, test::load_hex_vector("reload/certificate_x509.hex"));

  const auto& sip = ans.kind_responses[2];
  EXPECT_EQ(sip.kind, kinds::sip_registration);
  EXPECT_EQ(sip.generation, 4u);
  const auto& de = std::get<DictionaryEntry>(values_of(sip)[0].value.value);
  EXPECT_EQ(base::to_hex(de.key), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(values_of(sip)[0].signature.signature_value.size(), 256u);
}

TEST(FetchAns, TheAnsweredValuesAreTheStoredOnes) {
  // The certificate appended at 0xffffffff in store_req.hex comes back at index 0, otherwise equal.
  const auto req = *decode_as<StoreReq>(test::load_hex_vector("reload/store_req.hex"), ctx);
  const auto ans = *decode_as<FetchAns>(test::load_hex_vector("reload/fetch_ans.hex"), ctx);
  auto stored = std::get<std::vector<StoredData>>(req.kind_data[1].values)[0];
  std::get<ArrayEntry>(stored.value.value).index = 0;
  EXPECT_EQ(values_of(ans.kind_responses[1])[0], stored);
  EXPECT_EQ(values_of(ans.kind_responses[2])[0], std::get<std::vector<StoredData>>(req.kind_data[2].values)[0]);
}

TEST(FetchAns, UnknownKindsAreKeptVerbatim) {
  CodecContext none;
  none.kinds = KindTable{};
  const auto ans = test::expect_golden<FetchAns>("reload/fetch_ans.hex", none);
  ASSERT_EQ(ans.kind_responses.size(), 3u);
  for (const auto& k : ans.kind_responses) EXPECT_TRUE(is_unknown_kind(k.values));
  EXPECT_EQ(ans.kind_responses[1].generation, 8u);
  // Decoded with the full table later, the kept bytes are the same values.
  const auto& raw = std::get<UnknownKindValues>(ans.kind_responses[2].values);
  Bytes region = *encode_as(FetchKindResponse{kinds::sip_registration, 4, raw}, none);
  auto typed = decode_as<FetchKindResponse>(region, ctx);
  ASSERT_TRUE(typed);
  EXPECT_EQ(values_of(*typed).size(), 1u);
}

TEST(FetchAns, ListCountLimitIsEnforced) {
  CodecContext tight;
  tight.limits.max_list_count = 2;
  auto r = decode_as<FetchAns>(test::load_hex_vector("reload/fetch_ans.hex"), tight);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::limit_exceeded);
  EXPECT_EQ(r.error().field, "kind_responses");
}

TEST(FetchAns, GenerationMatchAnswersWithoutValues) {
  FetchAns ans{{{kinds::turn_service, 5, std::vector<StoredData>{}}}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ans, ctx)), fields("00000010 00000002 0000000000000005 00000000"));
}

}  // namespace
}  // namespace disco::reload::msg
