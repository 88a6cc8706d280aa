#include "libcommon/control/args.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>

#include "libcommon/control/text.hpp"

namespace disco::control {

namespace {

using nlohmann::json;

constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t max_resource_id = 255;       // ResourceId opaque<0..2^8-1> (s6.3.1.1)
constexpr std::size_t max_dictionary_key = 65535;  // DictionaryKey opaque<0..2^16-1> (s7.2.3)
constexpr std::size_t max_find_kinds = 63;         // FindReq KindId kinds<0..2^8-1>, 4 bytes each (s7.4.4)
constexpr std::size_t max_kind_name = 255;

bool all_hex_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
}

// Reads one op's args. The first error is kept and later reads return nothing, so a parser reads
// every member straight through and checks ok() once at the end.
class ArgReader {
 public:
  ArgReader(Op op, const json& args, std::initializer_list<std::string_view> allowed) : op_(op), args_(args) {
    if (!args_.is_object()) {
      fail("args must be an object");
      return;
    }
    for (const auto& [key, value] : args_.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        fail("unknown argument " + quote_text(key));
        return;
      }
    }
  }

  [[nodiscard]] bool ok() const { return !error_; }
  [[nodiscard]] ControlError error() const { return *error_; }
  [[nodiscard]] bool has(std::string_view key) const { return ok() && args_.contains(key); }

  void fail(const std::string& message) {
    if (!error_) error_ = ControlError{ErrorCode::bad_request, std::string(to_string(op_)) + ": " + message};
  }

  const json* get(std::string_view key) {
    if (!ok()) return nullptr;
    auto it = args_.find(key);
    return it == args_.end() ? nullptr : &*it;
  }

  std::optional<std::string> string(std::string_view key) {
    const json* j = get(key);
    if (j == nullptr) return std::nullopt;
    if (!j->is_string()) {
      fail(quote_text(key) + " must be a string");
      return std::nullopt;
    }
    return j->get<std::string>();
  }

  std::optional<std::uint64_t> unsigned_int(std::string_view key, std::uint64_t max) {
    const json* j = get(key);
    if (j == nullptr) return std::nullopt;
    auto v = unsigned_value(*j, max);
    if (!v) fail(quote_text(key) + " must be an integer from 0 to " + std::to_string(max));
    return v;
  }

  std::optional<bool> boolean(std::string_view key) {
    const json* j = get(key);
    if (j == nullptr) return std::nullopt;
    if (!j->is_boolean()) {
      fail(quote_text(key) + " must be true or false");
      return std::nullopt;
    }
    return j->get<bool>();
  }

  // Hex without separators, `min`..`max` bytes.
  std::optional<base::Bytes> hex(std::string_view key, std::size_t min, std::size_t max) {
    auto text = string(key);
    if (!text) return std::nullopt;
    return hex_value(*text, key, min, max);
  }

  std::optional<base::Bytes> hex_value(const std::string& text, std::string_view what, std::size_t min,
                                       std::size_t max) {
    auto bytes = all_hex_digits(text) ? base::from_hex(text) : std::nullopt;
    if (!bytes) {
      fail(quote_text(what) + " must be hex digits, two per byte");
      return std::nullopt;
    }
    if (bytes->size() < min || bytes->size() > max) {
      fail(quote_text(what) + " must be " + std::to_string(min) + ".." + std::to_string(max) + " bytes");
      return std::nullopt;
    }
    return bytes;
  }

  // Parsed JSON holds non-negative integers as unsigned; args built in code (json{{"kind", 1}}) hold
  // them as signed, so both are read.
  static std::optional<std::uint64_t> unsigned_value(const json& j, std::uint64_t max) {
    std::uint64_t v = 0;
    if (j.is_number_unsigned()) {
      v = j.get<std::uint64_t>();
    } else if (j.is_number_integer() && j.get<std::int64_t>() >= 0) {
      v = static_cast<std::uint64_t>(j.get<std::int64_t>());
    } else {
      return std::nullopt;
    }
    if (v > max) return std::nullopt;
    return v;
  }

  // Exactly one of "resource" and "resource_id".
  void resource(std::optional<std::string>& name, std::optional<base::Bytes>& id) {
    if (has("resource") == has("resource_id")) {
      fail("give exactly one of 'resource' (a name) and 'resource_id' (hex)");
      return;
    }
    name = string("resource");
    if (name && name->empty()) fail("'resource' must not be empty");
    id = hex("resource_id", 1, max_resource_id);
  }

