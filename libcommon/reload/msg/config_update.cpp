#include "libcommon/reload/msg/config_update.hpp"

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

ConfigUpdateType ConfigUpdateReq::type() const {
  return std::visit(base::overloaded{
                        [](const ConfigUpdateConfig&) { return ConfigUpdateType::config; },
                        [](const ConfigUpdateKinds&) { return ConfigUpdateType::kind; },
                        [](const UnknownConfigUpdate& u) { return static_cast<ConfigUpdateType>(u.type); },
                    },
                    value);
}

void encode(wire::Writer& w, const ConfigUpdateReq& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("ConfigUpdateReq");
  std::visit(base::overloaded{
                 [&](const ConfigUpdateConfig& c) {
                   w.u8(static_cast<std::uint8_t>(ConfigUpdateType::config));
                   w.prefixed(4, "length", [&] { w.opaque(3, c.config_data, "config_data"); });
                 },
                 [&](const ConfigUpdateKinds& k) {
                   w.u8(static_cast<std::uint8_t>(ConfigUpdateType::kind));
                   w.prefixed(4, "length", [&] {
                     w.prefixed(3, "kinds", [&] {
                       for (const auto& kind : k.kinds) w.opaque(2, kind, "KindDescription");
                     });
                   });
                 },
                 [&](const UnknownConfigUpdate& u) {
                   if (u.type == 0 || u.type == static_cast<std::uint8_t>(ConfigUpdateType::config) ||
                       u.type == static_cast<std::uint8_t>(ConfigUpdateType::kind)) {
                     w.fail(wire::errc::invalid_value, "type");
                   }
                   w.u8(u.type);
                   w.opaque(4, u.data, "length");
                 },
             },
             v.value);
}

void decode(wire::Reader& r, ConfigUpdateReq& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ConfigUpdateReq");
  const auto type = r.u8("type");
  if (r.ok() && type == 0) {
    r.fail(wire::errc::invalid_value, "type", 1);
    return;
  }
  const std::size_t length_at = r.position();
  const std::uint32_t length = r.u32("length");
  if (!r.ok()) return;
  switch (static_cast<ConfigUpdateType>(type)) {
    case ConfigUpdateType::config: {
      auto data = r.opaque(3, "config_data");
      out.value = ConfigUpdateConfig{{data.begin(), data.end()}};
      break;
    }
    case ConfigUpdateType::kind: {
      ConfigUpdateKinds k;
      r.list(3, "kinds", [&](wire::Reader& item) {
        auto kind = item.opaque(2, "KindDescription");
        if (item.ok()) k.kinds.emplace_back(kind.begin(), kind.end());
      });
      out.value = std::move(k);
      break;
    }
    default: {
      auto data = r.fixed(length, "length");
      out.value = UnknownConfigUpdate{type, {data.begin(), data.end()}};
      return;
    }
  }
  // The select body is self-delimiting, so length is redundant for known types; a sender whose
  // two lengths disagree is broken, and guessing which one is right could misparse a signed body.
  const std::size_t body = r.position() - length_at - 4;
  if (r.ok() && body != length) r.fail(wire::errc::length_mismatch, "length", r.position() - length_at);
}

void encode(wire::Writer& /*w*/, const ConfigUpdateAns& /*v*/, const CodecContext& /*ctx*/) {}

// An empty body is always a whole message body, so checking the end here names the structure in
// the error rather than leaving it to decode_as.
void decode(wire::Reader& r, ConfigUpdateAns& /*out*/, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ConfigUpdateAns");
  r.expect_end("ConfigUpdateAns");
}

}  // namespace disco::reload::msg
