#pragma once
// AppAttach (RFC 6940 s6.5.2): AppAttachReq and AppAttachAns. Unlike AttachReqAns, application
// comes before role and there is no send_update.

#include <cstdint>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/attach.hpp"

namespace disco::reload::msg {

// Application-IDs (s14.5) this code names; the field stays a plain uint16 so any registered or
// future ID round-trips (an unsupported one is Error_Not_Found, a decision above the codec).
namespace application_id {
inline constexpr std::uint16_t invalid = 0, sip = 5060, sips = 5061, reserved = 0xffff;
}

// The RFC defines two structs with the same fields; they stay two types so a request cannot be
// sent where an answer is expected.
struct AppAttachReq {
  base::Bytes ufrag;
  base::Bytes password;
  std::uint16_t application = application_id::sip;
  base::Bytes role;
  std::vector<IceCandidate> candidates;
  friend bool operator==(const AppAttachReq&, const AppAttachReq&) = default;
};

struct AppAttachAns {
  base::Bytes ufrag;
  base::Bytes password;
  std::uint16_t application = application_id::sip;
  base::Bytes role;
  std::vector<IceCandidate> candidates;
  friend bool operator==(const AppAttachAns&, const AppAttachAns&) = default;
};

void encode(wire::Writer& w, const AppAttachReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, AppAttachReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const AppAttachAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, AppAttachAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
