#include "libcommon/reload/msg/probe.hpp"

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

namespace {
// Every type s6.4.2.5.2 defines is a uint32.
constexpr std::uint8_t known_value_length = 4;

bool is_known(std::uint8_t type) {
  return type >= static_cast<std::uint8_t>(ProbeInformationType::responsible_set) &&
         type <= static_cast<std::uint8_t>(ProbeInformationType::uptime);
}
}  // namespace

ProbeInformationType ProbeInformation::type() const {
  return std::visit(base::overloaded{
                        [](const ResponsibleSet&) { return ProbeInformationType::responsible_set; },
                        [](const NumResources&) { return ProbeInformationType::num_resources; },
                        [](const Uptime&) { return ProbeInformationType::uptime; },
                        [](const UnknownProbeInformation& u) { return static_cast<ProbeInformationType>(u.type); },
                    },
                    value);
}

void encode(wire::Writer& w, const ProbeReq& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("ProbeReq");
  w.prefixed(1, "requested_info", [&] {
    for (auto t : v.requested_info) {
      if (t == ProbeInformationType::invalid) w.fail(wire::errc::invalid_value, "requested_info");
      w.u8(static_cast<std::uint8_t>(t));
    }
  });
}

void decode(wire::Reader& r, ProbeReq& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ProbeReq");
  r.list(1, "requested_info", [&](wire::Reader& item) {
    const auto t = item.u8("requested_info");
    if (item.ok() && t == 0) item.fail(wire::errc::invalid_value, "requested_info", 1);
    if (item.ok()) out.requested_info.push_back(static_cast<ProbeInformationType>(t));
  });
}

void encode(wire::Writer& w, const ProbeInformation& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("ProbeInformation");
  auto known = [&](ProbeInformationType type, std::uint32_t value) {
    w.u8(static_cast<std::uint8_t>(type));
    w.u8(known_value_length);
    w.u32(value);
  };
  std::visit(base::overloaded{
                 [&](const ResponsibleSet& s) { known(ProbeInformationType::responsible_set, s.responsible_ppb); },
                 [&](const NumResources& n) { known(ProbeInformationType::num_resources, n.num_resources); },
                 [&](const Uptime& u) { known(ProbeInformationType::uptime, u.uptime); },
                 [&](const UnknownProbeInformation& u) {
                   // A known type spelled as unknown would not decode back to the same value.
                   if (u.type == 0 || is_known(u.type)) w.fail(wire::errc::invalid_value, "type");
                   w.u8(u.type);
                   w.opaque(1, u.value, "length");
                 },
             },
             v.value);
}

void decode(wire::Reader& r, ProbeInformation& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ProbeInformation");
  const auto type = r.u8("type");
  if (r.ok() && type == 0) {
    r.fail(wire::errc::invalid_value, "type", 1);
    return;
  }
  if (!is_known(type)) {
    auto v = r.opaque(1, "length");
    if (r.ok()) out.value = UnknownProbeInformation{type, {v.begin(), v.end()}};
    return;
  }
  // The defined types have a fixed size, so a different length is not a longer or shorter value
  // but a broken entry (s6.4.2.5.2 extends by new types, not by growing old ones).
  const auto length = r.u8("length");
  if (r.ok() && length != known_value_length) {
    r.fail(wire::errc::length_mismatch, "length", 1);
    return;
  }
  const auto value = r.u32("value");
  switch (static_cast<ProbeInformationType>(type)) {
    case ProbeInformationType::responsible_set: out.value = ResponsibleSet{value}; break;
    case ProbeInformationType::num_resources: out.value = NumResources{value}; break;
    default: out.value = Uptime{value}; break;
  }
}

void encode(wire::Writer& w, const ProbeAns& v, const CodecContext& ctx) {
  auto scope = w.enter("ProbeAns");
  w.prefixed(2, "probe_info", [&] {
    for (const auto& i : v.probe_info) encode(w, i, ctx);
  });
}

void decode(wire::Reader& r, ProbeAns& out, const CodecContext& ctx) {
  auto scope = r.enter("ProbeAns");
  r.list(2, "probe_info", [&](wire::Reader& item) {
    ProbeInformation i;
    decode(item, i, ctx);
    if (item.ok()) out.probe_info.push_back(std::move(i));
  });
}

}  // namespace disco::reload::msg
