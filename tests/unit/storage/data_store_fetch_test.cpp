// DataStore::fetch() and stat() (s7.4.2, s7.4.3): models, ranges, wildcards, synthesized values.
#include <gtest/gtest.h>

#include "tests/unit/storage/storage_fixture.hpp"

namespace disco::storage::testing {
namespace {

using DataStoreFetch = StorageTest;

std::uint32_t index_of(const msg::StoredData& d) { return std::get<msg::ArrayEntry>(d.value.value).index; }

void expect_synthesized(const msg::StoredData& d) {
  EXPECT_FALSE(exists_of(d));
  EXPECT_TRUE(text_of(d).empty());
  EXPECT_EQ(d.storage_time, 0u);
  EXPECT_EQ(d.lifetime, 0u);
  EXPECT_EQ(d.signature.algorithm, (msg::SignatureAndHashAlgorithm{0, 0}));
  EXPECT_TRUE(std::holds_alternative<msg::NoSignerIdentity>(d.signature.identity.value));
  EXPECT_TRUE(d.signature.signature_value.empty());
}

TEST_F(DataStoreFetch, AbsentSingleValueIsSynthesized) {
  const auto v = fetch_values(store, alice_res, single_spec(single_user));
  ASSERT_EQ(v.size(), 1u);
  expect_synthesized(v[0]);
  // The synthesized value encodes with the kind's model.
  auto ans = store.fetch(msg::FetchReq{alice_res, {single_spec(single_user)}}, now());
  EXPECT_TRUE(msg::encode_as(*ans, ctx).has_value());
}

TEST_F(DataStoreFetch, ArrayAppendAndSparseReads) {
  ASSERT_TRUE(put(alice, alice_res, array_user, {entry(2, "X")}).has_value());
  auto all = fetch_values(store, alice_res, array_spec(array_user, {{0, msg::array_last_index}}));
  ASSERT_EQ(all.size(), 3u);  // [NA, NA, "X"] (s7.2.2)
  EXPECT_EQ(index_of(all[0]), 0u);
  expect_synthesized(all[0]);
  EXPECT_EQ(index_of(all[1]), 1u);
  expect_synthesized(all[1]);
  EXPECT_EQ(index_of(all[2]), 2u);
  EXPECT_EQ(text_of(all[2]), "X");

  // Appends land after the last element, in request order, and keep verifying with the index zeroed.
  ASSERT_TRUE(put(alice, alice_res, array_user,
                  {entry(msg::array_append_index, "Y"), entry(msg::array_append_index, "Z")}, 1001)
                  .has_value());
  auto last = fetch_values(store, alice_res, array_spec(array_user, {{msg::array_last_index, msg::array_last_index}}));
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(index_of(last[0]), 4u);
  EXPECT_EQ(text_of(last[0]), "Z");
  auto two = fetch_values(store, alice_res, array_spec(array_user, {{3, 3}, {0, 1}}));
  ASSERT_EQ(two.size(), 3u);  // ranges answered in request order
  EXPECT_EQ(text_of(two[0]), "Y");
  EXPECT_EQ(index_of(two[1]), 0u);
  EXPECT_EQ(index_of(two[2]), 1u);
  // Past the end: nothing, not gaps.
  EXPECT_TRUE(fetch_values(store, alice_res, array_spec(array_user, {{5, 100}})).empty());
  auto clipped = fetch_values(store, alice_res, array_spec(array_user, {{4, 1000}}));
  ASSERT_EQ(clipped.size(), 1u);
  EXPECT_EQ(text_of(clipped[0]), "Z");

  // What was fetched verifies as the accessing peer checks it.
  msg::FetchAns ans{{msg::FetchKindResponse{array_user, 2, all}}};
  EXPECT_EQ(drop_unverified(ans, alice_res, std::vector{alice.certificate()}, kinds, verifier, ctx), 0u);
}

TEST_F(DataStoreFetch, BadArrayRangesAreInvalid) {
  ASSERT_TRUE(put(alice, alice_res, array_user, {entry(2, "X")}).has_value());
  auto backwards = store.fetch(msg::FetchReq{alice_res, {array_spec(array_user, {{3, 2}})}}, now());
  ASSERT_FALSE(backwards.has_value());
  EXPECT_EQ(backwards.error().code, msg::ErrorCode::invalid_message);
  auto overlap = store.fetch(msg::FetchReq{alice_res, {array_spec(array_user, {{0, 5}, {5, 6}})}}, now());
  ASSERT_FALSE(overlap.has_value());
  EXPECT_EQ(overlap.error().code, msg::ErrorCode::invalid_message);
}

TEST_F(DataStoreFetch, AHugeSparseArrayCannotInflateTheAnswer) {
  ASSERT_TRUE(put(alice, alice_res, array_user, {entry(4000000000u, "far")}).has_value());
  auto r = store.fetch(msg::FetchReq{alice_res, {array_spec(array_user, {{0, msg::array_last_index}})}}, now());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, msg::ErrorCode::response_too_large);
  auto near = fetch_values(store, alice_res, array_spec(array_user, {{3999999999u, msg::array_last_index}}));
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(text_of(near[1]), "far");
}

TEST_F(DataStoreFetch, AnArrayWithNoValuesAnswersNothing) {
  EXPECT_TRUE(fetch_values(store, alice_res, array_spec(array_user, {{0, 10}})).empty());
}

TEST_F(DataStoreFetch, DictionaryWildcardAndMissingKeys) {
  ASSERT_TRUE(
      put(alice, alice_res, dict_user, {keyed({1}, "one"), keyed({2}, "two"), keyed({3}, "", false)}).has_value());
  auto all = fetch_values(store, alice_res, dict_spec(dict_user, {}));
  ASSERT_EQ(all.size(), 3u);  // the tombstone is a stored value too
  EXPECT_EQ(text_of(all[0]), "one");
  EXPECT_EQ(text_of(all[1]), "two");
  EXPECT_FALSE(exists_of(all[2]));
  EXPECT_EQ(all[2].storage_time, 1000u);
  auto some = fetch_values(store, alice_res, dict_spec(dict_user, {{2}, {9}}));
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(text_of(some[0]), "two");
  expect_synthesized(some[1]);
  EXPECT_EQ(std::get<msg::DictionaryEntry>(some[1].value.value).key, (Bytes{9}));
  EXPECT_TRUE(fetch_values(store, bob_res, dict_spec(dict_user, {})).empty());
}

TEST_F(DataStoreFetch, MatchingGenerationAnswersNoValues) {
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "one")}).has_value());
  auto ans = store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {}, 1), dict_spec(dict_user, {}, 7)}}, now());
  ASSERT_TRUE(ans.has_value());
  ASSERT_EQ(ans->kind_responses.size(), 2u);
  EXPECT_EQ(ans->kind_responses[0].generation, 1u);
  EXPECT_TRUE(std::get<std::vector<msg::StoredData>>(ans->kind_responses[0].values).empty());
  EXPECT_EQ(std::get<std::vector<msg::StoredData>>(ans->kind_responses[1].values).size(), 1u);
}

