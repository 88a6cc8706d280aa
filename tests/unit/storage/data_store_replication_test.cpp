// Expiry, export/merge between peers (s7.4.1.1, s10.4), snapshot/restore, and drop_unverified.
#include <gtest/gtest.h>

#include <random>

#include "tests/unit/storage/storage_fixture.hpp"

namespace disco::storage::testing {
namespace {

using DataStoreExpiry = StorageTest;
using DataStoreReplication = StorageTest;
using DataStoreSnapshot = StorageTest;
using DropUnverified = StorageTest;

msg::FetchReq everything(const reload::ResourceId& res) {
  return msg::FetchReq{res,
                       {{single_user, 0, msg::SingleValueSpecifier{}},
                        {array_user, 0, msg::ArraySpecifier{{{0, msg::array_last_index}}}},
                        {dict_user, 0, msg::DictionarySpecifier{}},
                        {dict_user_node, 0, msg::DictionarySpecifier{}}}};
}

TEST_F(DataStoreExpiry, ValuesLeaveWhenTheirLifetimeEnds) {
  EXPECT_EQ(store.next_expiry(), std::nullopt);
  const auto t0 = now();
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "short")}, 1000, 0, 10).has_value());
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({2}, "long")}, 1000, 0, 100).has_value());
  ASSERT_TRUE(put(bob, bob_res, single_user, {single("b")}, 1000, 0, 50).has_value());
  EXPECT_EQ(store.value_count(), 3u);
  EXPECT_EQ(store.next_expiry(), t0 + std::chrono::seconds(10));

  clock.advance(std::chrono::seconds(9));
  store.expire(now());
  EXPECT_EQ(store.value_count(), 3u);
  clock.advance(std::chrono::seconds(1));
  // Already invisible to fetch at its expiry, before expire() runs.
  EXPECT_EQ(fetch_values(store, alice_res, dict_spec(dict_user, {})).size(), 1u);
  store.expire(now());
  EXPECT_EQ(store.value_count(), 2u);
  EXPECT_EQ(store.next_expiry(), t0 + std::chrono::seconds(50));

  clock.advance(std::chrono::seconds(90));
  store.expire(now());
  EXPECT_EQ(store.value_count(), 0u);
  EXPECT_EQ(store.resource_count(), 0u);
  EXPECT_EQ(store.next_expiry(), std::nullopt);
  // An emptied kind forgets its counter: the next store starts at generation 1 again.
  auto again = put(alice, alice_res, dict_user, {keyed({1}, "again")}, 2000);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->kind_responses[0].generation_counter, 1u);
}

TEST_F(DataStoreExpiry, ReplacingAValueMovesItsExpiry) {
  const auto t0 = now();
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("a")}, 1000, 0, 10).has_value());
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("b")}, 2000, 0, 300).has_value());
  EXPECT_EQ(store.next_expiry(), t0 + std::chrono::seconds(300));
  clock.advance(std::chrono::seconds(20));
  store.expire(now());
  EXPECT_EQ(text_of(fetch_values(store, alice_res, single_spec(single_user)).at(0)), "b");
}

TEST_F(DataStoreExpiry, LifetimeZeroIsNotKept) {
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("a")}, 1000, 0, 0).has_value());
  EXPECT_EQ(store.value_count(), 0u);
  EXPECT_FALSE(exists_of(fetch_values(store, alice_res, single_spec(single_user)).at(0)));
}

class DataStoreReplicationFilled : public StorageTest {
 protected:
  void SetUp() override {
    const Bytes own = key_of(node(0xa1));
    ASSERT_TRUE(put(alice, alice_res, single_user, {single("s")}, 1000, 0, 100).has_value());
    ASSERT_TRUE(put(alice, alice_res, array_user, {entry(0, "a0"), entry(3, "a3")}, 1000, 0, 200).has_value());
    ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "d1"), keyed({2}, "", false)}, 1000, 0, 300).has_value());
    ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({3}, "d3")}, 1100, 1, 300).has_value());
    ASSERT_TRUE(put(alice, alice_res, dict_user_node, {keyed(own, "contact")}, 1000, 0, 400).has_value());
    ASSERT_TRUE(put(bob, bob_res, single_user, {single("bob")}, 1000, 0, 100).has_value());
    clock.advance(std::chrono::seconds(40));
  }
};

