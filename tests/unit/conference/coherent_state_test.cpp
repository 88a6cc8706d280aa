#include "libcommon/conference/coherent_state.hpp"

#include <gtest/gtest.h>

#include "libcommon/conference/parse.hpp"
#include "tests/support/vectors.hpp"

namespace disco::conference {
namespace {

ConferenceInfo vector(const char* name) {
  auto doc = parse(test::load_raw_vector(std::string("conference/") + name));
  EXPECT_TRUE(doc) << name << ": " << doc.error().message();
  return doc ? *doc : ConferenceInfo{};
}

using F = FieldChange;
using K = ChangeKind;

const std::string alice = "sip:alice@example.com";
const std::string bob = "sip:bob@example.com";
const std::string carol = "sip:carol@example.com";
const std::string dave = "sip:dave@example.com";
const std::string bob_laptop = "sip:bob@laptop.example.com";
const std::string carol_mobile = "sip:carol@mobile.example.com";

std::vector<ChangeKind> kinds(const std::vector<Change>& changes) {
  std::vector<ChangeKind> out;
  out.reserve(changes.size());
  for (const auto& c : changes) out.push_back(c.kind);
  return out;
}

class CoherentStateSequence : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = s.apply(vector("full_state.xml"));
    ASSERT_EQ(r.outcome, MergeOutcome::applied);
    first = r.changes;
  }
  CoherentState s;
  std::vector<Change> first;
};

TEST_F(CoherentStateSequence, FirstFullDocumentSetsTheVersionAndReportsEverything) {
  EXPECT_EQ(s.version(), 1u);
  EXPECT_FALSE(s.ended());
  EXPECT_EQ(kinds(first),
            (std::vector<ChangeKind>{K::conference_changed, K::conference_description_changed, K::host_info_changed,
                                     K::conference_state_changed, K::user_added, K::endpoint_added, K::media_added,
                                     K::media_added, K::user_added, K::endpoint_added, K::media_added}));
  EXPECT_EQ(first[0].fields, (std::vector<F>{{"entity", "sip:weekly@conf.example.com"}}));
  EXPECT_EQ(first[1].fields, (std::vector<F>{{"display-text", "Weekly sync"},
                                             {"subject", "Release planning"},
                                             {"keywords", "release planning"},
                                             {"conf-uris[sip:weekly@conf.example.com]", "sip:weekly@conf.example.com"},
                                             {"conf-uris[sip:weekly@conf.example.com].purpose", "participation"},
                                             {"maximum-user-count", "10"},
                                             {"available-media[audio-main].display-text", "main audio"},
                                             {"available-media[audio-main].type", "audio"},
                                             {"available-media[audio-main].status", "sendrecv"}}));
  EXPECT_EQ(first[3].fields, (std::vector<F>{{"user-count", "2"}, {"active", "true"}, {"locked", "false"}}));
  EXPECT_EQ(
      first[4],
      (Change{K::user_added, alice, {}, {}, {{"display-text", "Alice"}, {"roles", "chair"}, {"languages", "en de"}}}));
  EXPECT_EQ(first[5], (Change{K::endpoint_added,
                              alice,
                              "sip:alice@pc1.example.com",
                              {},
                              {{"display-text", "Alice's desk phone"},
                               {"status", "connected"},
                               {"joining-method", "dialed-in"},
                               {"joining-info.when", "2024-05-06T10:00:00Z"},
                               {"call-info.sip.call-id", "a84b4c76e66710"},
                               {"call-info.sip.from-tag", "1928301774"},
                               {"call-info.sip.to-tag", "314159"}}}));
  EXPECT_EQ(first[6],
            (Change{K::media_added,
                    alice,
                    "sip:alice@pc1.example.com",
                    "1",
                    {{"type", "audio"}, {"label", "audio-main"}, {"src-id", "1111"}, {"status", "sendrecv"}}}));
  EXPECT_EQ(first[10], (Change{K::media_added, bob, bob_laptop, "1", {{"type", "audio"}, {"status", "sendrecv"}}}));
}

