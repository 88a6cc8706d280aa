#include "libcommon/conference/merge.hpp"

#include <gtest/gtest.h>

#include "libcommon/conference/parse.hpp"

namespace disco::conference {
namespace {

ConferenceInfo doc(const std::string& inner, const std::string& state = "full") {
  auto r = parse(
      "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' xmlns:ex='urn:ex' entity='sip:c@x'"
      " version='1' state='" +
      state + "'>" + inner + "</conference-info>");
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : ConferenceInfo{};
}

ConferenceInfo merged(const std::string& local, const std::string& update) {
  auto state = doc(local);
  make_full(state);
  apply_partial(state, doc(update, "partial"));
  return state;
}

const std::string bob_full =
    "<users><user entity='bob'><display-text>Bob</display-text><languages>en</languages>"
    "<associated-aors><entry><uri>mailto:b1</uri><display-text>one</display-text></entry></associated-aors>"
    "<endpoint entity='e1'><display-text>laptop</display-text><status>connected</status>"
    "<media id='1'><type>audio</type><label>L</label><status>sendrecv</status></media>"
    "<media id='2'><type>video</type></media></endpoint></user></users>";

TEST(ConferenceMerge, AtomicElementsOfAPartialEndpointReplaceOnlyThemselves) {
  auto s = merged(bob_full,
                  "<users state='partial'><user entity='bob' state='partial'><endpoint entity='e1' state='partial'>"
                  "<status>on-hold</status><media id='1'><status>inactive</status></media>"
                  "<media id='3'><type>text</type></media></endpoint></user></users>");
  const Endpoint& e = s.users->users[0].endpoints[0];
  EXPECT_EQ(e.display_text, "laptop");
  EXPECT_EQ(e.status, EndpointStatus::on_hold);
  ASSERT_EQ(e.media.size(), 3u);
  EXPECT_EQ(e.media[0], (Media{"1", {}, "audio", "L", {}, MediaStatus::inactive, {}}));
  EXPECT_EQ(e.media[1].type, "video");
  EXPECT_EQ(e.media[2], (Media{"3", {}, "text", {}, {}, {}, {}}));
  EXPECT_EQ(s.users->users[0].display_text, "Bob");
}

TEST(ConferenceMerge, FullRowReplacesTheWholeRow) {
  auto s = merged(bob_full,
                  "<users state='partial'><user entity='bob' state='partial'><endpoint entity='e1'>"
                  "<status>alerting</status></endpoint></user></users>");
  EXPECT_EQ(s.users->users[0].endpoints[0], (Endpoint{.entity = "e1", .status = EndpointStatus::alerting}));
}

TEST(ConferenceMerge, UsersWithoutStateIsFullAndReplacesTheTable) {
  auto s = merged(bob_full, "<users><user entity='carol'/></users>");
  ASSERT_EQ(s.users->users.size(), 1u);
  EXPECT_EQ(s.users->users[0].entity, "carol");
}

TEST(ConferenceMerge, DeletedRemovesAndIgnoresWhatItHolds) {
  auto s = merged(bob_full, "<users state='deleted'><user entity='zed'/></users>");
  EXPECT_FALSE(s.users);
  auto t = merged(bob_full,
                  "<users state='partial'><user entity='nobody' state='deleted'/>"
                  "<user entity='bob' state='partial'><endpoint entity='e1' state='deleted'>"
                  "<status>connected</status></endpoint></user></users>");
  ASSERT_EQ(t.users->users.size(), 1u);
  EXPECT_TRUE(t.users->users[0].endpoints.empty());
}

TEST(ConferenceMerge, NewPartialRowIsAddedAsFullWithoutItsDeletedChildren) {
  auto s = merged(bob_full,
                  "<users state='partial'><user entity='carol' state='partial'><display-text>C</display-text>"
                  "<endpoint entity='gone' state='deleted'/><endpoint entity='p' state='partial'>"
                  "<status>pending</status></endpoint></user></users>");
  ASSERT_EQ(s.users->users.size(), 2u);
  const User& carol = s.users->users[1];
  EXPECT_EQ(carol.state, ElementState::full);
  ASSERT_EQ(carol.endpoints.size(), 1u);
  EXPECT_EQ(carol.endpoints[0].entity, "p");
  EXPECT_EQ(carol.endpoints[0].state, ElementState::full);
}

TEST(ConferenceMerge, UriListsAreKeyedByUri) {
  auto s = merged(bob_full,
                  "<users state='partial'><user entity='bob' state='partial'><associated-aors state='partial'>"
                  "<entry><uri>mailto:b1</uri><purpose>work</purpose></entry>"
                  "<entry><uri>mailto:b2</uri></entry></associated-aors></user></users>");
  const auto& aors = s.users->users[0].associated_aors.value();
  ASSERT_EQ(aors.entries.size(), 2u);
  EXPECT_EQ(aors.entries[0], (UriEntry{"mailto:b1", "one", "work", {}, {}}));
  EXPECT_EQ(aors.entries[1].uri, "mailto:b2");
  EXPECT_EQ(aors.state, ElementState::full);

  auto t = merged(bob_full,
                  "<users state='partial'><user entity='bob' state='partial'><associated-aors>"
                  "<entry><uri>mailto:b9</uri></entry></associated-aors></user></users>");
  EXPECT_EQ(t.users->users[0].associated_aors->entries.size(), 1u);
  EXPECT_EQ(t.users->users[0].associated_aors->entries[0].uri, "mailto:b9");
}

TEST(ConferenceMerge, ElementsWithoutStateAreReplacedWhole) {
  auto s = merged(
      "<conference-description><subject>S</subject><maximum-user-count>5</maximum-user-count>"
      "</conference-description><conference-state><user-count>1</user-count><locked>true</locked>"
      "</conference-state>",
      "<conference-description><display-text>D</display-text></conference-description>"
      "<conference-state><user-count>2</user-count></conference-state>");
  EXPECT_EQ(s.description, (ConferenceDescription{.display_text = "D"}));
  EXPECT_EQ(s.conference_state, (ConferenceState{.user_count = 2}));
}

TEST(ConferenceMerge, SidebarsByValEntriesMergeAsConferences) {
  auto s = merged(
      "<sidebars-by-val><entry entity='s1'><users><user entity='a'/></users></entry>"
      "<entry entity='s2'/></sidebars-by-val><sidebars-by-ref><entry><uri>sip:r1</uri></entry>"
      "</sidebars-by-ref>",
      "<sidebars-by-val state='partial'><entry entity='s1' state='partial'><users state='partial'>"
      "<user entity='b'/></users></entry><entry entity='s2' state='deleted'/></sidebars-by-val>"
      "<sidebars-by-ref state='partial'><entry><uri>sip:r2</uri></entry></sidebars-by-ref>");
  ASSERT_EQ(s.sidebars_by_val->entries.size(), 1u);
  EXPECT_EQ(s.sidebars_by_val->entries[0].users->users.size(), 2u);
  EXPECT_EQ(s.sidebars_by_ref->entries.size(), 2u);
}

TEST(ConferenceMerge, ExtensionsReplaceElementsAndSetAttributesByName) {
  auto s = merged("<users ex:a='1' ex:b='2'><ex:old/></users>",
                  "<users state='partial' ex:b='3' ex:c='4'><ex:new/></users>");
  EXPECT_EQ(s.users->ext.attributes,
            (std::vector<ExtensionAttribute>{
                {"ex", "urn:ex", "a", "1"}, {"ex", "urn:ex", "b", "3"}, {"ex", "urn:ex", "c", "4"}}));
  EXPECT_EQ(s.users->ext.elements, std::vector<std::string>{"<ex:new xmlns:ex=\"urn:ex\"/>"});
  auto t = merged("<users><ex:old/></users>", "<users state='partial'/>");
  EXPECT_EQ(t.users->ext.elements, std::vector<std::string>{"<ex:old xmlns:ex=\"urn:ex\"/>"});
}

TEST(ConferenceMerge, MakeFullNormalisesStatesAndDropsDeletedChildren) {
  auto d =
      doc("<users state='partial'><user entity='a' state='deleted'/><user entity='b' state='partial'>"
          "<endpoint entity='e' state='partial'/></user></users><sidebars-by-ref state='deleted'>"
          "<entry><uri>sip:x</uri></entry></sidebars-by-ref>",
          "partial");
  make_full(d);
  EXPECT_EQ(d.state, ElementState::full);
  ASSERT_EQ(d.users->users.size(), 1u);
  EXPECT_EQ(d.users->state, ElementState::full);
  EXPECT_EQ(d.users->users[0].state, ElementState::full);
  EXPECT_EQ(d.users->users[0].endpoints[0].state, ElementState::full);
  EXPECT_FALSE(d.sidebars_by_ref);
}

TEST(ConferenceMerge, CanonicalComparesTablesNotRowOrder) {
  auto a = doc("<users><user entity='a'><endpoint entity='1'/><endpoint entity='2'/></user><user entity='b'/></users>");
  auto b = doc("<users><user entity='b'/><user entity='a'><endpoint entity='2'/><endpoint entity='1'/></user></users>");
  EXPECT_NE(a, b);
  EXPECT_EQ(canonical(a), canonical(b));
}

}  // namespace
}  // namespace disco::conference
