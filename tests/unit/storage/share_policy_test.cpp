// USER-CHAIN-ACL at the storing peer (RFC 8076 s6.4): DataStore::store() walks the ACL held at the
// Resource-ID for every value of a shared kind and of the ACCESS-CONTROL-LIST kind.
#include <gtest/gtest.h>

#include "libcommon/usages/share/acl_item.hpp"
#include "libcommon/usages/share/array_index.hpp"
#include "tests/unit/storage/storage_fixture.hpp"

namespace disco::storage::testing {
namespace {

constexpr msg::KindId acl = msg::kinds::access_control_list;
constexpr msg::KindId shared = 0xF0000010;  // dictionary, USER-CHAIN-ACL, variable names
constexpr const char* name = "team-conf-alice@example.com";

KindDefinition chain_kind(msg::KindId id, msg::DataModel model) {
  KindDefinition k{
      id, id == acl ? "ACCESS-CONTROL-LIST" : "SHARED", model, AccessPolicy::user_chain_acl, 100, 1024, 0, true, {}};
  k.variable_names = true;
  k.name_patterns = {".*-conf-$USER@$DOMAIN"};
  return k;
}

KindRegistry share_registry() {
  auto r = test_registry();
  r.add(chain_kind(acl, msg::DataModel::array));
  r.add(chain_kind(shared, msg::DataModel::dictionary));
  return r;
}

share::ResourceNameExtension ext(std::string n = name) {
  return share::ResourceNameExtension{share::resource_name_type_pattern, std::move(n)};
}

class SharePolicy : public StorageTest {
 protected:
  SharePolicy() {
    kinds = share_registry();
    ctx = test_context(kinds);
    store = DataStore{kinds, verifier, ctx};
  }

  test::FakeSigner carol{"carol@example.com", {node(0xc1)}};
  test::FakeSigner dave{"dave@example.com", {node(0xd1)}};
  reload::ResourceId res = overlay_hash(base::as_bytes(name));
  std::uint64_t time = 1000;  // every store newer than the last

  static msg::StoredDataValue item(std::uint32_t index, const std::string& to_user, bool ad,
                                   msg::KindId kind = shared) {
    auto bytes = share::encode(share::AccessControlListItem{ext(), to_user, kind, ad}, true);
    return {msg::ArrayEntry{index, {true, *bytes}}};
  }
  static msg::StoredDataValue removal(std::uint32_t index) { return {msg::ArrayEntry{index, {false, {}}}}; }
  static msg::StoredDataValue entry_of(const reload::NodeId& key, const std::string& n = name) {
    auto bytes = *share::encode(ext(n));
    bytes.push_back('x');  // the rest of the kind's structure: opaque to storage
    return {msg::DictionaryEntry{key_of(key), {true, bytes}}};
  }
  static std::uint32_t idx(const test::FakeSigner& who, std::uint8_t counter) {
    return share::share_index(who.identity().node_ids.front(), counter);
  }

  base::result<msg::StoreAns, StoreError> put1(const test::FakeSigner& who, msg::KindId kind, msg::StoredDataValue v) {
    return put(who, res, kind, {std::move(v)}, ++time);
  }
  void expect_forbidden(const base::result<msg::StoreAns, StoreError>& r) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, msg::ErrorCode::forbidden) << r.error().info;
  }
  void root() { ASSERT_TRUE(put1(alice, acl, item(idx(alice, 0), "alice@example.com", true))); }
};

TEST_F(SharePolicy, OwnerStoresRootAndOwnEntryWithoutWalk) {
  EXPECT_TRUE(put1(alice, shared, entry_of(node(0xa1))).has_value());
  root();
  EXPECT_EQ(store.value_count(), 2u);
}

TEST_F(SharePolicy, UngrantedWriterIsForbiddenAndNothingIsStored) {
  root();
  expect_forbidden(put1(bob, shared, entry_of(node(0xb1))));
  EXPECT_EQ(store.value_count(), 1u);
}

TEST_F(SharePolicy, GrantLetsAWriterStoreItsOwnKeyOnly) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", false)));
  EXPECT_TRUE(put1(bob, shared, entry_of(node(0xb1))).has_value());
  expect_forbidden(put1(bob, shared, entry_of(node(0xa1))));  // s3.1: the key is the signer's Node-ID
  // A grant for another kind does not count.
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 2), "carol@example.com", false, 0xF0000099)));
  expect_forbidden(put1(carol, shared, entry_of(node(0xc1))));
}

TEST_F(SharePolicy, AGrantNeedsTheOwnersRootItem) {
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", false)));
  expect_forbidden(put1(bob, shared, entry_of(node(0xb1))));
}

