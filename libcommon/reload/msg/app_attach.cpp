#include "libcommon/reload/msg/app_attach.hpp"

#include <string_view>

namespace disco::reload::msg {

namespace {

template <class T>
void encode_app_attach(wire::Writer& w, const T& v, std::string_view structure, const CodecContext& ctx) {
  auto scope = w.enter(structure);
  w.opaque(1, v.ufrag, "ufrag");
  w.opaque(1, v.password, "password");
  w.u16(v.application);
  w.opaque(1, v.role, "role");
  encode_candidates(w, v.candidates, ctx);
}

template <class T>
void decode_app_attach(wire::Reader& r, T& out, std::string_view structure, const CodecContext& ctx) {
  auto scope = r.enter(structure);
  auto ufrag = r.opaque(1, "ufrag");
  out.ufrag.assign(ufrag.begin(), ufrag.end());
  auto password = r.opaque(1, "password");
  out.password.assign(password.begin(), password.end());
  out.application = r.u16("application");
  auto role = r.opaque(1, "role");
  out.role.assign(role.begin(), role.end());
  decode_candidates(r, out.candidates, ctx);
}

}  // namespace

void encode(wire::Writer& w, const AppAttachReq& v, const CodecContext& ctx) {
  encode_app_attach(w, v, "AppAttachReq", ctx);
}
void decode(wire::Reader& r, AppAttachReq& out, const CodecContext& ctx) {
  decode_app_attach(r, out, "AppAttachReq", ctx);
}
void encode(wire::Writer& w, const AppAttachAns& v, const CodecContext& ctx) {
  encode_app_attach(w, v, "AppAttachAns", ctx);
}
void decode(wire::Reader& r, AppAttachAns& out, const CodecContext& ctx) {
  decode_app_attach(r, out, "AppAttachAns", ctx);
}

}  // namespace disco::reload::msg
