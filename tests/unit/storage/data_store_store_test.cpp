// DataStore::store(): the s7.4.1.1 checks, each with its error code, and the generation counter.
#include <gtest/gtest.h>

#include "tests/unit/storage/storage_fixture.hpp"

namespace disco::storage::testing {
namespace {

using DataStoreStore = StorageTest;

msg::ErrorCode code_of(const base::result<msg::StoreAns, StoreError>& r) {
  return r ? msg::ErrorCode::invalid : r.error().code;
}

TEST_F(DataStoreStore, StoresASingleValueAndAnswersTheGeneration) {
  auto ans = put(alice, alice_res, single_user, {single("hello")});
  ASSERT_TRUE(ans.has_value()) << ans.error().info;
  ASSERT_EQ(ans->kind_responses.size(), 1u);
  EXPECT_EQ(ans->kind_responses[0].kind, single_user);
  EXPECT_EQ(ans->kind_responses[0].generation_counter, 1u);
  EXPECT_TRUE(ans->kind_responses[0].replicas.empty());
  EXPECT_EQ(store.value_count(), 1u);
  EXPECT_EQ(store.resource_count(), 1u);
  EXPECT_TRUE(store.contains(alice_res));
  EXPECT_EQ(store.resources(), std::vector<reload::ResourceId>{alice_res});

  const auto values = fetch_values(store, alice_res, single_spec(single_user));
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(text_of(values[0]), "hello");
  EXPECT_TRUE(exists_of(values[0]));
  EXPECT_EQ(values[0].storage_time, 1000u);
  EXPECT_EQ(values[0].lifetime, 60u);
}

TEST_F(DataStoreStore, UnknownKindsAreAllListed) {
  auto kd_known = kind_data(single_user, {sign(alice, alice_res, single_user, single("x"))});
  // One kind the codec could not parse (kept verbatim), one it parsed but the registry lacks.
  msg::StoreKindData raw{0xF0000100, 0, msg::UnknownKindValues{{1, 2, 3}}};
  msg::StoreKindData typed{unregistered, 0, std::vector<msg::StoredData>{}};
  const std::vector certs{alice.certificate()};
  auto r = store.store(request(alice_res, {kd_known, raw, typed, raw}), certs, alice.identity(), now());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, msg::ErrorCode::unknown_kind);
  EXPECT_EQ(r.error().unknown_kinds, (std::vector<msg::KindId>{0xF0000100, unregistered}));
  EXPECT_EQ(store.value_count(), 0u);
}

TEST_F(DataStoreStore, TheSameKindTwiceIsRejected) {
  auto kd = kind_data(single_user, {sign(alice, alice_res, single_user, single("x"))});
  const std::vector certs{alice.certificate()};
  auto r = store.store(request(alice_res, {kd, kd}), certs, alice.identity(), now());
  EXPECT_EQ(code_of(r), msg::ErrorCode::invalid_message);
  EXPECT_EQ(store.value_count(), 0u);
}

TEST_F(DataStoreStore, AlteredValueIsForbidden) {
  auto d = sign(alice, alice_res, single_user, single("hello"));
  std::get<msg::DataValue>(d.value.value).value = base::to_bytes("hellO");
  const std::vector certs{alice.certificate()};
  EXPECT_EQ(code_of(store.store(request(alice_res, {kind_data(single_user, {d})}), certs, alice.identity(), now())),
            msg::ErrorCode::forbidden);
  // The signature covers storage_time, the Resource-ID and the Kind-ID too.
  auto later = sign(alice, alice_res, single_user, single("hello"));
  later.storage_time += 1;
  EXPECT_EQ(code_of(store.store(request(alice_res, {kind_data(single_user, {later})}), certs, alice.identity(), now())),
            msg::ErrorCode::forbidden);
  auto other_kind = sign(alice, alice_res, dict_user, keyed({1}, "x"));
  EXPECT_EQ(
      code_of(store.store(request(alice_res, {kind_data(single_user, {other_kind})}), certs, alice.identity(), now())),
      msg::ErrorCode::invalid_message);  // a dictionary entry for a single-value kind
  EXPECT_EQ(store.value_count(), 0u);
}

TEST_F(DataStoreStore, ValueWhoseCertificateIsMissingOrForeignIsForbidden) {
  auto d = sign(alice, alice_res, single_user, single("x"));
  const std::vector only_bob{bob.certificate()};
  EXPECT_EQ(code_of(store.store(request(alice_res, {kind_data(single_user, {d})}), only_bob, alice.identity(), now())),
            msg::ErrorCode::forbidden);
  test::FakeSigner impostor{"alice@example.com", {node(0xa1)}, "another-realm"};
  auto forged = sign(impostor, alice_res, single_user, single("x"));
  const std::vector impostor_cert{impostor.certificate()};
  EXPECT_EQ(code_of(store.store(request(alice_res, {kind_data(single_user, {forged})}), impostor_cert,
                                impostor.identity(), now())),
            msg::ErrorCode::forbidden);
}

TEST_F(DataStoreStore, SynthesizedValuesAreForbidden) {
  auto none = sign(alice, alice_res, single_user, single("x"));
  none.signature.identity.value = msg::NoSignerIdentity{};
  auto anonymous = sign(alice, alice_res, single_user, single("x"));
  anonymous.signature.algorithm = {0, 0};
  const std::vector certs{alice.certificate()};
  for (const auto& d : {none, anonymous}) {
    auto r = store.store(request(alice_res, {kind_data(single_user, {d})}), certs, alice.identity(), now());
    EXPECT_EQ(code_of(r), msg::ErrorCode::forbidden);
  }
  const auto before = verifier.verifications();
  EXPECT_EQ(before, 0u);  // refused before any signature work
}

TEST_F(DataStoreStore, ValueSignerMustSatisfyThePolicy) {
  // Bob signs a value for Alice's USER-MATCH resource.
  auto r = put(bob, alice_res, single_user, {single("x")});
  EXPECT_EQ(code_of(r), msg::ErrorCode::forbidden);
  EXPECT_EQ(r.error().info, "value signer not allowed by the access policy");
}

TEST_F(DataStoreStore, OriginalStoreRequestSignerMustSatisfyThePolicyReplicaStoreNot) {
  auto d = sign(alice, alice_res, single_user, single("x"));
  const std::vector certs{alice.certificate()};
  auto original = store.store(request(alice_res, {kind_data(single_user, {d})}), certs, bob.identity(), now());
  EXPECT_EQ(code_of(original), msg::ErrorCode::forbidden);
  EXPECT_EQ(original.error().info, "request signer not allowed by the access policy");
  // A replica store comes from the responsible peer, not from Alice (s7.3).
  auto replica = store.store(request(alice_res, {kind_data(single_user, {d}, 4)}, 1), certs, bob.identity(), now());
  ASSERT_TRUE(replica.has_value()) << replica.error().info;
  EXPECT_EQ(replica->kind_responses[0].generation_counter, 4u);
}

TEST_F(DataStoreStore, NodeMatchAndCertHashNodeId) {
  const auto a1_res = overlay_hash(node(0xa1).bytes());
  EXPECT_TRUE(put(alice, a1_res, single_node, {single("x")}).has_value());
  EXPECT_EQ(code_of(put(bob, a1_res, single_node, {single("y")}, 2000)), msg::ErrorCode::forbidden);
  // Signing as Node-ID a2 designates only a2, so a1's resource is not Alice's to write then.
  test::FakeSigner as_a2{"alice@example.com", {node(0xa1), node(0xa2)}, test::fake_realm, node(0xa2)};
  EXPECT_EQ(code_of(put(as_a2, a1_res, single_node, {single("z")}, 3000)), msg::ErrorCode::forbidden);
  EXPECT_TRUE(put(as_a2, overlay_hash(node(0xa2).bytes()), single_node, {single("z")}, 3000).has_value());
}

TEST_F(DataStoreStore, UserNodeMatchKeyIsTheSignersNodeId) {
  const auto a1 = node(0xa1);
  const Bytes own(a1.bytes().begin(), a1.bytes().end());
  EXPECT_TRUE(put(alice, alice_res, dict_user_node, {keyed(own, "contact")}).has_value());
  EXPECT_EQ(code_of(put(alice, alice_res, dict_user_node, {keyed({1, 2, 3}, "contact")})), msg::ErrorCode::forbidden);
  EXPECT_EQ(code_of(put(alice, alice_res, single_user_node, {single("x")})), msg::ErrorCode::forbidden);
}

TEST_F(DataStoreStore, NodeMultipleUpToMax) {
  EXPECT_TRUE(put(alice, node_multiple_resource(node(0xa1), 3), dict_multiple, {keyed({1}, "x")}).has_value());
  EXPECT_EQ(code_of(put(alice, node_multiple_resource(node(0xa1), 4), dict_multiple, {keyed({1}, "x")})),
            msg::ErrorCode::forbidden);
}

TEST_F(DataStoreStore, OlderStorageTimeIsDataTooOld) {
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("new")}, 2000).has_value());
  EXPECT_EQ(code_of(put(alice, alice_res, single_user, {single("old")}, 1999)), msg::ErrorCode::data_too_old);
  // The same storage_time with another value is too old as well.
  EXPECT_EQ(code_of(put(alice, alice_res, single_user, {single("other")}, 2000)), msg::ErrorCode::data_too_old);
  // The same value again (a retransmission) succeeds and changes nothing.
  auto again = put(alice, alice_res, single_user, {single("new")}, 2000);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->kind_responses[0].generation_counter, 1u);
  auto newer = put(alice, alice_res, single_user, {single("newer")}, 2001);
  ASSERT_TRUE(newer.has_value());
  EXPECT_EQ(newer->kind_responses[0].generation_counter, 2u);
  EXPECT_EQ(text_of(fetch_values(store, alice_res, single_spec(single_user)).at(0)), "newer");
}

