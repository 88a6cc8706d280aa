// RFC 8076 s4.2 AccessControlListItem, s5.2 ResourceNameExtension, s3.1 array indices.
#include "libcommon/usages/share/acl_item.hpp"

#include <gtest/gtest.h>

#include "libcommon/usages/share/array_index.hpp"

namespace disco::share {
namespace {

TEST(ShareAclItem, EncodesTheRfcLayoutWithAndWithoutTheNameExtension) {
  AccessControlListItem item{ResourceNameExtension{1, "a-conf-b@c"}, "bob@c", 0xF0000002, true};
  auto bytes = encode(item, true);
  ASSERT_TRUE(bytes);
  // type 1, length 12 (2 + 10), resource_name<10>, to_user<5>, kind, ad
  const base::Bytes expected{1,   0, 12, 0,   10,  'a', '-', 'c', 'o',  'n', 'f', '-', 'b', '@',
                             'c', 0, 5,  'b', 'o', 'b', '@', 'c', 0xF0, 0,   0,   2,   1};
  EXPECT_EQ(*bytes, expected);
  auto back = decode_acl_item(*bytes, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, item);

  item.res_name_ext.reset();
  item.allow_delegation = false;
  bytes = encode(item, false);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 2u + 5u + 4u + 1u);
  EXPECT_EQ(*decode_acl_item(*bytes, false), item);
  EXPECT_FALSE(encode(item, true));  // presence must follow the kind-block
}

TEST(ShareAclItem, RefusesMalformedInput) {
  AccessControlListItem item{ResourceNameExtension{1, "n"}, "u", 4, false};
  auto bytes = *encode(item, true);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(decode_acl_item(base::BytesView(bytes).first(cut), true)) << cut;
  auto trailing = bytes;
  trailing.push_back(0);
  EXPECT_FALSE(decode_acl_item(trailing, true));
  auto bad_bool = bytes;
  bad_bool.back() = 2;
  EXPECT_FALSE(decode_acl_item(bad_bool, true));
  // A name over 1024 bytes is refused both ways.
  EXPECT_FALSE(encode(ResourceNameExtension{1, std::string(1025, 'x')}));
  base::Bytes huge{1, 0x04, 0x03, 0x04, 0x01};
  huge.resize(huge.size() + 1025, 'x');
  EXPECT_FALSE(decode_name_extension(huge));
}

TEST(ShareAclItem, SkipsAnUnknownNameTypeByItsLength) {
  const base::Bytes unknown{7, 0, 3, 9, 9, 9, 0xAA};
  auto r = decode_name_extension(unknown);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ext.type, 7);
  EXPECT_EQ(r->ext.resource_name, "");
  EXPECT_EQ(r->consumed, 6u);
}

TEST(ShareArrayIndex, Low24BitsOfTheNodeIdThenACounter) {
  base::Bytes b(16, 0);
  b[13] = 0x12;
  b[14] = 0x3a;
  b[15] = 0xbc;
  const auto node = *reload::NodeId::from_bytes(b);
  EXPECT_EQ(index_prefix(node), 0x123abcu);
  EXPECT_EQ(share_index(node, 1), 0x123abc01u);
  EXPECT_TRUE(index_belongs_to(0x123abcff, node));
  EXPECT_FALSE(index_belongs_to(0x123abd00, node));
}

}  // namespace
}  // namespace disco::share
