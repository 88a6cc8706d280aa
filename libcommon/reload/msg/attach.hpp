#pragma once
// Attach (RFC 6940 s6.5.1.1): IceCandidate and AttachReqAns. AppAttach (app_attach.hpp) reuses
// IceCandidate.

#include <cstdint>
#include <optional>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/common.hpp"

namespace disco::reload::msg {

// IANA "RELOAD Overlay Link Registry" (s14.10). New link types may be registered (s6.5.1.1) and the
// value does not change the candidate's layout, so one this code does not know still decodes and
// is kept; choosing among candidates is the ICE layer's job. Only invalid (0) is rejected.
enum class OverlayLinkType : std::uint8_t {
  invalid = 0,
  dtls_udp_sr = 1,
  dtls_udp_sr_no_ice = 3,
  tls_tcp_fh_no_ice = 4,
  exp_link = 5,
};

// s6.5.1.11: *-NO-ICE link types (the only ones RFC 6940 defines as such).
bool is_no_ice(OverlayLinkType t);

// RESERVED(3) (the former prflx) is not defined, so like any other unknown value it is
// wire::errc::unknown_type: the select has no length to step over it.
enum class CandType : std::uint8_t { invalid = 0, host = 1, srflx = 2, relay = 4 };

struct IceExtension {
  base::Bytes name;
  base::Bytes value;
  friend bool operator==(const IceExtension&, const IceExtension&) = default;
};

// The component ID is left out: there is only one component, always 1 (s6.5.1.1).
struct IceCandidate {
  IpAddressPort addr_port;
  OverlayLinkType overlay_link = OverlayLinkType::dtls_udp_sr;
  base::Bytes foundation;
  std::uint32_t priority = 0;
  CandType type = CandType::host;
  // Present exactly when type is srflx or relay; anything else cannot be encoded (invalid_value).
  std::optional<IpAddressPort> rel_addr_port;
  std::vector<IceExtension> extensions;
  friend bool operator==(const IceCandidate&, const IceCandidate&) = default;
};

// One struct for both attach_req and attach_ans, as in the RFC. role is "passive" from the offerer
// (request) and "active" from the answerer; that, and not mixing ICE with No-ICE candidates, is
// for the Attach logic to enforce, not the codec.
struct AttachReqAns {
  base::Bytes ufrag;
  base::Bytes password;
  base::Bytes role;
  std::vector<IceCandidate> candidates;
  bool send_update = false;
  friend bool operator==(const AttachReqAns&, const AttachReqAns&) = default;
};

void encode(wire::Writer& w, const IceExtension& v, const CodecContext& ctx);
void decode(wire::Reader& r, IceExtension& out, const CodecContext& ctx);
void encode(wire::Writer& w, const IceCandidate& v, const CodecContext& ctx);
// CandType 0 is invalid_value, other undefined CandTypes unknown_type; overlay_link 0 is
// invalid_value.
void decode(wire::Reader& r, IceCandidate& out, const CodecContext& ctx);
void encode(wire::Writer& w, const AttachReqAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, AttachReqAns& out, const CodecContext& ctx);

// The candidate lists of Attach and AppAttach: IceCandidate candidates<0..2^16-1>.
void encode_candidates(wire::Writer& w, const std::vector<IceCandidate>& v, const CodecContext& ctx);
void decode_candidates(wire::Reader& r, std::vector<IceCandidate>& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