TEST_F(DataStoreStore, ValuesInOneRequestAreProcessedInTurn) {
  // Two values for the same key: the later must not be older than the earlier.
  const std::vector certs{alice.certificate()};
  auto first = sign(alice, alice_res, dict_user, keyed({1}, "a"), 2000);
  auto second = sign(alice, alice_res, dict_user, keyed({1}, "b"), 1000);
  EXPECT_EQ(
      code_of(store.store(request(alice_res, {kind_data(dict_user, {first, second})}), certs, alice.identity(), now())),
      msg::ErrorCode::data_too_old);
  auto third = sign(alice, alice_res, dict_user, keyed({1}, "c"), 3000);
  ASSERT_TRUE(store.store(request(alice_res, {kind_data(dict_user, {first, third})}), certs, alice.identity(), now())
                  .has_value());
  EXPECT_EQ(text_of(fetch_values(store, alice_res, dict_spec(dict_user, {{1}})).at(0)), "c");
  EXPECT_EQ(store.value_count(), 1u);
}

TEST_F(DataStoreStore, MaxSizeAndMaxCountAreDataTooLarge) {
  EXPECT_EQ(code_of(put(alice, alice_res, array_user, {entry(0, std::string(17, 'x'))})),
            msg::ErrorCode::data_too_large);
  EXPECT_TRUE(put(alice, alice_res, array_user, {entry(0, std::string(16, 'x'))}).has_value());
  // max-count 5 per resource and kind: 4 more fit, the 6th does not.
  EXPECT_TRUE(put(alice, alice_res, array_user, {entry(1, "a"), entry(2, "b"), entry(3, "c"), entry(9, "d")}, 1001)
                  .has_value());
  EXPECT_EQ(code_of(put(alice, alice_res, array_user, {entry(4, "e")}, 1002)), msg::ErrorCode::data_too_large);
  // Replacing an existing index does not add a value.
  EXPECT_TRUE(put(alice, alice_res, array_user, {entry(9, "D")}, 1003).has_value());
  EXPECT_EQ(
      code_of(put(alice, alice_res, array_user,
                  {entry(20, "1"), entry(21, "2"), entry(22, "3"), entry(23, "4"), entry(24, "5"), entry(25, "6")},
                  1004)),
      msg::ErrorCode::data_too_large);
  EXPECT_EQ(store.value_count(), 5u);
}

