#pragma once
// The enumerated simple types of the RFC 4575 s6 schema, spelled as in the schema, and the
// 'state' attribute of the s4.4 partial-notification mechanism.

#include <optional>
#include <string_view>

namespace disco::conference {

// s4.4 state-type. The default of every 'state' attribute is "full".
enum class ElementState { full, partial, deleted };

// s5.7.3 endpoint-status-type.
enum class EndpointStatus {
  pending,
  dialing_out,
  dialing_in,
  alerting,
  on_hold,
  connected,
  muted_via_focus,
  disconnecting,
  disconnected,
};

// s5.7.4 joining-type.
enum class JoiningMethod { dialed_in, dialed_out, focus_owner };

// s5.7.6 disconnection-type.
enum class DisconnectionMethod { departed, booted, failed, busy };

// s5.8.5 media-status-type (also available-media entries, s5.3.4).
enum class MediaStatus { recvonly, sendonly, sendrecv, inactive };

// The schema's own spelling ("dialing-out", "muted-via-focus").
std::string_view to_string(ElementState v);
std::string_view to_string(EndpointStatus v);
std::string_view to_string(JoiningMethod v);
std::string_view to_string(DisconnectionMethod v);
std::string_view to_string(MediaStatus v);

// Exact schema spelling only; nullopt otherwise (no case folding: XML is case-sensitive).
template <class E>
std::optional<E> from_string(std::string_view text);
template <>
std::optional<ElementState> from_string<ElementState>(std::string_view text);
template <>
std::optional<EndpointStatus> from_string<EndpointStatus>(std::string_view text);
template <>
std::optional<JoiningMethod> from_string<JoiningMethod>(std::string_view text);
template <>
std::optional<DisconnectionMethod> from_string<DisconnectionMethod>(std::string_view text);
template <>
std::optional<MediaStatus> from_string<MediaStatus>(std::string_view text);

}  // namespace disco::conference