  std::optional<KindRef> kind_value(const json& j, std::string_view what) {
    if (auto id = unsigned_value(j, u32_max)) return KindRef{static_cast<std::uint32_t>(*id)};
    if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      // A Kind-ID typed on a command line arrives as digits; no kind name is all digits.
      if (!s.empty() && s.size() <= 10 &&
          std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::uint64_t v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);  // <= 10 digits: fits, cannot fail
        if (v <= u32_max) return KindRef{static_cast<std::uint32_t>(v)};
      } else if (!s.empty() && s.size() <= max_kind_name) {
        return KindRef{s};
      }
    }
    fail(quote_text(what) + " must be a kind name or a Kind-ID from 0 to 4294967295");
    return std::nullopt;
  }

  std::optional<KindRef> kind(std::string_view key) {
    const json* j = get(key);
    if (!ok()) return std::nullopt;
    if (j == nullptr) {
      fail("missing " + quote_text(key));
      return std::nullopt;
    }
    return kind_value(*j, key);
  }

  // A JSON array member, or nullptr (and an error if present but not an array).
  const json* array(std::string_view key) {
    const json* j = get(key);
    if (j != nullptr && !j->is_array()) {
      fail(quote_text(key) + " must be an array");
      return nullptr;
    }
    return j;
  }

 private:
  Op op_;
  const json& args_;
  std::optional<ControlError> error_;
};

void resource_to(json& j, const std::optional<std::string>& name, const std::optional<base::Bytes>& id) {
  if (name) j["resource"] = *name;
  if (id) j["resource_id"] = base::to_hex(*id);
}

json kind_to_json(const KindRef& k) {
  if (const auto* id = std::get_if<std::uint32_t>(&k)) return *id;
  return std::get<std::string>(k);
}

base::result<FetchArgs, ControlError> parse_fetch_like(Op op, const json& args) {
  ArgReader r(op, args, {"resource", "resource_id", "kind", "keys", "keys_hex", "indices", "all", "generation"});
  FetchArgs out;
  r.resource(out.resource, out.resource_id);
  if (auto k = r.kind("kind")) out.kind = std::move(*k);
  if (const json* keys = r.array("keys")) {
    for (const auto& k : *keys) {
      if (!k.is_string()) {
        r.fail("'keys' must hold strings (use 'keys_hex' for binary keys)");
        break;
      }
      if (k.get_ref<const std::string&>().size() > max_dictionary_key) {
        r.fail("a key is longer than 65535 bytes");
        break;
      }
      out.keys.push_back(base::to_bytes(k.get_ref<const std::string&>()));
    }
  }
  if (const json* keys = r.array("keys_hex")) {
    for (const auto& k : *keys) {
      if (!k.is_string()) {
        r.fail("'keys_hex' must hold hex strings");
        break;
      }
      auto bytes = r.hex_value(k.get<std::string>(), "keys_hex", 0, max_dictionary_key);
      if (!bytes) break;
      out.keys.push_back(std::move(*bytes));
    }
  }
  if (const json* indices = r.array("indices")) {
    for (const auto& i : *indices) {
      if (auto one = ArgReader::unsigned_value(i, u32_max)) {
        auto v = static_cast<std::uint32_t>(*one);
        out.indices.push_back({v, v});
        continue;
      }
      auto first = i.is_array() && i.size() == 2 ? ArgReader::unsigned_value(i[0], u32_max) : std::nullopt;
      auto last = i.is_array() && i.size() == 2 ? ArgReader::unsigned_value(i[1], u32_max) : std::nullopt;
      if (!first || !last || *first > *last) {
        r.fail("'indices' must hold indices and [first, last] ranges with first <= last (0..4294967295)");
        break;
      }
      out.indices.push_back({static_cast<std::uint32_t>(*first), static_cast<std::uint32_t>(*last)});
    }
  }
  const bool has_keys = r.has("keys") || r.has("keys_hex");
  const bool has_indices = r.has("indices");
  // An empty list would select nothing as far as the args say (all=false), yet an empty
  // DictionarySpecifier fetches every key (s7.4.2.1) and to_args() cannot write it: refused.
  if (has_keys && out.keys.empty()) r.fail("'keys' and 'keys_hex' list no key; leave them out to fetch every value");
  if (has_indices && out.indices.empty()) r.fail("'indices' lists no index; leave it out to fetch every value");
  if (has_keys && has_indices) r.fail("give keys (dictionary) or indices (array), not both");
  auto all = r.boolean("all");
  if (all && *all && (has_keys || has_indices)) r.fail("'all' cannot be combined with keys or indices");
  if (all && !*all && !has_keys && !has_indices) r.fail("'all' is false but no keys or indices were given");
  out.all = all.value_or(!has_keys && !has_indices);
  out.generation = r.unsigned_int("generation", std::numeric_limits<std::uint64_t>::max());
  if (!r.ok()) return base::failure{r.error()};
  return out;
}