TEST_F(DataStoreReplicationFilled, ExportCarriesRemainingLifetimesCountersAndCertificates) {
  auto ex = store.export_resource(alice_res, 1, now());
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(ex->request.resource, alice_res);
  EXPECT_EQ(ex->request.replica_number, 1u);
  EXPECT_EQ(ex->certificates, std::vector{alice.certificate()});
  ASSERT_EQ(ex->request.kind_data.size(), 4u);
  for (const auto& kd : ex->request.kind_data) {
    EXPECT_GE(kd.generation_counter, 1u);
    for (const auto& v : std::get<std::vector<msg::StoredData>>(kd.values)) EXPECT_LT(v.lifetime, 400u - 39u);
  }
  EXPECT_EQ(std::get<std::vector<msg::StoredData>>(ex->request.kind_data[0].values).at(0).lifetime, 60u);
  EXPECT_EQ(store.export_resource(reload::ResourceId{{1, 2}}, 1, now()), std::nullopt);
  // The export is a valid StoreReq on the wire.
  EXPECT_TRUE(msg::encode_as(ex->request, ctx).has_value());
}

TEST_F(DataStoreReplicationFilled, ExportMergedIntoAnotherStoreFetchesTheSame) {
  DataStore other{kinds, verifier, ctx};
  auto ex = store.export_resource(alice_res, 1, now());
  ASSERT_TRUE(ex.has_value());
  auto m = other.merge(ex->request, ex->certificates, now());
  EXPECT_EQ(m.accepted, 7u);
  EXPECT_EQ(m.rejected, 0u);
  EXPECT_EQ(m.superseded, 0u);
  auto a = store.fetch(everything(alice_res), now());
  auto b = other.fetch(everything(alice_res), now());
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(store.certificates_for(*a), other.certificates_for(*b));
  // Merging the same again changes nothing, and verifies no signature (the values are not newer).
  const auto verified = verifier.verifications();
  auto again = other.merge(ex->request, ex->certificates, now());
  EXPECT_EQ(again.accepted, 0u);
  EXPECT_EQ(again.superseded, 7u);
  EXPECT_EQ(verifier.verifications(), verified);
  // Later too: the lifetimes run down alike, and the single value (60 s left) expires on both.
  clock.advance(std::chrono::seconds(70));
  EXPECT_EQ(*store.fetch(everything(alice_res), now()), *other.fetch(everything(alice_res), now()));
  EXPECT_FALSE(exists_of(fetch_values(other, alice_res, single_spec(single_user)).at(0)));
}

TEST_F(DataStoreReplicationFilled, ExportAsAReplicaStoreGivesTheSameFetch) {
  DataStore replica{kinds, verifier, ctx};
  auto ex = store.export_resource(alice_res, 2, now());
  ASSERT_TRUE(ex.has_value());
  auto r = replica.store(ex->request, ex->certificates, bob.identity(), now());
  ASSERT_TRUE(r.has_value()) << r.error().info;
  EXPECT_EQ(*store.fetch(everything(alice_res), now()), *replica.fetch(everything(alice_res), now()));
}

