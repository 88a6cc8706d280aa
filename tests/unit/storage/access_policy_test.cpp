#include "libcommon/storage/access_policy.hpp"

#include <gtest/gtest.h>

#include "libcommon/storage/digest.hpp"
#include "tests/unit/storage/storage_fixture.hpp"

namespace disco::storage::testing {
namespace {

TEST(OverlayHash, IsSha1TruncatedTo128Bits) {
  // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d (FIPS 180-2 test vector).
  EXPECT_EQ(overlay_hash(base::as_bytes("abc")).to_hex(), "a9993e364706816aba3e25717850c26c");
  EXPECT_EQ(overlay_hash(base::as_bytes("a"), base::as_bytes("bc")), overlay_hash(base::as_bytes("abc")));
}

TEST(Sha256, KnownAnswer) {
  const auto h = sha256(base::as_bytes("abc"));
  EXPECT_EQ(base::to_hex(h), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(digest(reload::msg::hash_algorithm::none, base::as_bytes("abc")), std::nullopt);
  EXPECT_EQ(digest(200, base::as_bytes("abc")), std::nullopt);
  EXPECT_EQ(base::to_hex(*digest(reload::msg::hash_algorithm::sha1, base::as_bytes("abc"))),
            "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(NodeMultiple, HashesNodeIdAndA4ByteBigEndianIndex) {
  const auto n = node(0x42);
  Bytes input(n.bytes().begin(), n.bytes().end());
  input.insert(input.end(), {0, 0, 0, 2});
  EXPECT_EQ(node_multiple_resource(n, 2), overlay_hash(input));
  EXPECT_NE(node_multiple_resource(n, 2), node_multiple_resource(n, 1));
}

class AccessPolicyTest : public StorageTest {};

TEST_F(AccessPolicyTest, UserMatchComparesTheHashOfTheUserName) {
  const auto& def = *kinds.find(single_user);
  EXPECT_TRUE(policy_allows(def, alice_res, alice.identity(), single("x")));
  EXPECT_FALSE(policy_allows(def, bob_res, alice.identity(), single("x")));
  auto nameless = alice.identity();
  nameless.user.clear();
  EXPECT_FALSE(policy_allows(def, overlay_hash({}), nameless, single("x")));
}

TEST_F(AccessPolicyTest, NodeMatchAcceptsAnyNodeIdOfACertHashSigner) {
  const auto& def = *kinds.find(single_node);
  EXPECT_TRUE(policy_allows(def, overlay_hash(node(0xa1).bytes()), alice.identity(), single("x")));
  EXPECT_TRUE(policy_allows(def, overlay_hash(node(0xa2).bytes()), alice.identity(), single("x")));
  EXPECT_FALSE(policy_allows(def, overlay_hash(node(0xb1).bytes()), alice.identity(), single("x")));
  EXPECT_FALSE(policy_allows(def, alice_res, alice.identity(), single("x")));
}

TEST_F(AccessPolicyTest, CertHashNodeIdDesignatesOneNodeId) {
  test::FakeSigner as_a2{"alice@example.com", {node(0xa1), node(0xa2)}, test::fake_realm, node(0xa2)};
  const auto designated = designated_identity(as_a2.identity(), as_a2.signer_identity());
  EXPECT_EQ(designated.node_ids, std::vector<reload::NodeId>{node(0xa2)});
  EXPECT_EQ(designated.user, "alice@example.com");
  // cert_hash designates all of them.
  EXPECT_EQ(designated_identity(alice.identity(), alice.signer_identity()).node_ids.size(), 2u);
}

TEST_F(AccessPolicyTest, UserNodeMatchNeedsTheUserHashAndTheOwnNodeIdAsKey) {
  const auto& def = *kinds.find(dict_user_node);
  const auto a1 = node(0xa1);
  const Bytes own(a1.bytes().begin(), a1.bytes().end());
  const auto b1 = node(0xb1);
  const Bytes other(b1.bytes().begin(), b1.bytes().end());
  EXPECT_TRUE(policy_allows(def, alice_res, alice.identity(), keyed(own, "x")));
  EXPECT_FALSE(policy_allows(def, alice_res, alice.identity(), keyed(other, "x")));
  EXPECT_FALSE(policy_allows(def, bob_res, alice.identity(), keyed(own, "x")));
  EXPECT_FALSE(policy_allows(*kinds.find(single_user_node), alice_res, alice.identity(), single("x")));
}

TEST_F(AccessPolicyTest, NodeMultipleTriesIUpToTheKindsMaximum) {
  const auto& def = *kinds.find(dict_multiple);
  for (std::uint32_t i = 1; i <= 3; ++i)
    EXPECT_TRUE(policy_allows(def, node_multiple_resource(node(0xa2), i), alice.identity(), keyed({1}, "x"))) << i;
  EXPECT_FALSE(policy_allows(def, node_multiple_resource(node(0xa2), 0), alice.identity(), keyed({1}, "x")));
  EXPECT_FALSE(policy_allows(def, node_multiple_resource(node(0xa2), 4), alice.identity(), keyed({1}, "x")));
  EXPECT_FALSE(policy_allows(def, node_multiple_resource(node(0xb1), 1), alice.identity(), keyed({1}, "x")));
}

TEST(FakeSecurity, DetectsAWrongSignerAnAlteredInputAndAForeignRealm) {
  test::FakeSigner a{"a@x", {node(1)}};
  test::FakeSigner b{"b@x", {node(2)}};
  test::FakeSigner stranger{"a@x", {node(1)}, "another-realm"};
  test::FakeVerifier v;
  const auto input = base::to_bytes("input");
  const std::vector<reload::msg::GenericCertificate> both{a.certificate(), b.certificate()};
  auto ok = v.verify(a.sign(input), both, input);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->user, "a@x");
  EXPECT_EQ(ok->node_ids, std::vector<reload::NodeId>{node(1)});
  EXPECT_FALSE(v.verify(a.sign(input), both, base::to_bytes("inpuT")).has_value());
  // b's signature claiming to be a's.
  auto forged = b.sign(input);
  forged.identity = a.signer_identity();
  EXPECT_FALSE(v.verify(forged, both, input).has_value());
  // a's certificate missing.
  EXPECT_FALSE(v.verify(a.sign(input), std::vector{b.certificate()}, input).has_value());
  // Issued under another trust anchor.
  EXPECT_FALSE(v.verify(stranger.sign(input), std::vector{stranger.certificate()}, input).has_value());
  EXPECT_FALSE(v.check_certificate(stranger.certificate().certificate).has_value());
  EXPECT_FALSE(v.check_certificate(base::to_bytes("FAKECERT")).has_value());
  // cert_hash_node_id identities verify too.
  test::FakeSigner by_node{"a@x", {node(1), node(3)}, test::fake_realm, node(3)};
  EXPECT_TRUE(v.verify(by_node.sign(input), std::vector{by_node.certificate()}, input).has_value());
}

}  // namespace
}  // namespace disco::storage::testing
