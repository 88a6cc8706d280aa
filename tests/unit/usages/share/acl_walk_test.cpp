// RFC 8076 s6.3: validating a writer by walking the delegation chain to the owner's root item.
#include "libcommon/usages/share/acl_walk.hpp"

#include <gtest/gtest.h>

namespace disco::share {
namespace {

constexpr reload::msg::KindId kind = 1234;

SignedAclItem item(std::string signer, std::string to_user, bool ad, reload::msg::KindId k = kind) {
  return {0, AccessControlListItem{std::nullopt, std::move(to_user), k, ad}, std::move(signer)};
}

const auto owner_is_alice = [](std::string_view u) { return u == "alice"; };

TEST(ShareAclWalk, FigureOneOfTheRfc) {
  const std::vector<SignedAclItem> acl{item("alice", "alice", true), item("alice", "bob", true),
                                       item("alice", "alice", true, 4321), item("alice", "carol", false, 4321),
                                       item("bob", "dave", false)};
  EXPECT_EQ(authorise(acl, "alice", kind, false, owner_is_alice).verdict, Verdict::owner);
  auto r = authorise(acl, "dave", kind, false, owner_is_alice);
  EXPECT_EQ(r.verdict, Verdict::authorised);
  EXPECT_EQ(r.chain, (std::vector<std::string>{"dave", "bob", "alice"}));
  EXPECT_TRUE(authorise(acl, "bob", kind, true, owner_is_alice).ok());    // bob may delegate
  EXPECT_FALSE(authorise(acl, "dave", kind, true, owner_is_alice).ok());  // dave may not
  EXPECT_TRUE(authorise(acl, "carol", 4321, false, owner_is_alice).ok());
  EXPECT_EQ(authorise(acl, "carol", kind, false, owner_is_alice).verdict, Verdict::no_grant);
}

TEST(ShareAclWalk, RevokedGranterCutsTheSubtree) {
  std::vector<SignedAclItem> acl{item("alice", "alice", true), item("alice", "bob", true), item("bob", "carol", true),
                                 item("carol", "dave", false)};
  EXPECT_TRUE(authorise(acl, "dave", kind, false, owner_is_alice).ok());
  acl.erase(acl.begin() + 1);  // alice's grant to bob removed (exists=False)
  EXPECT_EQ(authorise(acl, "dave", kind, false, owner_is_alice).verdict, Verdict::unrooted);
  EXPECT_EQ(authorise(acl, "carol", kind, false, owner_is_alice).verdict, Verdict::unrooted);
  EXPECT_EQ(authorise(acl, "bob", kind, false, owner_is_alice).verdict, Verdict::no_grant);
}

TEST(ShareAclWalk, GranterWithoutAllowDelegationDoesNotCount) {
  const std::vector<SignedAclItem> acl{item("alice", "alice", true), item("alice", "bob", false),
                                       item("bob", "carol", false)};
  EXPECT_TRUE(authorise(acl, "bob", kind, false, owner_is_alice).ok());
  EXPECT_EQ(authorise(acl, "carol", kind, false, owner_is_alice).verdict, Verdict::unrooted);
}

TEST(ShareAclWalk, RootMustBeTheOwners) {
  // mallory's self-signed "root" anchors nothing.
  const std::vector<SignedAclItem> acl{item("mallory", "mallory", true), item("mallory", "eve", false)};
  EXPECT_EQ(authorise(acl, "eve", kind, false, owner_is_alice).verdict, Verdict::unrooted);
  // No root at all: even the owner's direct grant is not enough (s6.3 step 5).
  const std::vector<SignedAclItem> no_root{item("alice", "bob", false)};
  EXPECT_EQ(authorise(no_root, "bob", kind, false, owner_is_alice).verdict, Verdict::unrooted);
}

TEST(ShareAclWalk, LoopsEnd) {
  std::vector<SignedAclItem> acl{item("bob", "carol", true), item("carol", "bob", true), item("carol", "dave", false),
                                 item("dave", "dave", true)};
  EXPECT_EQ(authorise(acl, "dave", kind, false, owner_is_alice).verdict, Verdict::unrooted);
  // A long ring of 500 users delegating to the next.
  acl.clear();
  for (int i = 0; i < 500; ++i) acl.push_back(item("u" + std::to_string(i), "u" + std::to_string((i + 1) % 500), true));
  EXPECT_EQ(authorise(acl, "u7", kind, true, owner_is_alice).verdict, Verdict::unrooted);
  // ...which becomes valid once the owner enters it.
  acl.push_back(item("alice", "alice", true));
  acl.push_back(item("alice", "u0", true));
  const auto r = authorise(acl, "u7", kind, true, owner_is_alice);
  EXPECT_EQ(r.verdict, Verdict::authorised);
  EXPECT_EQ(r.chain.size(), 9u);  // u7 <- u6 ... <- u0 <- alice
}

}  // namespace
}  // namespace disco::share
