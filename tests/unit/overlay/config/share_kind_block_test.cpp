// RFC 8076 s5.3: <share:variable-resource-names> in a kind-block, read and written back.
#include <gtest/gtest.h>

#include "libcommon/overlay/config/overlay_config.hpp"
#include "libcommon/reload/msg/kind_table.hpp"

namespace disco::overlay {
namespace {

std::string document(const std::string& kind_params) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<overlay xmlns="urn:ietf:params:xml:ns:p2p:config-base" xmlns:share="urn:ietf:params:xml:ns:p2p:config-base:share">
  <configuration instance-name="ov.example" sequence="1">
    <required-kinds>
      <kind-block>
        <kind name="ACCESS-CONTROL-LIST">
          <data-model>ARRAY</data-model><access-control>USER-CHAIN-ACL</access-control>
          <max-count>10</max-count><max-size>100</max-size>
          )" +
         kind_params + R"(
        </kind>
      </kind-block>
    </required-kinds>
  </configuration>
</overlay>)";
}

TEST(OverlayConfigShare, ReadsVariableResourceNamesAndWritesThemBack) {
  auto c = parse_overlay_config(document(R"(<share:variable-resource-names enable="true">
            <share:pattern>.*-conf-$USER@$DOMAIN</share:pattern>
            <share:pattern>room-$USER@$DOMAIN</share:pattern>
          </share:variable-resource-names>)"));
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->kinds.size(), 1u);
  const auto& k = c->kinds[0];
  EXPECT_EQ(k.id, reload::msg::kinds::access_control_list);
  EXPECT_EQ(k.policy, storage::AccessPolicy::user_chain_acl);
  EXPECT_EQ(k.model, reload::msg::DataModel::array);
  EXPECT_TRUE(k.variable_names);
  EXPECT_EQ(k.name_patterns, (std::vector<std::string>{".*-conf-$USER@$DOMAIN", "room-$USER@$DOMAIN"}));
  auto again = parse_overlay_config(write_overlay_config(*c));
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, *c);
}

TEST(OverlayConfigShare, EnableDefaultsToFalseAndTrueNeedsAPattern) {
  auto c = parse_overlay_config(document(""));
  ASSERT_TRUE(c) << c.error();
  EXPECT_FALSE(c->kinds[0].variable_names);
  c = parse_overlay_config(document(R"(<share:variable-resource-names/>)"));
  ASSERT_TRUE(c) << c.error();
  EXPECT_FALSE(c->kinds[0].variable_names);
  EXPECT_FALSE(parse_overlay_config(document(R"(<share:variable-resource-names enable="true"/>)")));
  EXPECT_FALSE(parse_overlay_config(document(R"(<share:variable-resource-names enable="maybe"/>)")));
}

}  // namespace
}  // namespace disco::overlay