TEST_F(DataStoreReplication, MergeKeepsTheNewerValueAndTheLargerCounter) {
  DataStore other{kinds, verifier, ctx};
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "old"), keyed({2}, "mine")}, 1000).has_value());
  const std::vector certs{alice.certificate()};
  // The other side holds a newer key 1, an older key 2, and a counter of 9.
  msg::StoreReq theirs = request(alice_res,
                                 {kind_data(dict_user,
                                            {sign(alice, alice_res, dict_user, keyed({1}, "new"), 2000),
                                             sign(alice, alice_res, dict_user, keyed({2}, "stale"), 500),
                                             sign(alice, alice_res, dict_user, keyed({3}, "extra"), 700)},
                                            9)},
                                 1);
  auto tampered = sign(alice, alice_res, dict_user, keyed({4}, "x"), 700);
  std::get<msg::DictionaryEntry>(tampered.value.value).value.value = base::to_bytes("y");
  std::get<std::vector<msg::StoredData>>(theirs.kind_data[0].values).push_back(tampered);
  std::get<std::vector<msg::StoredData>>(theirs.kind_data[0].values)
      .push_back(sign(bob, alice_res, dict_user, keyed({5}, "bob's"), 700));  // policy
  theirs.kind_data.push_back(msg::StoreKindData{
      unregistered, 1, std::vector<msg::StoredData>{sign(alice, alice_res, single_user, single("u"))}});
  auto m = store.merge(theirs, std::vector{alice.certificate(), bob.certificate()}, now());
  EXPECT_EQ(m.accepted, 2u);
  EXPECT_EQ(m.superseded, 1u);
  EXPECT_EQ(m.rejected, 3u);
  auto v = fetch_values(store, alice_res, dict_spec(dict_user, {}));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(text_of(v[0]), "new");
  EXPECT_EQ(text_of(v[1]), "mine");
  EXPECT_EQ(text_of(v[2]), "extra");
  auto ans = store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {})}}, now());
  EXPECT_EQ(ans->kind_responses[0].generation, 9u);
  // And a lower incoming counter keeps ours.
  msg::StoreReq low =
      request(alice_res, {kind_data(dict_user, {sign(alice, alice_res, dict_user, keyed({6}, "z"), 3000)}, 2)});
  EXPECT_EQ(store.merge(low, certs, now()).accepted, 1u);
  EXPECT_EQ(store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {})}}, now())->kind_responses[0].generation, 9u);
  // Merging respects max-count.
  msg::StoreReq crowd = request(alice_res, {kind_data(array_user, {}, 1)});
  auto& crowd_values = std::get<std::vector<msg::StoredData>>(crowd.kind_data[0].values);
  for (std::uint32_t i = 0; i < 7; ++i) crowd_values.push_back(sign(alice, alice_res, array_user, entry(i, "c")));
  auto crowded = other.merge(crowd, certs, now());
  EXPECT_EQ(crowded.accepted, 5u);
  EXPECT_EQ(crowded.rejected, 2u);
  EXPECT_EQ(other.value_count(), 5u);
}

