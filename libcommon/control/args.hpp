#pragma once
// Typed arguments of each op, parsed from a request's "args" object (README.md is the reference).
// Pure functions: every error is a bad_request naming the op and the argument. Unknown members are
// refused, so a misspelt "value_hx" is an error rather than a silently empty value. to_args()
// builds the object a tool sends, and parse_*(to_args(x)) == x.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/result.hpp"
#include "libcommon/control/error.hpp"
#include "libcommon/control/protocol.hpp"
#include "libcommon/reload/ids/node_id.hpp"

namespace disco::control {

// A kind by Kind-ID (RFC 6940 s7.4.5) or by the name the overlay configuration gives it; the node
// resolves names against its kind registry. JSON: a number, a string of decimal digits, or a name.
using KindRef = std::variant<std::uint32_t, std::string>;

// ArrayRange (s7.4.2.1): indices first..last, both included. JSON: [first, last] or one index.
struct IndexRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  friend bool operator==(const IndexRange&, const IndexRange&) = default;
};

// Where a ping or route query goes: exactly one member is set. JSON: "node_id" (hex),
// "resource" (name, hashed by the node), "resource_id" (hex), or "destination", which is a Node-ID
// when it is 32..40 hex digits (16..20 bytes, s6.3.1.1) and a resource name otherwise.
struct Destination {
  std::optional<reload::NodeId> node_id;
  std::optional<std::string> resource;
  std::optional<base::Bytes> resource_id;
  friend bool operator==(const Destination&, const Destination&) = default;
};

// In every struct below, exactly one of `resource` (a name the node hashes to a Resource-ID with the
// overlay's hash, s6.3.1.1/s7.1.1) and `resource_id` (1..255 bytes, opaque<0..2^8-1>) is set.

// One value (s7.4.1). `key` for a dictionary kind, `index` for an array kind, neither for a single
// value. JSON value: "value" (UTF-8 text) or "value_hex"; key: "key" (UTF-8) or "key_hex".
struct StoreArgs {
  std::optional<std::string> resource;
  std::optional<base::Bytes> resource_id;
  KindRef kind = std::uint32_t{0};
  std::optional<base::Bytes> key;
  std::optional<std::uint32_t> index;  // 0xffffffff appends (s7.4.1)
  base::Bytes value;
  bool exists = true;                       // false stores a tombstone (s7.2)
  std::optional<std::uint32_t> lifetime_s;  // StoredData.lifetime; absent: the node's default
  friend bool operator==(const StoreArgs&, const StoreArgs&) = default;
};

// One StoredDataSpecifier (s7.4.2.1). At most one of keys (dictionary) and indices (array); `all`
// asks for every value whatever the model, and is the default when neither is given. JSON keys:
// "keys" (UTF-8 strings) and/or "keys_hex", in that order.
struct FetchArgs {
  std::optional<std::string> resource;
  std::optional<base::Bytes> resource_id;
  KindRef kind = std::uint32_t{0};
  std::vector<base::Bytes> keys;
  std::vector<IndexRange> indices;
  bool all = true;
  std::optional<std::uint64_t> generation;  // s7.4.2.1: values only if the kind's generation differs
  friend bool operator==(const FetchArgs&, const FetchArgs&) = default;
};

// Stat (s7.4.3) selects values exactly as Fetch does.
using StatArgs = FetchArgs;

// s7.4.4: FindReq carries KindId kinds<0..2^8-1>, so 1..63 kinds.
struct FindArgs {
  std::optional<std::string> resource;
  std::optional<base::Bytes> resource_id;
  std::vector<KindRef> kinds;
  friend bool operator==(const FindArgs&, const FindArgs&) = default;
};

// Ping (s6.5.3).
struct PingArgs {
  Destination destination;
  friend bool operator==(const PingArgs&, const PingArgs&) = default;
};

// RouteQueryReq (s6.4.2.4).
struct RouteArgs {
  Destination destination;
  bool send_update = false;
  friend bool operator==(const RouteArgs&, const RouteArgs&) = default;
};

struct LeaveArgs {
  friend bool operator==(const LeaveArgs&, const LeaveArgs&) = default;
};

base::result<StoreArgs, ControlError> parse_store_args(const nlohmann::json& args);
base::result<FetchArgs, ControlError> parse_fetch_args(const nlohmann::json& args);
base::result<StatArgs, ControlError> parse_stat_args(const nlohmann::json& args);
base::result<FindArgs, ControlError> parse_find_args(const nlohmann::json& args);
base::result<PingArgs, ControlError> parse_ping_args(const nlohmann::json& args);
base::result<RouteArgs, ControlError> parse_route_args(const nlohmann::json& args);
base::result<LeaveArgs, ControlError> parse_leave_args(const nlohmann::json& args);
// status, fingers, successors, stored (and leave): args must be {}.
base::result<std::monostate, ControlError> parse_no_args(Op op, const nlohmann::json& args);

nlohmann::json to_args(const StoreArgs& a);
nlohmann::json to_args(const FetchArgs& a);  // also StatArgs
nlohmann::json to_args(const FindArgs& a);
nlohmann::json to_args(const PingArgs& a);
nlohmann::json to_args(const RouteArgs& a);
nlohmann::json to_args(const LeaveArgs& a);

// "SIP-REGISTRATION" or "42", for messages and text output.
std::string to_string(const KindRef& kind);

}  // namespace disco::control
