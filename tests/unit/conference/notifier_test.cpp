#include "libcommon/conference/notifier.hpp"

#include <gtest/gtest.h>

#include <random>

#include "libcommon/conference/coherent_state.hpp"
#include "libcommon/conference/parse.hpp"
#include "libcommon/conference/serialise.hpp"
#include "tests/support/conference_samples.hpp"
#include "tests/support/vectors.hpp"

namespace disco::conference {
namespace {

ConferenceInfo vector(const char* name) {
  return parse(test::load_raw_vector(std::string("conference/") + name)).value();
}

// What a subscriber at `previous` holds after merging the partial document for `next`.
ConferenceInfo subscriber_after(const ConferenceInfo& previous, const ConferenceInfo& doc) {
  CoherentState s;
  EXPECT_EQ(s.apply(full_notification(previous, previous.version.value())).outcome, MergeOutcome::applied);
  auto r = s.apply(doc);
  EXPECT_EQ(r.outcome, MergeOutcome::applied);
  return s.state().value_or(ConferenceInfo{});
}

ConferenceInfo with_version(ConferenceInfo c, std::uint32_t v) {
  c.version = v;
  return c;
}

TEST(ConferenceNotifier, FullNotificationCarriesTheVersionAndOnlyFullStates) {
  auto state = vector("partial_add_user.xml");  // partial states inside, on purpose
  auto doc = full_notification(state, 9);
  EXPECT_EQ(doc.state, ElementState::full);
  EXPECT_EQ(doc.version, 9u);
  EXPECT_EQ(doc.users->state, ElementState::full);
}

TEST(ConferenceNotifier, StatusChangeSendsOnlyTheStatus) {
  auto before = vector("full_state.xml");
  auto after = before;
  after.users->users[1].endpoints[0].status = EndpointStatus::on_hold;
  auto doc = partial_notification(before, after);
  EXPECT_EQ(doc.state, ElementState::partial);
  EXPECT_EQ(doc.version, 2u);
  EXPECT_FALSE(doc.description);
  EXPECT_FALSE(doc.conference_state);
  ASSERT_TRUE(doc.users);
  EXPECT_EQ(doc.users->state, ElementState::partial);
  ASSERT_EQ(doc.users->users.size(), 1u);
  const User& bob = doc.users->users[0];
  EXPECT_EQ(bob.state, ElementState::partial);
  EXPECT_FALSE(bob.display_text);
  ASSERT_EQ(bob.endpoints.size(), 1u);
  EXPECT_EQ(bob.endpoints[0], (Endpoint{.entity = "sip:bob@laptop.example.com",
                                        .state = ElementState::partial,
                                        .status = EndpointStatus::on_hold}));
  EXPECT_EQ(subscriber_after(before, doc), with_version(after, 2));
}

TEST(ConferenceNotifier, RemovalsAreDeletedRowsAndAdditionsWholeRows) {
  auto before = vector("full_state.xml");
  auto after = before;
  after.users->users.erase(after.users->users.begin());
  User carol;
  carol.entity = "sip:carol@example.com";
  carol.display_text = "Carol";
  after.users->users.push_back(carol);
  auto doc = partial_notification(before, after);
  ASSERT_EQ(doc.users->users.size(), 2u);
  EXPECT_EQ(doc.users->users[0], (User{.entity = "sip:alice@example.com", .state = ElementState::deleted}));
  EXPECT_EQ(doc.users->users[1], carol);
  EXPECT_EQ(subscriber_after(before, doc), with_version(after, 2));
}

TEST(ConferenceNotifier, WhatPartialStateCannotSayIsSentWholeOneLevelUp) {
  auto before = vector("full_state.xml");
  auto after = before;
  auto& phone = after.users->users[0].endpoints[0];
  phone.media.pop_back();  // a media row has no 'state' to delete it with
  phone.joining_info.reset();
  auto doc = partial_notification(before, after);
  EXPECT_EQ(doc.state, ElementState::partial);
  const Endpoint& sent = doc.users->users.at(0).endpoints.at(0);
  EXPECT_EQ(sent, phone);
  EXPECT_EQ(sent.state, ElementState::full);
  EXPECT_EQ(subscriber_after(before, doc), with_version(after, 2));

  // Only the root encloses conference-description: the document becomes a full one.
  auto gone = before;
  gone.description.reset();
  auto full = partial_notification(before, gone);
  EXPECT_EQ(full.state, ElementState::full);
  EXPECT_EQ(full.version, 2u);
  EXPECT_EQ(subscriber_after(before, full), with_version(gone, 2));
}

TEST(ConferenceNotifier, NoChangeIsAnEmptyPartialDocument) {
  auto before = vector("full_state.xml");
  auto doc = partial_notification(before, before);
  EXPECT_EQ(doc, (ConferenceInfo{.entity = before.entity, .state = ElementState::partial, .version = 2}));
}

// The property the focus relies on: whatever the change, the subscriber that merges the partial
// document (after a trip through XML) holds exactly the focus's new state.
TEST(ConferenceNotifier, PartialDiffMergedBySubscriberEqualsTheNewStateOverRandomSequences) {
  int documents = 0;
  int partial = 0;
  std::size_t changes = 0;
  for (std::uint32_t seed = 1; seed <= 120; ++seed) {
    std::mt19937 rng(seed);
    ConferenceInfo focus = full_notification(test::random_conference(rng), 1);
    CoherentState subscriber;
    auto first = parse(serialise(focus).value());
    ASSERT_TRUE(first) << first.error().message();
    ASSERT_EQ(subscriber.apply(*first).outcome, MergeOutcome::applied);
    for (int step = 0; step < 20; ++step) {
      ConferenceInfo next = test::mutate_conference(focus, rng);
      ConferenceInfo doc = partial_notification(focus, next);
      ++documents;
      partial += doc.state == ElementState::partial ? 1 : 0;
      auto xml = serialise(doc);
      ASSERT_TRUE(xml) << "seed " << seed << " step " << step << ": " << xml.error().message();
      auto received = parse(*xml);
      ASSERT_TRUE(received) << "seed " << seed << " step " << step << ": " << received.error().message();
      ASSERT_EQ(*received, doc) << "seed " << seed << " step " << step << "\n" << *xml;
      auto r = subscriber.apply(*received);
      ASSERT_EQ(r.outcome, MergeOutcome::applied) << "seed " << seed << " step " << step;
      next.version = doc.version;
      ASSERT_EQ(canonical(*subscriber.state()), canonical(next)) << "seed " << seed << " step " << step << "\n"
                                                                 << *xml << "\nexpected\n"
                                                                 << serialise(next).value() << "\ngot\n"
                                                                 << serialise(*subscriber.state()).value();
      // Nothing is reported when nothing changed (an empty <users/> appearing is no change either).
      if (canonical(focus) == canonical(with_version(next, *focus.version))) {
        ASSERT_TRUE(r.changes.empty()) << "seed " << seed << " step " << step;
      }
      changes += r.changes.size();
      focus = std::move(next);
    }
  }
  // Most changes fit in a partial document; the rest (a removed description...) go whole.
  EXPECT_GT(partial * 10, documents * 8) << partial << " of " << documents;
  EXPECT_GT(changes, static_cast<std::size_t>(documents));
}

}  // namespace
}  // namespace disco::conference
