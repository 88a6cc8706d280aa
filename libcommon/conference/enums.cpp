#include "libcommon/conference/enums.hpp"

#include <array>
#include <cstddef>

namespace disco::conference {

namespace {

// One table per enum, in declaration order, so to_string and from_string cannot disagree.
constexpr std::array<std::string_view, 3> element_state_names{"full", "partial", "deleted"};
constexpr std::array<std::string_view, 9> endpoint_status_names{
    "pending",   "dialing-out",     "dialing-in",    "alerting",     "on-hold",
    "connected", "muted-via-focus", "disconnecting", "disconnected",
};
constexpr std::array<std::string_view, 3> joining_method_names{"dialed-in", "dialed-out", "focus-owner"};
constexpr std::array<std::string_view, 4> disconnection_method_names{"departed", "booted", "failed", "busy"};
constexpr std::array<std::string_view, 4> media_status_names{"recvonly", "sendonly", "sendrecv", "inactive"};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, E v) {
  auto i = static_cast<std::size_t>(v);
  return i < N ? names[i] : std::string_view{};
}

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ElementState v) { return name_of(element_state_names, v); }
std::string_view to_string(EndpointStatus v) { return name_of(endpoint_status_names, v); }
std::string_view to_string(JoiningMethod v) { return name_of(joining_method_names, v); }
std::string_view to_string(DisconnectionMethod v) { return name_of(disconnection_method_names, v); }
std::string_view to_string(MediaStatus v) { return name_of(media_status_names, v); }

template <>
std::optional<ElementState> from_string<ElementState>(std::string_view text) {
  return lookup<ElementState>(element_state_names, text);
}
template <>
std::optional<EndpointStatus> from_string<EndpointStatus>(std::string_view text) {
  return lookup<EndpointStatus>(endpoint_status_names, text);
}
template <>
std::optional<JoiningMethod> from_string<JoiningMethod>(std::string_view text) {
  return lookup<JoiningMethod>(joining_method_names, text);
}
template <>
std::optional<DisconnectionMethod> from_string<DisconnectionMethod>(std::string_view text) {
  return lookup<DisconnectionMethod>(disconnection_method_names, text);
}
template <>
std::optional<MediaStatus> from_string<MediaStatus>(std::string_view text) {
  return lookup<MediaStatus>(media_status_names, text);
}

}  // namespace disco::conference