TEST_F(SharePolicy, DelegationNeedsAllowDelegation) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", false)));
  expect_forbidden(put1(bob, acl, item(idx(bob, 0), "carol@example.com", false)));
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", true)));
  ASSERT_TRUE(put1(bob, acl, item(idx(bob, 0), "carol@example.com", false)));
  EXPECT_TRUE(put1(carol, shared, entry_of(node(0xc1))).has_value());
  // carol has no allow_delegation: she cannot grant dave.
  expect_forbidden(put1(carol, acl, item(idx(carol, 0), "dave@example.com", false)));
}

TEST_F(SharePolicy, RevokingAnItemInvalidatesItsWholeSubtree) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", true)));
  ASSERT_TRUE(put1(bob, acl, item(idx(bob, 0), "carol@example.com", true)));
  ASSERT_TRUE(put1(carol, acl, item(idx(carol, 0), "dave@example.com", false)));
  ASSERT_TRUE(put1(dave, shared, entry_of(node(0xd1))));
  ASSERT_TRUE(put1(alice, acl, removal(idx(alice, 1))));  // s6.2
  expect_forbidden(put1(dave, shared, entry_of(node(0xd1))));
  expect_forbidden(put1(carol, shared, entry_of(node(0xc1))));
  expect_forbidden(put1(bob, shared, entry_of(node(0xb1))));
  // A revoked writer may still withdraw its own entry.
  EXPECT_TRUE(put1(dave, shared, {msg::DictionaryEntry{key_of(node(0xd1)), {false, {}}}}).has_value());
  // Overwriting the root kills every delegation.
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", false)));
  ASSERT_TRUE(put1(bob, shared, entry_of(node(0xb1))));
  ASSERT_TRUE(put1(alice, acl, removal(idx(alice, 0))));
  expect_forbidden(put1(bob, shared, entry_of(node(0xb1))));
}

TEST_F(SharePolicy, OverwritingAnotherUsersItemIsForbiddenButTheOwnerMay) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", true)));
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 2), "carol@example.com", true)));
  ASSERT_TRUE(put1(bob, acl, item(idx(bob, 0), "dave@example.com", false)));
  // carol may delegate, but not overwrite bob's item, nor write outside her s3.1 range.
  expect_forbidden(put1(carol, acl, removal(idx(bob, 0))));
  expect_forbidden(put1(carol, acl, item(idx(bob, 0), "carol@example.com", false)));
  expect_forbidden(put1(carol, acl, item(idx(bob, 7), "dave@example.com", false)));
  // bob overwrites his own item; alice (the owner) overwrites anyone's.
  EXPECT_TRUE(put1(bob, acl, item(idx(bob, 0), "dave@example.com", true)).has_value());
  EXPECT_TRUE(put1(alice, acl, removal(idx(bob, 0))).has_value());
  expect_forbidden(put1(dave, shared, entry_of(node(0xd1))));
}

TEST_F(SharePolicy, OnlyTheOwnerStoresARootItem) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", true)));
  expect_forbidden(put1(bob, acl, item(idx(bob, 0), "bob@example.com", true)));
}

TEST_F(SharePolicy, ADelegationLoopWithoutRootIsRefusedAndEnds) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", true)));
  ASSERT_TRUE(put1(bob, acl, item(idx(bob, 0), "carol@example.com", true)));
  ASSERT_TRUE(put1(carol, acl, item(idx(carol, 0), "bob@example.com", true)));  // bob <-> carol
  ASSERT_TRUE(put1(alice, acl, removal(idx(alice, 1))));
  expect_forbidden(put1(carol, shared, entry_of(node(0xc1))));
  expect_forbidden(put1(bob, acl, item(idx(bob, 1), "dave@example.com", false)));
}

TEST_F(SharePolicy, TheResourceNameMustHashToTheResourceAndBelongToTheOwner) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", false)));
  expect_forbidden(put1(bob, shared, entry_of(node(0xb1), "team-conf-bob@example.com")));
  // bob's own conference name is his (pattern), at its own Resource-ID.
  const auto bob_conf = overlay_hash(base::as_bytes("x-conf-bob@example.com"));
  EXPECT_TRUE(put(bob, bob_conf, shared, {entry_of(node(0xb1), "x-conf-bob@example.com")}, ++time).has_value());
  // alice is no owner of bob's name: her entry there needs a grant.
  const auto r = put(alice, bob_conf, shared, {entry_of(node(0xa1), "x-conf-bob@example.com")}, ++time);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, msg::ErrorCode::forbidden);
}

TEST_F(SharePolicy, FetchingTheAclAnswersOnlyHeldItems) {
  root();
  ASSERT_TRUE(put1(alice, acl, item(idx(alice, 1), "bob@example.com", false)));
  const auto values = fetch_values(store, res, array_spec(acl, {{0, 0xffffffff}}));
  ASSERT_EQ(values.size(), 2u);  // no synthesized gaps below index 0xa1a1a100
  EXPECT_EQ(std::get<msg::ArrayEntry>(values[0].value.value).index, idx(alice, 0));
}

}  // namespace
}  // namespace disco::storage::testing
