#include "libcommon/reload/msg/message_contents.hpp"

#include "libcommon/reload/msg/errc.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const MessageExtension& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("MessageExtension");
  if (v.type == 0) w.fail(wire::errc::invalid_value, "type");
  w.u16(v.type);
  w.boolean(v.critical);
  w.opaque(4, v.extension_contents, "extension_contents");
}

void decode(wire::Reader& r, MessageExtension& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("MessageExtension");
  out.type = r.u16("type");
  if (r.ok() && out.type == 0) r.fail(wire::errc::invalid_value, "type", 2);
  out.critical = r.boolean("critical");
  auto c = r.opaque(4, "extension_contents");
  out.extension_contents.assign(c.begin(), c.end());
}

void encode(wire::Writer& w, const MessageContents& v, const CodecContext& ctx) {
  auto scope = w.enter("MessageContents");
  const auto code = static_cast<std::uint16_t>(v.message_code);
  if (!is_known_message_code(code)) w.fail(errc::unknown_message_code, "message_code");
  w.u16(code);
  w.opaque(4, v.message_body, "message_body");
  w.prefixed(4, "extensions", [&] {
    for (const auto& e : v.extensions) encode(w, e, ctx);
  });
}

void decode(wire::Reader& r, MessageContents& out, const CodecContext& ctx) {
  auto scope = r.enter("MessageContents");
  const auto code = r.u16("message_code");
  if (r.ok() && !is_known_message_code(code)) {
    r.fail(errc::unknown_message_code, "message_code", 2);
    return;
  }
  out.message_code = static_cast<MessageCode>(code);
  auto body = r.opaque(4, "message_body");
  out.message_body.assign(body.begin(), body.end());
  r.list(4, "extensions", [&](wire::Reader& item) {
    MessageExtension e;
    decode(item, e, ctx);
    if (item.ok()) out.extensions.push_back(std::move(e));
  });
}

}  // namespace disco::reload::msg
