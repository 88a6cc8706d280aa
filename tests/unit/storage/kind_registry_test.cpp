#include "libcommon/storage/kind_registry.hpp"

#include <gtest/gtest.h>

namespace disco::storage {
namespace {

namespace msg = reload::msg;

TEST(AccessPolicyNames, RoundTripTheConfigurationSpellings) {
  for (auto p : {AccessPolicy::user_match, AccessPolicy::node_match, AccessPolicy::user_node_match,
                 AccessPolicy::node_multiple, AccessPolicy::user_chain_acl}) {
    EXPECT_EQ(access_policy_from(to_string(p)), p);
  }
  EXPECT_EQ(to_string(AccessPolicy::user_match), "USER-MATCH");
  EXPECT_EQ(to_string(AccessPolicy::node_match), "NODE-MATCH");
  EXPECT_EQ(to_string(AccessPolicy::user_node_match), "USER-NODE-MATCH");
  EXPECT_EQ(to_string(AccessPolicy::node_multiple), "NODE-MULTIPLE");
  EXPECT_EQ(access_policy_from("node-multiple"), AccessPolicy::node_multiple);
  EXPECT_EQ(to_string(AccessPolicy::user_chain_acl), "USER-CHAIN-ACL");  // RFC 8076 s9.1
  EXPECT_EQ(access_policy_from("EXP-MATCH"), std::nullopt);
  EXPECT_EQ(access_policy_from("USER-MATCH "), std::nullopt);
  EXPECT_EQ(access_policy_from(""), std::nullopt);
}

TEST(KindRegistry, FindsByIdAndByNameIgnoringCase) {
  KindRegistry r;
  r.add({msg::kinds::sip_registration,
         "SIP-REGISTRATION",
         msg::DataModel::dictionary,
         AccessPolicy::user_node_match,
         10,
         1000,
         0,
         false,
         {}});
  r.add({0xF0000001, "disco-registration", msg::DataModel::dictionary, AccessPolicy::user_match, 0, 0, 0, false, {}});
  ASSERT_NE(r.find(msg::kinds::sip_registration), nullptr);
  EXPECT_EQ(r.find(msg::kinds::sip_registration)->max_count, 10u);
  ASSERT_NE(r.find("sip-registration"), nullptr);
  EXPECT_EQ(r.find("sip-registration")->id, msg::kinds::sip_registration);
  EXPECT_EQ(r.find("Disco-Registration")->id, 0xF0000001u);
  EXPECT_EQ(r.find(0x2), nullptr);
  EXPECT_EQ(r.find("turn-service"), nullptr);
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(r.all().size(), 2u);
}

TEST(KindRegistry, AddReplacesAKindWithTheSameId) {
  KindRegistry r;
  r.add({7, "a", msg::DataModel::single_value, AccessPolicy::user_match, 0, 0, 0, false, {}});
  r.add({7, "b", msg::DataModel::array, AccessPolicy::node_match, 3, 0, 0, false, {}});
  ASSERT_EQ(r.all().size(), 1u);
  EXPECT_EQ(r.find(7)->name, "b");
  EXPECT_EQ(r.find("a"), nullptr);
}

TEST(KindRegistry, KindTableGivesEveryModelAndNothingElse) {
  KindRegistry r;
  r.add({7, "a", msg::DataModel::array, AccessPolicy::user_match, 0, 0, 0, false, {}});
  r.add({9, "b", msg::DataModel::dictionary, AccessPolicy::user_match, 0, 0, 0, false, {}});
  const auto t = r.kind_table();
  EXPECT_EQ(t.model(7), msg::DataModel::array);
  EXPECT_EQ(t.model(9), msg::DataModel::dictionary);
  EXPECT_EQ(t.model(msg::kinds::sip_registration), std::nullopt);
}

}  // namespace
}  // namespace disco::storage
