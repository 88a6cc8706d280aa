#pragma once
// The IANA-registered kinds this implementation supports (RFC 6940 s14.6, RFC 7904): the only
// names a <kind name="..."> may use, and the data model and access control the registry fixes.

#include <cstdint>
#include <span>
#include <string_view>

#include "libcommon/reload/msg/kind_table.hpp"
#include "libcommon/storage/kind_registry.hpp"

namespace disco::overlay {

struct IanaKind {
  reload::msg::KindId id;
  std::string_view name;
  reload::msg::DataModel model;
  storage::AccessPolicy policy;
  std::uint32_t max_node_multiple;  // NODE-MULTIPLE only
};

// REDIR (RFC 7374) is not supported yet.
const IanaKind* find_iana_kind(std::string_view name);  // case-insensitive
const IanaKind* find_iana_kind(reload::msg::KindId id);
std::span<const IanaKind> supported_iana_kinds();

}  // namespace disco::overlay