TEST_F(DataStoreFetch, UnknownKindsAndModelMismatches) {
  msg::StoredDataSpecifier raw{0xF0000100, 0, msg::UnknownKindSpecifier{{0}}};
  auto r = store.fetch(msg::FetchReq{alice_res, {single_spec(single_user), raw, single_spec(unregistered)}}, now());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, msg::ErrorCode::unknown_kind);
  EXPECT_EQ(r.error().unknown_kinds, (std::vector<msg::KindId>{0xF0000100, unregistered}));
  auto mismatch = store.fetch(msg::FetchReq{alice_res, {single_spec(dict_user)}}, now());
  ASSERT_FALSE(mismatch.has_value());
  EXPECT_EQ(mismatch.error().code, msg::ErrorCode::invalid_message);
  auto stat = store.stat(msg::StatReq{alice_res, {raw}}, now());
  ASSERT_FALSE(stat.has_value());
  EXPECT_EQ(stat.error().code, msg::ErrorCode::unknown_kind);
}

TEST_F(DataStoreFetch, LifetimesAreWhatRemains) {
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("x")}, 1000, 0, 100).has_value());
  clock.advance(std::chrono::seconds(30));
  EXPECT_EQ(fetch_values(store, alice_res, single_spec(single_user)).at(0).lifetime, 70u);
  clock.advance(std::chrono::milliseconds(500));
  EXPECT_EQ(fetch_values(store, alice_res, single_spec(single_user)).at(0).lifetime, 69u);  // never rounded up
}

TEST_F(DataStoreFetch, StatHashesTheValueWithItsLengthPrefix) {
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "abc")}).has_value());
  auto ans = store.stat(msg::StatReq{alice_res, {dict_spec(dict_user, {{1}, {2}})}}, now());
  ASSERT_TRUE(ans.has_value());
  ASSERT_EQ(ans->kind_responses.size(), 1u);
  EXPECT_EQ(ans->kind_responses[0].generation, 1u);
  const auto& v = std::get<std::vector<msg::StoredMetaData>>(ans->kind_responses[0].values);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].storage_time, 1000u);
  EXPECT_EQ(v[0].lifetime, 60u);
  const auto& meta = std::get<msg::DictionaryEntryMeta>(v[0].metadata.value);
  EXPECT_EQ(meta.key, (Bytes{1}));
  EXPECT_TRUE(meta.value.exists);
  EXPECT_EQ(meta.value.value_length, 3u);
  EXPECT_EQ(meta.value.hash_algorithm, msg::hash_algorithm::sha256);
  // SHA-256(00000003 616263), computed independently: `printf '\0\0\0\3abc' | sha256sum`.
  EXPECT_EQ(base::to_hex(meta.value.hash_value), "d04b72a650ce0f8ce4963330a53ee2832733d2baeffff3c1d8e256cca096d120");
  const auto& missing = std::get<msg::DictionaryEntryMeta>(v[1].metadata.value);
  EXPECT_FALSE(missing.value.exists);
  EXPECT_EQ(missing.value.value_length, 0u);
  EXPECT_TRUE(msg::encode_as(*ans, ctx).has_value());
}

TEST_F(DataStoreFetch, CertificatesForTheAnswerAndOnlyThose) {
  const Bytes own = key_of(node(0xb1));
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "one")}).has_value());
  ASSERT_TRUE(put(bob, bob_res, dict_user_node, {keyed(own, "b")}).has_value());
  auto ans = store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {{1}, {2}})}}, now());
  ASSERT_TRUE(ans.has_value());
  EXPECT_EQ(store.certificates_for(*ans), std::vector{alice.certificate()});
  // When the values go, so do their certificates.
  store.erase(alice_res);
  EXPECT_TRUE(store.certificates_for(*ans).empty());
  EXPECT_EQ(store.resource_count(), 1u);
}

}  // namespace
}  // namespace disco::storage::testing
