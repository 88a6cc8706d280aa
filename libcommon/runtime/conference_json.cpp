#include "libcommon/runtime/conference_json.hpp"

#include "libcommon/conference/enums.hpp"

namespace disco::runtime {

using nlohmann::ordered_json;

void add_change(ordered_json& event, const conference::Change& change) {
  if (!change.user.empty()) event["user"] = change.user;
  if (!change.endpoint.empty()) event["endpoint"] = change.endpoint;
  if (!change.media.empty()) event["media"] = change.media;
  ordered_json fields = ordered_json::object();
  for (const auto& f : change.fields) fields[f.name] = f.value ? ordered_json(*f.value) : ordered_json(nullptr);
  event["fields"] = std::move(fields);
}

namespace {
template <class T>
void put(ordered_json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}
template <class E>
void put_enum(ordered_json& j, const char* key, const std::optional<E>& v) {
  if (v) j[key] = std::string(conference::to_string(*v));
}
}  // namespace

ordered_json to_json(const conference::ConferenceInfo& info) {
  ordered_json out = ordered_json::object();
  out["entity"] = info.entity;
  if (info.conference_state) {
    put(out, "user_count", info.conference_state->user_count);
    put(out, "active", info.conference_state->active);
    put(out, "locked", info.conference_state->locked);
  }
  ordered_json users = ordered_json::array();
  if (info.users) {
    for (const auto& u : info.users->users) {
      ordered_json user = {{"entity", u.entity}};
      put(user, "display_text", u.display_text);
      ordered_json endpoints = ordered_json::array();
      for (const auto& ep : u.endpoints) {
        ordered_json endpoint = {{"entity", ep.entity}};
        put(endpoint, "display_text", ep.display_text);
        put_enum(endpoint, "status", ep.status);
        put_enum(endpoint, "joining_method", ep.joining_method);
        ordered_json media = ordered_json::array();
        for (const auto& m : ep.media) {
          ordered_json medium = {{"id", m.id}};
          put(medium, "type", m.type);
          put_enum(medium, "status", m.status);
          media.push_back(std::move(medium));
        }
        endpoint["media"] = std::move(media);
        endpoints.push_back(std::move(endpoint));
      }
      user["endpoints"] = std::move(endpoints);
      users.push_back(std::move(user));
    }
  }
  out["users"] = std::move(users);
  return out;
}

}  // namespace disco::runtime
