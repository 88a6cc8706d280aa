#include "libcommon/conference/enums.hpp"

#include <gtest/gtest.h>

namespace disco::conference {
namespace {

template <class E>
void expect_names(std::initializer_list<std::pair<E, std::string_view>> table) {
  for (const auto& [value, name] : table) {
    EXPECT_EQ(to_string(value), name);
    EXPECT_EQ(from_string<E>(name), value) << name;
  }
}

TEST(ConferenceEnums, SpellEverySchemaValueAsTheSchemaDoes) {
  expect_names<ElementState>(
      {{ElementState::full, "full"}, {ElementState::partial, "partial"}, {ElementState::deleted, "deleted"}});
  expect_names<EndpointStatus>({{EndpointStatus::pending, "pending"},
                                {EndpointStatus::dialing_out, "dialing-out"},
                                {EndpointStatus::dialing_in, "dialing-in"},
                                {EndpointStatus::alerting, "alerting"},
                                {EndpointStatus::on_hold, "on-hold"},
                                {EndpointStatus::connected, "connected"},
                                {EndpointStatus::muted_via_focus, "muted-via-focus"},
                                {EndpointStatus::disconnecting, "disconnecting"},
                                {EndpointStatus::disconnected, "disconnected"}});
  expect_names<JoiningMethod>({{JoiningMethod::dialed_in, "dialed-in"},
                               {JoiningMethod::dialed_out, "dialed-out"},
                               {JoiningMethod::focus_owner, "focus-owner"}});
  expect_names<DisconnectionMethod>({{DisconnectionMethod::departed, "departed"},
                                     {DisconnectionMethod::booted, "booted"},
                                     {DisconnectionMethod::failed, "failed"},
                                     {DisconnectionMethod::busy, "busy"}});
  expect_names<MediaStatus>({{MediaStatus::recvonly, "recvonly"},
                             {MediaStatus::sendonly, "sendonly"},
                             {MediaStatus::sendrecv, "sendrecv"},
                             {MediaStatus::inactive, "inactive"}});
}

TEST(ConferenceEnums, RejectOtherSpellingsBecauseXmlIsCaseSensitive) {
  EXPECT_FALSE(from_string<EndpointStatus>("Connected"));
  EXPECT_FALSE(from_string<EndpointStatus>("on_hold"));
  EXPECT_FALSE(from_string<MediaStatus>(""));
  EXPECT_FALSE(from_string<ElementState>("full "));
  EXPECT_FALSE(from_string<JoiningMethod>("invited"));
}

}  // namespace
}  // namespace disco::conference
