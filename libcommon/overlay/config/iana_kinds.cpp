#include "libcommon/overlay/config/iana_kinds.hpp"

#include <array>
#include <cctype>

namespace disco::overlay {

namespace {
using reload::msg::DataModel;
using storage::AccessPolicy;
namespace kinds = reload::msg::kinds;

constexpr std::array<IanaKind, 5> table{{
    // RFC 7904 s3: dictionary keyed by Node-ID, USER-NODE-MATCH.
    {kinds::sip_registration, "SIP-REGISTRATION", DataModel::dictionary, AccessPolicy::user_node_match, 0},
    // RFC 6940 s9: single value at H(Node-ID || d), NODE-MULTIPLE with i up to 20.
    {kinds::turn_service, "TURN-SERVICE", DataModel::single_value, AccessPolicy::node_multiple, 20},
    // RFC 6940 s8: arrays, new certificates appended.
    {kinds::certificate_by_node, "CERTIFICATE_BY_NODE", DataModel::array, AccessPolicy::node_match, 0},
    {kinds::certificate_by_user, "CERTIFICATE_BY_USER", DataModel::array, AccessPolicy::user_match, 0},
    // RFC 8076 s7: array (indices per s3.1), USER-CHAIN-ACL.
    {kinds::access_control_list, "ACCESS-CONTROL-LIST", DataModel::array, AccessPolicy::user_chain_acl, 0},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  return true;
}
}  // namespace

const IanaKind* find_iana_kind(std::string_view name) {
  for (const auto& k : table)
    if (iequals(k.name, name)) return &k;
  return nullptr;
}

const IanaKind* find_iana_kind(reload::msg::KindId id) {
  for (const auto& k : table)
    if (k.id == id) return &k;
  return nullptr;
}

std::span<const IanaKind> supported_iana_kinds() { return table; }

}  // namespace disco::overlay