TEST_F(DataStoreStore, KindsWithoutMaxCountStillHaveACap) {
  std::vector<msg::StoredDataValue> many;
  for (std::uint32_t i = 0; i < 10001; ++i) many.push_back(keyed(be32(i), "v"));
  EXPECT_EQ(code_of(put(alice, alice_res, dict_user, std::move(many))), msg::ErrorCode::data_too_large);
  EXPECT_EQ(verifier.verifications(), 0u);
}

TEST_F(DataStoreStore, GenerationCounterFlow) {
  auto first = put(alice, alice_res, single_user, {single("a")}, 1000, 0);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->kind_responses[0].generation_counter, 1u);
  auto second = put(alice, alice_res, single_user, {single("b")}, 1001, 1);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->kind_responses[0].generation_counter, 2u);
  // A stale counter fails the whole request, with the current counters for every kind in it.
  const std::vector certs{alice.certificate()};
  auto stale = store.store(
      request(alice_res, {kind_data(dict_user, {sign(alice, alice_res, dict_user, keyed({1}, "k"))}),
                          kind_data(single_user, {sign(alice, alice_res, single_user, single("c"), 1002)}, 1)}),
      certs, alice.identity(), now());
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, msg::ErrorCode::generation_counter_too_low);
  ASSERT_TRUE(stale.error().current_counters.has_value());
  EXPECT_EQ(stale.error().current_counters->kind_responses,
            (std::vector<msg::StoreKindResponse>{{dict_user, 0, {}}, {single_user, 2, {}}}));
  EXPECT_TRUE(fetch_values(store, alice_res, dict_spec(dict_user, {})).empty());  // rolled back
  // A counter from the future is no better.
  EXPECT_EQ(code_of(put(alice, alice_res, single_user, {single("c")}, 1002, 9)),
            msg::ErrorCode::generation_counter_too_low);
  // 0 skips the check.
  auto blind = put(alice, alice_res, single_user, {single("c")}, 1002, 0);
  ASSERT_TRUE(blind.has_value());
  EXPECT_EQ(blind->kind_responses[0].generation_counter, 3u);
}