json fetch_to_json(const FetchArgs& a) {
  json j = json::object();
  resource_to(j, a.resource, a.resource_id);
  j["kind"] = kind_to_json(a.kind);
  if (!a.keys.empty()) {
    json keys = json::array();
    for (const auto& k : a.keys) keys.push_back(base::to_hex(k));
    j["keys_hex"] = std::move(keys);
  }
  if (!a.indices.empty()) {
    json indices = json::array();
    for (const auto& i : a.indices) indices.push_back(json::array({i.first, i.last}));
    j["indices"] = std::move(indices);
  }
  // "all" is implied when neither keys nor indices are given; sent only when it says otherwise.
  if (a.all != (a.keys.empty() && a.indices.empty())) j["all"] = a.all;
  if (a.generation) j["generation"] = *a.generation;
  return j;
}

base::result<Destination, ControlError> parse_destination(ArgReader& r) {
  int given = 0;
  for (const auto* key : {"destination", "node_id", "resource", "resource_id"}) given += r.has(key) ? 1 : 0;
  if (r.ok() && given != 1) {
    r.fail("give exactly one of 'destination', 'node_id', 'resource' and 'resource_id'");
  }
  Destination d;
  if (auto text = r.string("destination")) {
    if (text->empty()) {
      r.fail("'destination' must not be empty");
    } else if (text->size() % 2 == 0 && text->size() >= 2 * reload::NodeId::min_size &&
               text->size() <= 2 * reload::NodeId::max_size && all_hex_digits(*text)) {
      d.node_id = reload::NodeId::from_hex(*text);
    } else {
      d.resource = std::move(*text);
    }
  }
  if (auto text = r.string("node_id")) {
    d.node_id = all_hex_digits(*text) ? reload::NodeId::from_hex(*text) : std::nullopt;
    if (!d.node_id) r.fail("'node_id' must be 16..20 bytes of hex");
  }
  if (auto name = r.string("resource")) {
    if (name->empty()) r.fail("'resource' must not be empty");
    d.resource = std::move(*name);
  }
  d.resource_id = r.hex("resource_id", 1, max_resource_id);
  if (!r.ok()) return base::failure{r.error()};
  return d;
}

void destination_to(json& j, const Destination& d) {
  if (d.node_id) j["node_id"] = d.node_id->to_hex();
  if (d.resource) j["resource"] = *d.resource;
  if (d.resource_id) j["resource_id"] = base::to_hex(*d.resource_id);
}

}  // namespace

base::result<StoreArgs, ControlError> parse_store_args(const json& args) {
  ArgReader r(
      Op::store, args,
      {"resource", "resource_id", "kind", "key", "key_hex", "index", "value", "value_hex", "exists", "lifetime_s"});
  StoreArgs out;
  r.resource(out.resource, out.resource_id);
  if (auto k = r.kind("kind")) out.kind = std::move(*k);
  const int keyed = (r.has("key") ? 1 : 0) + (r.has("key_hex") ? 1 : 0) + (r.has("index") ? 1 : 0);
  if (keyed > 1) r.fail("give at most one of 'key', 'key_hex' (dictionary) and 'index' (array)");
  if (auto key = r.string("key")) {
    if (key->size() > max_dictionary_key) r.fail("'key' is longer than 65535 bytes");
    out.key = base::to_bytes(*key);
  }
  if (auto key = r.hex("key_hex", 0, max_dictionary_key)) out.key = std::move(*key);
  if (auto index = r.unsigned_int("index", u32_max)) out.index = static_cast<std::uint32_t>(*index);
  out.exists = r.boolean("exists").value_or(true);
  if (r.has("value") && r.has("value_hex")) r.fail("give one of 'value' (text) and 'value_hex', not both");
  if (out.exists && !r.has("value") && !r.has("value_hex")) {
    r.fail("missing 'value' (text) or 'value_hex' (a value with exists=false may omit it)");
  }
  if (auto value = r.string("value")) out.value = base::to_bytes(*value);
  // The line bound (max_request_line) already keeps the value far below DataValue's 2^32-1 (s7.2.1).
  if (auto value = r.hex("value_hex", 0, max_request_line)) out.value = std::move(*value);
  if (auto lifetime = r.unsigned_int("lifetime_s", u32_max)) {
    if (*lifetime == 0) r.fail("'lifetime_s' must be at least 1");
    out.lifetime_s = static_cast<std::uint32_t>(*lifetime);
  }
  if (!r.ok()) return base::failure{r.error()};
  return out;
}

