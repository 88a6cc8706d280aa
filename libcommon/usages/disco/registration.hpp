#pragma once
// The DisCo-Registration kind (README.md, our design after DIGEST.md s15): which foci serve a
// conference URI, where to reach them and where they sit in the network.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/destination.hpp"
#include "libcommon/reload/msg/kind_table.hpp"
#include "libcommon/storage/kind_registry.hpp"
#include "libcommon/usages/share/acl_item.hpp"

namespace disco::discoreg {

// A private Kind-ID (RFC 6940 s14.6): the first one, 0xF0000001, is DISCO-NOTE in our overlays.
inline constexpr reload::msg::KindId kind_id = 0xF0000002;
inline constexpr std::string_view kind_name = "DISCO-REGISTRATION";
// RFC 8076 s5.1's example pattern: "<anything>-conf-<user>@<domain>" belongs to <user>@<domain>.
inline constexpr std::string_view name_pattern = ".*-conf-$USER@$DOMAIN";
// One focus per Node-ID key; a conference with more foci than this is not one we serve.
inline constexpr std::uint32_t max_foci = 1000;
inline constexpr std::uint32_t max_value_size = 4096;
// The coordinates field holds coord::to_json() text; a coordinate of kMaxDimensions components and
// 32 landmark names fits well below this.
inline constexpr std::size_t max_coordinates_length = 2048;
inline constexpr std::size_t max_uri_length = 1024;
inline constexpr std::size_t max_destinations = 16;

// The kind-blocks `reload-node init` writes: DISCO-REGISTRATION and ACCESS-CONTROL-LIST (RFC 8076
// s7), both USER-CHAIN-ACL with variable names matching name_pattern.
storage::KindDefinition registration_kind();
storage::KindDefinition acl_kind();

enum class ContactType : std::uint8_t { focus_uri = 1, focus_node = 2 };

struct Registration {
  share::ResourceNameExtension res_name_ext;  // the conference URI without its scheme
  ContactType type = ContactType::focus_uri;
  std::string focus_uri;                               // focus_uri: the focus's SIP contact
  std::vector<reload::msg::Destination> destinations;  // focus_node: how to reach the focus peer
  std::string coordinates;                             // coord::to_json() text (UTF-8 JSON), empty when unknown
  friend bool operator==(const Registration&, const Registration&) = default;
};

struct RegistrationError {
  std::string message;
};

// The wire form (README.md "Wire structure"); refuses what breaks the bounds above.
base::result<base::Bytes, RegistrationError> encode(const Registration& r);
base::result<Registration, RegistrationError> decode_registration(base::BytesView bytes);

// "sip:team-conf-alice@example.org" -> "team-conf-alice@example.org" (the Resource Name, README.md);
// a name without a scheme is returned as it is.
std::string resource_name_of_uri(std::string_view conference_uri);

}  // namespace disco::discoreg