TEST_F(CoherentStateSequence, PartialAddChangeDeleteGiveExactlyTheirChanges) {
  auto add = s.apply(vector("partial_add_user.xml"));
  ASSERT_EQ(add.outcome, MergeOutcome::applied);
  EXPECT_EQ(s.version(), 2u);
  EXPECT_EQ(
      add.changes,
      (std::vector<Change>{
          {K::conference_state_changed, {}, {}, {}, {{"user-count", "3"}}},
          {K::user_added, carol, {}, {}, {{"display-text", "Carol"}}},
          {K::endpoint_added, carol, carol_mobile, {}, {{"status", "dialing-in"}, {"joining-method", "dialed-in"}}},
          {K::media_added, carol, carol_mobile, "1", {{"type", "audio"}, {"status", "sendrecv"}}},
      }));

  auto change = s.apply(vector("partial_endpoint_status.xml"));
  ASSERT_EQ(change.outcome, MergeOutcome::applied);
  EXPECT_EQ(change.changes, (std::vector<Change>{
                                {K::endpoint_changed, bob, bob_laptop, {}, {{"status", "on-hold"}}},
                                {K::media_changed, bob, bob_laptop, "1", {{"status", "inactive"}}},
                                {K::endpoint_changed, carol, carol_mobile, {}, {{"status", "connected"}}},
                            }));
  // Field-by-field (s4.6 step 3.1.2): what the partial media did not mention is kept.
  const Media& audio = s.state()->users->users[1].endpoints[0].media[0];
  EXPECT_EQ(audio.type, "audio");
  EXPECT_EQ(audio.status, MediaStatus::inactive);

  auto removed = s.apply(vector("partial_deleted_user.xml"));
  ASSERT_EQ(removed.outcome, MergeOutcome::applied);
  EXPECT_EQ(removed.changes, (std::vector<Change>{
                                 {K::conference_state_changed, {}, {}, {}, {{"user-count", "2"}}},
                                 {K::user_removed, alice, {}, {}, {}},
                             }));
  ASSERT_TRUE(s.state()->users);
  ASSERT_EQ(s.state()->users->users.size(), 2u);
  EXPECT_EQ(s.state()->users->users[0].entity, bob);
  EXPECT_EQ(s.state()->users->users[1].entity, carol);
  EXPECT_EQ(s.state()->version, 4u);
  EXPECT_EQ(s.state()->state, ElementState::full);
  EXPECT_EQ(s.state()->users->state, ElementState::full);
}

TEST_F(CoherentStateSequence, StaleVersionsAreDiscardedUnprocessed) {
  ASSERT_EQ(s.apply(vector("partial_add_user.xml")).outcome, MergeOutcome::applied);
  const ConferenceInfo before = *s.state();
  auto again = s.apply(vector("partial_add_user.xml"));
  EXPECT_EQ(again.outcome, MergeOutcome::stale);
  EXPECT_TRUE(again.changes.empty());
  EXPECT_EQ(s.apply(vector("full_state.xml")).outcome, MergeOutcome::stale);  // full too (s4.6)
  EXPECT_EQ(*s.state(), before);
  EXPECT_EQ(s.version(), 2u);
}

TEST_F(CoherentStateSequence, GapIsDetectedAndAFullDocumentResynchronises) {
  for (const char* name : {"partial_add_user.xml", "partial_endpoint_status.xml", "partial_deleted_user.xml"}) {
    ASSERT_EQ(s.apply(vector(name)).outcome, MergeOutcome::applied) << name;
  }
  const ConferenceInfo before = *s.state();
  auto gap = s.apply(vector("partial_gap.xml"));  // version 6 on local 4
  EXPECT_EQ(gap.outcome, MergeOutcome::gap);
  EXPECT_TRUE(gap.changes.empty());
  EXPECT_EQ(s.version(), 4u);
  EXPECT_EQ(*s.state(), before);

  auto resync = s.apply(vector("full_resync.xml"));
  ASSERT_EQ(resync.outcome, MergeOutcome::applied);
  EXPECT_EQ(s.version(), 7u);
  EXPECT_EQ(resync.changes,
            (std::vector<Change>{
                {K::conference_description_changed,
                 {},
                 {},
                 {},
                 {{"display-text", std::nullopt},
                  {"subject", std::nullopt},
                  {"keywords", std::nullopt},
                  {"conf-uris[sip:weekly@conf.example.com]", std::nullopt},
                  {"conf-uris[sip:weekly@conf.example.com].purpose", std::nullopt},
                  {"maximum-user-count", std::nullopt},
                  {"available-media[audio-main].display-text", std::nullopt},
                  {"available-media[audio-main].type", std::nullopt},
                  {"available-media[audio-main].status", std::nullopt}}},
                {K::host_info_changed,
                 {},
                 {},
                 {},
                 {{"display-text", std::nullopt}, {"uris[sip:host@example.com]", std::nullopt}}},
                {K::conference_state_changed, {}, {}, {}, {{"locked", "true"}}},
                {K::endpoint_changed, bob, bob_laptop, {}, {{"status", "connected"}, {"joining-method", std::nullopt}}},
                {K::media_removed, bob, bob_laptop, "1", {}},
                {K::user_added, dave, {}, {}, {}},
                {K::endpoint_added,
                 dave,
                 "sip:dave@desk.example.com",
                 {},
                 {{"status", "connected"}, {"joining-method", "dialed-in"}}},
                {K::user_removed, carol, {}, {}, {}},
            }));
  EXPECT_EQ(*s.state(), vector("full_resync.xml"));
}