base::result<FetchArgs, ControlError> parse_fetch_args(const json& args) { return parse_fetch_like(Op::fetch, args); }
base::result<StatArgs, ControlError> parse_stat_args(const json& args) { return parse_fetch_like(Op::stat, args); }

base::result<FindArgs, ControlError> parse_find_args(const json& args) {
  ArgReader r(Op::find, args, {"resource", "resource_id", "kinds"});
  FindArgs out;
  r.resource(out.resource, out.resource_id);
  const json* kinds = r.array("kinds");
  if (r.ok() && (kinds == nullptr || kinds->empty() || kinds->size() > max_find_kinds)) {
    r.fail("'kinds' must list 1 to 63 kinds");
  }
  if (kinds != nullptr && r.ok()) {
    for (const auto& k : *kinds) {
      auto kind = r.kind_value(k, "kinds");
      if (!kind) break;
      out.kinds.push_back(std::move(*kind));
    }
  }
  if (!r.ok()) return base::failure{r.error()};
  return out;
}

base::result<PingArgs, ControlError> parse_ping_args(const json& args) {
  ArgReader r(Op::ping, args, {"destination", "node_id", "resource", "resource_id"});
  auto d = parse_destination(r);
  if (!d) return base::failure{d.error()};
  return PingArgs{std::move(*d)};
}

base::result<RouteArgs, ControlError> parse_route_args(const json& args) {
  ArgReader r(Op::route, args, {"destination", "node_id", "resource", "resource_id", "send_update"});
  auto send_update = r.boolean("send_update");
  auto d = parse_destination(r);
  if (!d) return base::failure{d.error()};
  return RouteArgs{std::move(*d), send_update.value_or(false)};
}

base::result<LeaveArgs, ControlError> parse_leave_args(const json& args) {
  auto none = parse_no_args(Op::leave, args);
  if (!none) return base::failure{none.error()};
  return LeaveArgs{};
}

base::result<std::monostate, ControlError> parse_no_args(Op op, const json& args) {
  ArgReader r(op, args, {});
  if (!r.ok()) return base::failure{r.error()};
  return std::monostate{};
}

json to_args(const StoreArgs& a) {
  json j = json::object();
  resource_to(j, a.resource, a.resource_id);
  j["kind"] = kind_to_json(a.kind);
  if (a.key) j["key_hex"] = base::to_hex(*a.key);
  if (a.index) j["index"] = *a.index;
  if (a.exists || !a.value.empty()) j["value_hex"] = base::to_hex(a.value);
  if (!a.exists) j["exists"] = false;
  if (a.lifetime_s) j["lifetime_s"] = *a.lifetime_s;
  return j;
}

json to_args(const FetchArgs& a) { return fetch_to_json(a); }

json to_args(const FindArgs& a) {
  json j = json::object();
  resource_to(j, a.resource, a.resource_id);
  json kinds = json::array();
  for (const auto& k : a.kinds) kinds.push_back(kind_to_json(k));
  j["kinds"] = std::move(kinds);
  return j;
}

json to_args(const PingArgs& a) {
  json j = json::object();
  destination_to(j, a.destination);
  return j;
}

json to_args(const RouteArgs& a) {
  json j = json::object();
  destination_to(j, a.destination);
  if (a.send_update) j["send_update"] = true;
  return j;
}

json to_args(const LeaveArgs& /*unused*/) { return json::object(); }

std::string to_string(const KindRef& kind) {
  if (const auto* id = std::get_if<std::uint32_t>(&kind)) return std::to_string(*id);
  return std::get<std::string>(kind);
}

}  // namespace disco::control