TEST_F(DataStoreStore, ReplicaStoresCopyTheCounterAndMustNotUseZero) {
  auto d = sign(alice, alice_res, single_user, single("x"));
  const std::vector certs{alice.certificate()};
  EXPECT_EQ(code_of(store.store(request(alice_res, {kind_data(single_user, {d}, 0)}, 1), certs, bob.identity(), now())),
            msg::ErrorCode::invalid_message);
  auto r = store.store(request(alice_res, {kind_data(single_user, {d}, 41)}, 2), certs, bob.identity(), now());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->kind_responses[0].generation_counter, 41u);
  // Not checked against the current value either.
  auto d2 = sign(alice, alice_res, single_user, single("y"), 1001);
  auto r2 = store.store(request(alice_res, {kind_data(single_user, {d2}, 7)}, 1), certs, bob.identity(), now());
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->kind_responses[0].generation_counter, 7u);
}

TEST_F(DataStoreStore, AFailingKindRollsBackTheWholeRequest) {
  const std::vector certs{alice.certificate()};
  auto good = kind_data(single_user, {sign(alice, alice_res, single_user, single("x"))});
  auto bad = kind_data(array_user, {sign(alice, alice_res, array_user, entry(0, std::string(40, 'x')))});
  EXPECT_EQ(code_of(store.store(request(alice_res, {good, bad}), certs, alice.identity(), now())),
            msg::ErrorCode::data_too_large);
  ASSERT_TRUE(put(alice, alice_res, array_user, {entry(0, "old")}, 5000).has_value());
  auto too_old = kind_data(array_user, {sign(alice, alice_res, array_user, entry(0, "older"), 10)});
  EXPECT_EQ(code_of(store.store(request(alice_res, {good, too_old}), certs, alice.identity(), now())),
            msg::ErrorCode::data_too_old);
  EXPECT_EQ(store.value_count(), 1u);
  EXPECT_EQ(text_of(fetch_values(store, alice_res, single_spec(single_user)).at(0)), "");
  EXPECT_FALSE(exists_of(fetch_values(store, alice_res, single_spec(single_user)).at(0)));
}