TEST_F(CoherentStateSequence, DeletedRootEndsTheConference) {
  auto ended = s.apply(vector("deleted_conference.xml"));
  EXPECT_EQ(ended.outcome, MergeOutcome::ended);
  EXPECT_EQ(ended.changes, (std::vector<Change>{{K::conference_ended, {}, {}, {}, {}}}));
  EXPECT_TRUE(s.ended());
  EXPECT_FALSE(s.state());
  EXPECT_EQ(s.version(), 8u);
  // Nothing to merge into any more: a later partial asks for full state.
  auto later = vector("partial_add_user.xml");
  later.version = 9;
  EXPECT_EQ(s.apply(later).outcome, MergeOutcome::gap);
}

TEST(CoherentState, PartialBeforeAnyFullDocumentIsAGap) {
  CoherentState s;
  EXPECT_EQ(s.apply(vector("partial_add_user.xml")).outcome, MergeOutcome::gap);
  EXPECT_FALSE(s.version());
  EXPECT_EQ(s.apply(vector("full_state.xml")).outcome, MergeOutcome::applied);
}

TEST(CoherentState, DocumentWithoutVersionIsRefused) {
  CoherentState s;
  auto doc = vector("full_state.xml");
  doc.version.reset();
  EXPECT_EQ(s.apply(doc).outcome, MergeOutcome::unversioned);
  EXPECT_FALSE(s.state());
}

TEST(CoherentState, ResetForgetsTheVersionForANewSubscription) {
  CoherentState s;
  auto full = vector("full_resync.xml");
  ASSERT_EQ(s.apply(full).outcome, MergeOutcome::applied);
  full.version = 1;
  EXPECT_EQ(s.apply(full).outcome, MergeOutcome::stale);
  s.reset();
  EXPECT_EQ(s.apply(full).outcome, MergeOutcome::applied);
  EXPECT_EQ(s.version(), 1u);
}

TEST(CoherentState, VersionAtTheTopOfTheRangeDoesNotWrap) {
  CoherentState s;
  auto full = vector("full_state.xml");
  full.version = 4294967295u;
  ASSERT_EQ(s.apply(full).outcome, MergeOutcome::applied);
  auto partial = vector("partial_add_user.xml");
  partial.version = 0;
  EXPECT_EQ(s.apply(partial).outcome, MergeOutcome::stale);
}

TEST(CoherentState, Rfc4575RichExampleMergesOntoTheBasicOne) {
  CoherentState s;
  auto basic = vector("rfc4575_s7_1_basic_full.xml");
  ASSERT_EQ(s.apply(basic).outcome, MergeOutcome::applied);
  // The RFC numbers them 1 and 5: as they stand the second is a gap.
  EXPECT_EQ(s.apply(vector("rfc4575_s7_2_rich_partial.xml")).outcome, MergeOutcome::gap);

  CoherentState t;
  basic.version = 4;
  ASSERT_EQ(t.apply(basic).outcome, MergeOutcome::applied);
  auto r = t.apply(vector("rfc4575_s7_2_rich_partial.xml"));
  ASSERT_EQ(r.outcome, MergeOutcome::applied);
  const ConferenceInfo& now = *t.state();
  // <users> carries no 'state', so it is "full" and replaces the table: Alice is gone (s4.4).
  ASSERT_EQ(now.users->users.size(), 1u);
  EXPECT_EQ(now.users->users[0].endpoints[0].status, EndpointStatus::disconnecting);
  EXPECT_EQ(now.description->display_text, "Weekly Sales Meeting");
  EXPECT_EQ(now.conference_state->user_count, 32u);
  EXPECT_EQ(now.sidebars_by_ref->entries.size(), 2u);
  EXPECT_EQ(now.sidebars_by_ref->state, ElementState::full);
  ASSERT_EQ(now.sidebars_by_val->entries.size(), 1u);
  EXPECT_EQ(now.sidebars_by_val->entries[0].state, ElementState::full);
  EXPECT_EQ(kinds(r.changes), (std::vector<ChangeKind>{K::conference_description_changed, K::host_info_changed,
                                                       K::conference_state_changed, K::user_changed,
                                                       K::endpoint_changed, K::user_removed, K::sidebars_changed}));
  EXPECT_EQ(r.changes[5].user, "sip:alice@example.com");
}

TEST(MergeOutcome, NamesAreSnakeCase) {
  EXPECT_EQ(to_string(MergeOutcome::applied), "applied");
  EXPECT_EQ(to_string(MergeOutcome::stale), "stale");
  EXPECT_EQ(to_string(MergeOutcome::gap), "gap");
  EXPECT_EQ(to_string(MergeOutcome::ended), "ended");
  EXPECT_EQ(to_string(MergeOutcome::unversioned), "unversioned");
  EXPECT_EQ(to_string(ChangeKind::endpoint_changed), "endpoint_changed");
  EXPECT_EQ(to_string(ChangeKind::conference_ended), "conference_ended");
}

}  // namespace
}  // namespace disco::conference
