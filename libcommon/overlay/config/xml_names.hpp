#pragma once
// Namespaces of the configuration document (s11.1, s14.x registrations) and our own extension
// namespace for kind names (the grammar allows foreign elements inside <kind>, s11.1.1).

#include <string_view>

namespace disco::overlay::xml {

inline constexpr std::string_view ns_base = "urn:ietf:params:xml:ns:p2p:config-base";
inline constexpr std::string_view ns_chord = "urn:ietf:params:xml:ns:p2p:config-chord";
// RFC 8076 s5.3, s9.3: <share:variable-resource-names> inside <kind>.
inline constexpr std::string_view ns_share = "urn:ietf:params:xml:ns:p2p:config-base:share";
// Carries <disco:kind-name> for private kinds, which the RFC grammar gives no name. ".invalid"
// (RFC 2606) cannot collide with anyone's real namespace.
inline constexpr std::string_view ns_disco = "https://disco.invalid/ns/overlay-config";

}  // namespace disco::overlay::xml