TEST_F(DataStoreStore, RequestsWithMoreKindsThanTheRegistryKnowsFail) {
  std::vector<msg::StoreKindData> kd;
  for (std::uint32_t i = 0; i < 20; ++i) kd.push_back(kind_data(0xF1000000 + i, {}));
  const std::vector certs{alice.certificate()};
  auto r = store.store(request(alice_res, kd), certs, alice.identity(), now());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, msg::ErrorCode::unknown_kind);
  EXPECT_EQ(r.error().unknown_kinds.size(), 20u);
  // Error_Unknown_Kind's list holds at most 63 Kind-IDs (KindId unknown_kinds<0..2^8-1>).
  kd.clear();
  for (std::uint32_t i = 0; i < 100; ++i) kd.push_back(kind_data(0xF1000000 + i, {}));
  auto many = store.store(request(alice_res, kd), certs, alice.identity(), now());
  ASSERT_FALSE(many.has_value());
  EXPECT_EQ(many.error().unknown_kinds.size(), 63u);
}

TEST_F(DataStoreStore, RemovalStoresATombstoneUntilItsLifetimeEnds) {
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("x")}, 1000, 0, 60).has_value());
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("", false)}, 2000, 0, 120).has_value());
  auto v = fetch_values(store, alice_res, single_spec(single_user));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_FALSE(exists_of(v[0]));
  EXPECT_EQ(v[0].storage_time, 2000u);  // the signed tombstone, not a synthesized value
  EXPECT_EQ(v[0].signature.identity, alice.signer_identity());
  EXPECT_EQ(store.value_count(), 1u);
  // The tombstone still blocks a replay of the removed value.
  EXPECT_EQ(code_of(put(alice, alice_res, single_user, {single("x")}, 1000)), msg::ErrorCode::data_too_old);
  clock.advance(std::chrono::seconds(120));
  store.expire(now());
  EXPECT_EQ(store.value_count(), 0u);
  EXPECT_FALSE(store.contains(alice_res));
}

// A store drops the expired values of its own resource (they no longer count towards max-count
// nor show in fetches) and leaves other resources to expire(), which the node runs when due.
TEST_F(DataStoreStore, StoreDropsTheExpiredValuesOfItsResourceOnly) {
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "short")}, 1000, 0, 10).has_value());
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({2}, "long")}, 1000, 0, 100).has_value());
  ASSERT_TRUE(put(bob, bob_res, dict_user, {keyed({1}, "short")}, 1000, 0, 10).has_value());
  EXPECT_EQ(store.value_count(), 3u);
  clock.advance(std::chrono::seconds(10));  // both short-lived values end now (expiry <= now)
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({3}, "new")}, 2000, 0, 100).has_value());
  EXPECT_EQ(store.value_count(), 3u);  // alice: {2}, {3}; bob's expired value waits for expire()
  EXPECT_EQ(store.next_expiry(), now());
  store.expire(now());
  EXPECT_EQ(store.value_count(), 2u);
  EXPECT_FALSE(store.contains(bob_res));
  clock.advance(std::chrono::seconds(90));
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({4}, "last")}, 3000, 0, 100).has_value());
  EXPECT_EQ(store.value_count(), 2u);  // {2} ended with the advance, {3} is still live
}

}  // namespace
}  // namespace disco::storage::testing
