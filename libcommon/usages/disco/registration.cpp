#include "libcommon/usages/disco/registration.hpp"

#include <fmt/format.h>

#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::discoreg {

namespace msg = reload::msg;

namespace {

storage::KindDefinition shared_kind(msg::KindId id, std::string name, msg::DataModel model, std::uint32_t max_count,
                                    std::uint32_t max_size) {
  storage::KindDefinition k;
  k.id = id;
  k.name = std::move(name);
  k.model = model;
  k.policy = storage::AccessPolicy::user_chain_acl;
  k.max_count = max_count;
  k.max_size = max_size;
  k.variable_names = true;
  k.name_patterns = {std::string(name_pattern)};
  return k;
}

RegistrationError error(std::string m) { return RegistrationError{std::move(m)}; }

}  // namespace

storage::KindDefinition registration_kind() {
  return shared_kind(kind_id, std::string(kind_name), msg::DataModel::dictionary, max_foci, max_value_size);
}

// RFC 8076 s3.1 gives each writer 256 indices; a few grants per focus is all DisCo needs.
storage::KindDefinition acl_kind() {
  return shared_kind(msg::kinds::access_control_list, "ACCESS-CONTROL-LIST", msg::DataModel::array, 4 * max_foci, 1024);
}

base::result<base::Bytes, RegistrationError> encode(const Registration& r) {
  if (r.coordinates.size() > max_coordinates_length) return base::failure{error("coordinates longer than 2048 bytes")};
  auto ext = share::encode(r.res_name_ext);
  if (!ext) return base::failure{error(ext.error().message)};
  const msg::CodecContext ctx;
  wire::Writer w;
  w.raw(*ext);
  w.u8(static_cast<std::uint8_t>(r.type));
  switch (r.type) {
    case ContactType::focus_uri:
      if (r.focus_uri.empty() || r.focus_uri.size() > max_uri_length)
        return base::failure{error("a focus URI must have 1..1024 bytes")};
      w.prefixed(2, "length", [&] { w.opaque(2, base::as_bytes(r.focus_uri), "uri"); });
      break;
    case ContactType::focus_node:
      if (r.destinations.empty() || r.destinations.size() > max_destinations)
        return base::failure{error("a destination list must have 1..16 entries")};
      w.prefixed(2, "length", [&] {
        w.prefixed(2, "dest_list", [&] {
          for (const auto& d : r.destinations) msg::encode(w, d, ctx);
        });
      });
      break;
    default: return base::failure{error(fmt::format("contact type {} has no encoding", static_cast<int>(r.type)))};
  }
  w.opaque(2, base::as_bytes(r.coordinates), "coordinates");
  if (!w.ok()) return base::failure{error(w.error()->message())};
  return std::move(w).take();
}

base::result<Registration, RegistrationError> decode_registration(base::BytesView bytes) {
  Registration r;
  auto ext = share::decode_name_extension(bytes);
  if (!ext) return base::failure{error(ext.error().message)};
  if (ext->ext.type != share::resource_name_type_pattern)
    return base::failure{error("ResourceNameExtension is not of type pattern")};
  r.res_name_ext = std::move(ext->ext);
  const msg::CodecContext ctx;
  wire::Reader rd(bytes.subspan(ext->consumed));
  const auto type = rd.u8("type");
  const auto body = rd.opaque(2, "length");
  const auto coordinates = rd.opaque(2, "coordinates");
  rd.expect_end("DisCoRegistration");
  if (!rd.ok()) return base::failure{error(rd.error()->message())};
  if (coordinates.size() > max_coordinates_length) return base::failure{error("coordinates longer than 2048 bytes")};
  r.coordinates.assign(coordinates.begin(), coordinates.end());
  wire::Reader in(body);
  switch (type) {
    case static_cast<std::uint8_t>(ContactType::focus_uri): {
      r.type = ContactType::focus_uri;
      const auto uri = in.opaque(2, "uri");
      in.expect_end("focus_uri");
      if (!in.ok()) return base::failure{error(in.error()->message())};
      if (uri.empty() || uri.size() > max_uri_length)
        return base::failure{error("a focus URI must have 1..1024 bytes")};
      r.focus_uri.assign(uri.begin(), uri.end());
      break;
    }
    case static_cast<std::uint8_t>(ContactType::focus_node): {
      r.type = ContactType::focus_node;
      in.list(2, "dest_list", [&](wire::Reader& e) {
        msg::Destination d;
        msg::decode(e, d, ctx);
        r.destinations.push_back(std::move(d));
      });
      in.expect_end("focus_node");
      if (!in.ok()) return base::failure{error(in.error()->message())};
      if (r.destinations.empty() || r.destinations.size() > max_destinations)
        return base::failure{error("a destination list must have 1..16 entries")};
      break;
    }
    default: return base::failure{error(fmt::format("unknown contact type {}", type))};
  }
  return r;
}

std::string resource_name_of_uri(std::string_view uri) {
  for (std::string_view scheme : {"sips:", "sip:"}) {
    if (uri.size() >= scheme.size()) {
      bool same = true;
      for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(uri[i])) != scheme[i]) same = false;
      if (same) return std::string(uri.substr(scheme.size()));
    }
  }
  return std::string(uri);
}

}  // namespace disco::discoreg
