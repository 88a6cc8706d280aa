#include "libcommon/reload/msg/forwarding_header.hpp"

#include "libcommon/reload/msg/errc.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const ForwardingOption& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("ForwardingOption");
  if (v.type == 0) w.fail(wire::errc::invalid_value, "type");
  w.u8(v.type);
  w.u8(v.flags);
  w.opaque(2, v.value, "length");
}

void decode(wire::Reader& r, ForwardingOption& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ForwardingOption");
  out.type = r.u8("type");
  if (r.ok() && out.type == 0) r.fail(wire::errc::invalid_value, "type", 1);
  out.flags = r.u8("flags");
  auto value = r.opaque(2, "length");
  out.value.assign(value.begin(), value.end());
}

void encode(wire::Writer& w, const ForwardingHeader& v, const CodecContext& ctx) {
  auto scope = w.enter("ForwardingHeader");
  w.u32(relo_token);
  w.u32(v.overlay);
  w.u16(v.configuration_sequence);
  w.u8(v.version);
  w.u8(v.ttl);
  w.u32(v.fragment);
  w.u32(v.length);
  w.u64(v.transaction_id);
  w.u32(v.max_response_length);
  // The three list lengths precede all three lists ("not adjacent to the value, on purpose").
  const std::size_t via_len = w.placeholder(2);
  const std::size_t dest_len = w.placeholder(2);
  const std::size_t opt_len = w.placeholder(2);
  auto list_bytes = [&](std::size_t at, std::string_view field, auto&& body) {
    const std::size_t start = w.size();
    body();
    const std::size_t n = w.size() - start;
    if (n > 0xffff) {
      w.fail(wire::errc::value_too_long, field);
      return;
    }
    w.patch_u16(at, static_cast<std::uint16_t>(n));
  };
  list_bytes(via_len, "via_list_length", [&] {
    for (const auto& d : v.via_list) encode(w, d, ctx);
  });
  list_bytes(dest_len, "destination_list_length", [&] {
    for (const auto& d : v.destination_list) encode(w, d, ctx);
  });
  list_bytes(opt_len, "options_length", [&] {
    for (const auto& o : v.options) encode(w, o, ctx);
  });
}

void decode(wire::Reader& r, ForwardingHeader& out, const CodecContext& ctx) {
  auto scope = r.enter("ForwardingHeader");
  if (r.u32("relo_token") != relo_token && r.ok()) {
    r.fail(errc::bad_token, "relo_token", 4);
    return;
  }
  out.overlay = r.u32("overlay");
  out.configuration_sequence = r.u16("configuration_sequence");
  out.version = r.u8("version");
  if (r.ok() && out.version != reload_version) {
    r.fail(errc::unsupported_version, "version", 1);
    return;
  }
  out.ttl = r.u8("ttl");
  out.fragment = r.u32("fragment");
  if (r.ok() && (out.fragment & fragment_high_bit) == 0) {
    r.fail(errc::fragment_bit_clear, "fragment", 4);
    return;
  }
  out.length = r.u32("length");
  if (r.ok() && out.length > r.limits().max_message_size) {
    r.fail(errc::message_too_large, "length", 4);
    return;
  }
  out.transaction_id = r.u64("transaction_id");
  out.max_response_length = r.u32("max_response_length");
  const auto via_len = r.u16("via_list_length");
  const auto dest_len = r.u16("destination_list_length");
  const auto opt_len = r.u16("options_length");
  auto destinations = [&](std::vector<Destination>& list) {
    return [&](wire::Reader& item) {
      Destination d;
      decode(item, d, ctx);
      if (item.ok()) list.push_back(std::move(d));
    };
  };
  r.list_fixed(via_len, "via_list", destinations(out.via_list));
  r.list_fixed(dest_len, "destination_list", destinations(out.destination_list));
  r.list_fixed(opt_len, "options", [&](wire::Reader& item) {
    ForwardingOption o;
    decode(item, o, ctx);
    if (item.ok()) out.options.push_back(std::move(o));
  });
}

}  // namespace disco::reload::msg
