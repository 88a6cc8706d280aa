#include "libcommon/cli/disco_ops.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "libcommon/storage/digest.hpp"
#include "libcommon/storage/share_policy.hpp"
#include "libcommon/usages/disco/registration.hpp"
#include "libcommon/usages/share/array_index.hpp"

namespace disco::cli::disco_ops {

using control::ErrorCode;
using control::Op;
using nlohmann::json;

namespace {

ControlError error(ErrorCode code, std::string message) { return ControlError{code, std::move(message)}; }

reload::ResourceId resource_id(const std::string& name) { return storage::overlay_hash(base::as_bytes(name)); }

bool owns(const std::string& user, const std::string& name) {
  return storage::is_resource_owner(discoreg::registration_kind(), resource_id(name), user, {name});
}

std::optional<base::Bytes> hex_member(const json& v, const char* name) {
  if (!v.contains(name) || !v[name].is_string()) return std::nullopt;
  return base::from_hex(v[name].get<std::string>());
}

// Stat, then Fetch the listed keys or indices in batches (RFC 8076 s6.5).
base::result<std::vector<json>, ControlError> fetch_all(Session& s, const std::string& name, reload::msg::KindId kind,
                                                        bool dictionary) {
  auto stat = s.client.call(Op::stat, json{{"resource", name}, {"kind", kind}}, s.timeout);
  if (!stat) return base::failure{stat.error()};
  std::vector<json> slots;
  for (const auto& v : (*stat)["values"]) {
    if (!v.value("exists", false)) continue;
    if (dictionary && v.contains("key_hex")) slots.push_back(v["key_hex"]);
    if (!dictionary && v.contains("index")) slots.push_back(v["index"]);
  }
  std::vector<json> out;
  const std::size_t per_fetch = dictionary ? registration_batch : acl_batch;
  for (std::size_t at = 0; at < slots.size(); at += per_fetch) {
    json batch = json::array();
    for (std::size_t i = at; i < std::min(slots.size(), at + per_fetch); ++i) batch.push_back(slots[i]);
    json args{{"resource", name}, {"kind", kind}};
    args[dictionary ? "keys_hex" : "indices"] = batch;
    auto got = s.client.call(Op::fetch, args, s.timeout);
    if (!got) return base::failure{got.error()};
    for (auto& v : (*got)["values"])
      if (v.value("exists", false)) out.push_back(std::move(v));
  }
  return out;
}

base::result<json, ControlError> store(Session& s, const json& args) {
  return s.client.call(Op::store, args, s.timeout);
}

std::string scheme_less(const std::string& conference) { return discoreg::resource_name_of_uri(conference); }

// The index for an item this node's user signs: the one it already uses for (to_user, kind), else
// the lowest counter of its s3.1 range no item occupies (the root prefers counter 0).
base::result<std::uint32_t, ControlError> index_for(const Session& s, const std::vector<share::SignedAclItem>& acl,
                                                    const std::string& to_user) {
  std::set<std::uint32_t> used;
  for (const auto& e : acl) {
    if (e.signer == s.user && e.item.to_user == to_user && e.item.kind == discoreg::kind_id &&
        share::index_belongs_to(e.index, s.node_id))
      return e.index;
    used.insert(e.index);
  }
  for (unsigned c = 0; c < 256; ++c) {
    const auto index = share::share_index(s.node_id, static_cast<std::uint8_t>(c));
    if (!used.contains(index)) return index;
  }
  return base::failure{error(ErrorCode::refused, "all 256 ACL indices of this node are in use (RFC 8076 s3.1)")};
}

base::result<json, ControlError> store_item(Session& s, const std::string& name, std::uint32_t index,
                                            const share::AccessControlListItem& item, std::uint32_t lifetime) {
  auto bytes = share::encode(item, true);
  if (!bytes) return base::failure{error(ErrorCode::bad_request, bytes.error().message)};
  return store(s, json{{"resource", name},
                       {"kind", reload::msg::kinds::access_control_list},
                       {"index", index},
                       {"value_hex", base::to_hex(*bytes)},
                       {"lifetime_s", lifetime}});
}

}  // namespace

base::result<Session, ControlError> open_session(const std::string& control_path, Timeout timeout) {
  auto client = control::ControlClient::connect(control_path, timeout);
  if (!client) return base::failure{client.error()};
  auto status = client->call(Op::status, json::object(), timeout);
  if (!status) return base::failure{status.error()};
  auto node = reload::NodeId::from_hex(status->value("node_id", ""));
  if (!node || !status->contains("user")) return base::failure{error(ErrorCode::internal, "status lacks node_id/user")};
  return Session{std::move(*client), *node, (*status)["user"].get<std::string>(), timeout};
}

base::result<std::vector<share::SignedAclItem>, ControlError> fetch_acl(Session& s, const std::string& name) {
  auto values = fetch_all(s, name, reload::msg::kinds::access_control_list, false);
  if (!values) return base::failure{values.error()};
  std::vector<share::SignedAclItem> out;
  for (const auto& v : *values) {
    auto bytes = hex_member(v, "value_hex");
    if (!bytes || !v.contains("signer") || !v.contains("index")) continue;
    auto item = share::decode_acl_item(*bytes, discoreg::acl_kind().variable_names);
    if (!item) continue;
    out.push_back({v["index"].get<std::uint32_t>(), std::move(*item), v["signer"].get<std::string>()});
  }
  return out;
}

base::result<std::vector<discoreg::FetchedEntry>, ControlError> fetch_registrations(Session& s,
                                                                                    const std::string& name) {
  auto values = fetch_all(s, name, discoreg::kind_id, true);
  if (!values) return base::failure{values.error()};
  std::vector<discoreg::FetchedEntry> out;
  for (const auto& v : *values) {
    auto key = hex_member(v, "key_hex");
    auto bytes = hex_member(v, "value_hex");
    if (!key || !bytes || !v.contains("signer")) continue;
    discoreg::FetchedEntry e;
    e.key = std::move(*key);
    e.value = std::move(*bytes);
    e.signer_user = v["signer"].get<std::string>();
    if (auto n = reload::NodeId::from_hex(v.value("signer_node_id", ""))) e.signer_node_ids.push_back(*n);
    e.lifetime_s = v.value("lifetime_s", std::uint32_t{0});
    out.push_back(std::move(e));
  }
  return out;
}

base::result<json, ControlError> register_focus(Session& s, const RegisterRequest& r) {
  const auto name = scheme_less(r.conference);
  json out{{"conference", r.conference}, {"resource", name}, {"node_id", s.node_id.to_hex()}, {"user", s.user}};
  const bool owner = owns(s.user, name);
  out["owner"] = owner;
  if (owner && r.create_root) {
    auto acl = fetch_acl(s, name);
    if (!acl) return base::failure{acl.error()};
    const bool has_root = std::any_of(acl->begin(), acl->end(), [&](const share::SignedAclItem& e) {
      return e.signer == s.user && e.item.to_user == s.user && e.item.kind == discoreg::kind_id &&
             e.item.allow_delegation;
    });
    if (!has_root) {
      auto index = index_for(s, *acl, s.user);
      if (!index) return base::failure{index.error()};
      share::AccessControlListItem root{share::ResourceNameExtension{share::resource_name_type_pattern, name}, s.user,
                                        discoreg::kind_id, true};
      auto stored = store_item(s, name, *index, root, r.acl_lifetime_s);
      if (!stored) return base::failure{stored.error()};
      out["root_index"] = *index;
    }
  }
  discoreg::Registration reg;
  reg.res_name_ext = share::ResourceNameExtension{share::resource_name_type_pattern, name};
  if (r.contact.empty()) {
    reg.type = discoreg::ContactType::focus_node;
    reg.destinations.push_back(reload::msg::Destination{s.node_id});
  } else {
    reg.focus_uri = r.contact;
  }
  if (r.coords) reg.coordinates = coord::to_json(*r.coords).dump();
  auto bytes = discoreg::encode(reg);
  if (!bytes) return base::failure{error(ErrorCode::bad_request, bytes.error().message)};
  auto stored = store(s, json{{"resource", name},
                              {"kind", discoreg::kind_id},
                              {"key_hex", s.node_id.to_hex()},
                              {"value_hex", base::to_hex(*bytes)},
                              {"lifetime_s", r.lifetime_s}});
  if (!stored) return base::failure{stored.error()};
  out["lifetime_s"] = r.lifetime_s;
  out["generation"] = (*stored)["generation"];
  return out;
}

base::result<json, ControlError> withdraw(Session& s, const std::string& conference, std::uint32_t lifetime_s) {
  const auto name = scheme_less(conference);
  auto stored = store(s, json{{"resource", name},
                              {"kind", discoreg::kind_id},
                              {"key_hex", s.node_id.to_hex()},
                              {"exists", false},
                              {"lifetime_s", lifetime_s}});
  if (!stored) return base::failure{stored.error()};
  return json{{"conference", conference}, {"resource", name}, {"node_id", s.node_id.to_hex()}, {"withdrawn", true}};
}

base::result<json, ControlError> grant(Session& s, const std::string& conference, const std::string& user,
                                       bool delegate, std::uint32_t acl_lifetime_s) {
  const auto name = scheme_less(conference);
  auto acl = fetch_acl(s, name);
  if (!acl) return base::failure{acl.error()};
  auto index = index_for(s, *acl, user);
  if (!index) return base::failure{index.error()};
  share::AccessControlListItem item{share::ResourceNameExtension{share::resource_name_type_pattern, name}, user,
                                    discoreg::kind_id, delegate};
  auto stored = store_item(s, name, *index, item, acl_lifetime_s);
  if (!stored) return base::failure{stored.error()};
  return json{{"conference", conference}, {"resource", name}, {"granted", user},
              {"delegate", delegate},     {"index", *index},  {"by", s.user}};
}

base::result<json, ControlError> revoke(Session& s, const std::string& conference, const std::string& user,
                                        std::uint32_t acl_lifetime_s) {
  const auto name = scheme_less(conference);
  auto acl = fetch_acl(s, name);
  if (!acl) return base::failure{acl.error()};
  const bool owner = owns(s.user, name);
  json indices = json::array();
  for (const auto& e : *acl) {
    if (e.item.to_user != user || e.item.kind != discoreg::kind_id || (e.signer != s.user && !owner)) continue;
    auto stored = store(s, json{{"resource", name},
                                {"kind", reload::msg::kinds::access_control_list},
                                {"index", e.index},
                                {"exists", false},
                                {"lifetime_s", acl_lifetime_s}});
    if (!stored) return base::failure{stored.error()};
    indices.push_back(e.index);
  }
  if (indices.empty())
    return base::failure{error(ErrorCode::not_found, fmt::format("no ACL item of yours grants {} here", user))};
  return json{{"conference", conference}, {"resource", name}, {"revoked", user}, {"indices", indices}};
}

base::result<discoreg::LookupResult, ControlError> lookup(Session& s, const std::string& conference,
                                                          const std::optional<coord::Coordinate>& me) {
  const auto name = scheme_less(conference);
  auto entries = fetch_registrations(s, name);
  if (!entries) return base::failure{entries.error()};
  std::vector<share::SignedAclItem> acl;
  if (!entries->empty()) {
    auto got = fetch_acl(s, name);
    if (!got) return base::failure{got.error()};
    acl = std::move(*got);
  }
  return discoreg::select_foci(name, *entries, acl, me);
}

std::string contact_of(const discoreg::Focus& f) {
  if (f.registration.type == discoreg::ContactType::focus_uri) return f.registration.focus_uri;
  std::string out;
  for (const auto& d : f.registration.destinations) {
    if (!out.empty()) out += ',';
    if (const auto* n = std::get_if<reload::NodeId>(&d.value)) {
      out += "node:" + n->to_hex();
    } else {
      out += "destination";
    }
  }
  return out;
}

nlohmann::ordered_json focus_json(const discoreg::Focus& f) {
  nlohmann::ordered_json j;
  j["node_id"] = f.node_id.to_hex();
  j["user"] = f.signer_user;
  j["contact"] = contact_of(f);
  j["contact_type"] = f.registration.type == discoreg::ContactType::focus_uri ? "uri" : "node";
  j["coordinates"] = f.coordinates ? nlohmann::ordered_json::parse(coord::to_json(*f.coordinates).dump())
                                   : nlohmann::ordered_json(nullptr);
  j["distance"] = f.distance ? nlohmann::ordered_json(*f.distance) : nlohmann::ordered_json(nullptr);
  j["lifetime_s"] = f.lifetime_s;
  return j;
}

std::string lookup_text(const std::vector<discoreg::Focus>& foci) {
  std::string out = fmt::format("{:<32}  {:>10}  {:>8}  {}\n", "NODE-ID", "DISTANCE", "LIFETIME", "CONTACT");
  for (const auto& f : foci) {
    const auto distance = f.distance ? fmt::format("{:.1f}", *f.distance) : std::string("-");
    out += fmt::format("{:<32}  {:>10}  {:>7}s  {}\n", f.node_id.to_hex(), distance, f.lifetime_s, contact_of(f));
  }
  return out;
}

}  // namespace disco::cli::disco_ops
