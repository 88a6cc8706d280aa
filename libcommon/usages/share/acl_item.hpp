#pragma once
// The ACCESS-CONTROL-LIST kind's value (RFC 8076 s4.2) and the ResourceNameExtension that opens every
// value of a kind with variable resource names (s5.2), with their codecs.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/reload/msg/kind_table.hpp"

namespace disco::share {

// s5.2: enum { pattern(1), (255) } ResourceNameType.
inline constexpr std::uint8_t resource_name_type_pattern = 1;
// Resource names are conference URIs and user names; a name this long is hostile. The pattern
// match (name_pattern.hpp) also refuses longer input, so the regex engine never sees it.
inline constexpr std::size_t max_resource_name_length = 1024;

struct ResourceNameExtension {
  std::uint8_t type = resource_name_type_pattern;
  std::string resource_name;  // type pattern: the Resource Name of the stored value
  friend bool operator==(const ResourceNameExtension&, const ResourceNameExtension&) = default;
};

// s4.2. res_name_ext is on the wire only when the ACL kind's kind-block enables variable names.
struct AccessControlListItem {
  std::optional<ResourceNameExtension> res_name_ext;
  std::string to_user;
  reload::msg::KindId kind = 0;
  bool allow_delegation = false;
  friend bool operator==(const AccessControlListItem&, const AccessControlListItem&) = default;
};

struct CodecError {
  std::string message;
};

// ResourceNameType type; uint16 length; select(type) { pattern: opaque resource_name<0..2^16-1>; }.
// Writing fails only for a name longer than max_resource_name_length.
base::result<base::Bytes, CodecError> encode(const ResourceNameExtension& ext);
// Reads one ResourceNameExtension from the front of `bytes` and says how many bytes it took. A type
// other than pattern is skipped by its length (s5.2: "allow for further extensions") and returned
// with an empty name; callers that need a name refuse it.
struct NameExtensionRead {
  ResourceNameExtension ext;
  std::size_t consumed = 0;
};
base::result<NameExtensionRead, CodecError> decode_name_extension(base::BytesView bytes);

// `with_name_extension` says whether res_name_ext is on the wire (the kind-block's
// variable-resource-names enable flag, s4.2); encode refuses an item whose res_name_ext presence
// disagrees with it. decode refuses trailing bytes.
base::result<base::Bytes, CodecError> encode(const AccessControlListItem& item, bool with_name_extension);
base::result<AccessControlListItem, CodecError> decode_acl_item(base::BytesView bytes, bool with_name_extension);

}  // namespace disco::share