TEST_F(DataStoreReplicationFilled, SnapshotRestoresTheSameStoreLessTheDowntime) {
  const std::uint64_t unix_ms = 1'700'000'000'000;
  const auto snap = store.snapshot(now(), unix_ms);
  ASSERT_FALSE(snap.empty());
  // A fresh process (another steady clock origin) restores it 30 s of wall time later.
  base::ManualClock later{base::TimePoint{} + std::chrono::hours(50)};
  DataStore restored{kinds, verifier, ctx};
  auto n = restored.restore(snap, later.now(), unix_ms + 30'000);
  ASSERT_TRUE(n.has_value()) << n.error();
  EXPECT_EQ(*n, store.value_count());
  EXPECT_EQ(restored.value_count(), store.value_count());
  EXPECT_EQ(restored.resource_count(), store.resource_count());
  clock.advance(std::chrono::seconds(30));
  auto a = store.fetch(everything(alice_res), now());
  auto b = restored.fetch(everything(alice_res), later.now());
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(*a, *b);  // values, lifetimes and generation counters
  EXPECT_EQ(restored.certificates_for(*b), std::vector{alice.certificate()});
  // Values whose expiry passed while down are not restored (Bob's: 60 s left at the snapshot).
  DataStore much_later{kinds, verifier, ctx};
  ASSERT_TRUE(much_later.restore(snap, later.now(), unix_ms + 61'000).has_value());
  EXPECT_FALSE(much_later.contains(bob_res));
  EXPECT_TRUE(much_later.contains(alice_res));
}

TEST_F(DataStoreReplicationFilled, EveryTruncatedOrAlteredSnapshotIsRejectedAndLeavesTheStoreEmpty) {
  const auto snap = store.snapshot(now(), 1'700'000'000'000);
  DataStore target{kinds, verifier, ctx};
  for (std::size_t cut = 0; cut < snap.size(); ++cut) {
    ASSERT_TRUE(target.restore(snap, now(), 1'700'000'000'000).has_value());
    auto r = target.restore(base::BytesView(snap).first(cut), now(), 1'700'000'000'000);
    ASSERT_FALSE(r.has_value()) << "prefix " << cut;
    EXPECT_EQ(target.value_count(), 0u);
    EXPECT_EQ(target.next_expiry(), std::nullopt);
  }
  for (std::size_t at = 0; at < snap.size(); at += 7) {
    auto bad = snap;
    bad[at] ^= 0x20;
    EXPECT_FALSE(target.restore(bad, now(), 1'700'000'000'000).has_value()) << "flipped byte " << at;
  }
  std::mt19937 rng(6940);
  for (int i = 0; i < 200; ++i) {
    Bytes noise(static_cast<std::size_t>(rng() % 300));
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    EXPECT_FALSE(target.restore(noise, now(), 1'700'000'000'000).has_value());
  }
  EXPECT_EQ(target.value_count(), 0u);
}

TEST_F(DataStoreSnapshot, WellFormedButHostileBodiesAreErrorsNotCrashes) {
  // Random bodies behind a valid header and checksum reach the decoder itself.
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    Bytes body{0x44, 0x53, 0x53, 0x54, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
    const auto n = rng() % 200;
    for (std::uint32_t k = 0; k < n; ++k) body.push_back(static_cast<std::uint8_t>(rng() % 4 == 0 ? 0 : rng()));
    const auto d = sha256(body);
    body.insert(body.end(), d.begin(), d.end());
    auto r = store.restore(body, now(), 0);
    if (r) EXPECT_EQ(*r, store.value_count());
  }
  // An empty store snapshots to a header, two empty lists and a checksum, and restores.
  DataStore empty{kinds, verifier, ctx};
  const auto snap = empty.snapshot(now(), 5);
  EXPECT_EQ(snap.size(), 4u + 2 + 8 + 4 + 4 + 32);
  auto r = store.restore(snap, now(), 5);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 0u);
  // A foreign magic or another version is refused even with a good checksum.
  for (std::size_t at : {0u, 5u}) {
    Bytes other(snap.begin(), snap.end() - 32);
    other[at] ^= 1;
    const auto d = sha256(other);
    other.insert(other.end(), d.begin(), d.end());
    EXPECT_FALSE(store.restore(other, now(), 5).has_value());
  }
}

TEST_F(DropUnverified, DropsTamperedAndForeignValuesKeepsGoodOnesAndGaps) {
  ASSERT_TRUE(put(alice, alice_res, dict_user, {keyed({1}, "one"), keyed({2}, "two")}).has_value());
  auto ans = store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {{1}, {2}, {3}})}}, now());
  ASSERT_TRUE(ans.has_value());
  const auto certs = store.certificates_for(*ans);
  auto clean = *ans;
  EXPECT_EQ(drop_unverified(clean, alice_res, certs, kinds, verifier, ctx), 0u);
  EXPECT_EQ(clean, *ans);

  auto& values = std::get<std::vector<msg::StoredData>>(ans->kind_responses[0].values);
  std::get<msg::DictionaryEntry>(values[1].value.value).value.value = base::to_bytes("TWO");
  // An unsigned value that claims content is no gap marker.
  auto fake_gap = values[2];
  std::get<msg::DictionaryEntry>(fake_gap.value.value).value = {true, base::to_bytes("boo")};
  values.push_back(fake_gap);
  // Bob's signature on Alice's USER-MATCH resource.
  values.push_back(sign(bob, alice_res, dict_user, keyed({4}, "bob")));
  auto with_bob = certs;
  with_bob.push_back(bob.certificate());
  EXPECT_EQ(drop_unverified(*ans, alice_res, with_bob, kinds, verifier, ctx), 3u);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(text_of(values[0]), "one");
  EXPECT_FALSE(exists_of(values[1]));  // the storing peer's gap marker for key 3

  // Without the certificates nothing verifies; values of a kind we do not know all go.
  auto again = store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {{1}})}}, now());
  EXPECT_EQ(drop_unverified(*again, alice_res, {}, kinds, verifier, ctx), 1u);
  msg::FetchAns unknown{{msg::FetchKindResponse{unregistered, 1, msg::UnknownKindValues{{1, 2}}}}};
  EXPECT_EQ(drop_unverified(unknown, alice_res, certs, kinds, verifier, ctx), 1u);
  // Values fetched from another resource do not verify for this one.
  auto moved = store.fetch(msg::FetchReq{alice_res, {dict_spec(dict_user, {{1}})}}, now());
  EXPECT_EQ(drop_unverified(*moved, bob_res, certs, kinds, verifier, ctx), 1u);
}

}  // namespace
}  // namespace disco::storage::testing
